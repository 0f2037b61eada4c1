import { openDb } from '../../src/lib/server/db/client.ts';
import { readConfig } from '../../src/lib/server/config.ts';

export async function migrateCommand(_argv: string[]): Promise<number> {
	const url = readConfig().databaseUrl;
	const handle = await openDb(url);
	await handle.close();
	process.stdout.write(`Migrations applied (${handle.kind}).\n`);
	return 0;
}

import { openDb } from '../../src/lib/server/db/client.ts';
import { purgeUnconfirmed } from '../../src/lib/server/app/ideas.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget cleanup
  Deletes ideas handed in without an account whose confirmation links all expired unused (after 7 days),
  with their images and contact address; each deletion is written to the audit log. Safe to run at any
  time and repeatedly (e.g. daily from cron).
`;

export async function cleanupCommand(argv: string[]): Promise<number> {
	if (argv.length > 0) {
		process.stderr.write(USAGE);
		return 2;
	}
	const config = readConfig();
	const handle = await openDb(config.databaseUrl);
	try {
		const r = await purgeUnconfirmed(handle.db, new Date());
		process.stdout.write(`unconfirmed ideas deleted: ${r.deleted}\n`);
		return 0;
	} finally {
		await handle.close();
	}
}

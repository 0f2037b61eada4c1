import { openDb } from '../../src/lib/server/db/client.ts';
import { sendDigest } from '../../src/lib/server/app/office.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget digest [--day YYYY-MM-DD]
  Queues the daily digest of new ideas for case workers and district admins (default: yesterday, Berlin
  time). Idempotent: a day already sent is not sent again. The running app server sends queued mails.
`;

export async function digestCommand(argv: string[]): Promise<number> {
	const at = argv.indexOf('--day');
	const day = at >= 0 ? argv[at + 1] : undefined;
	if ((at >= 0 && (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day))) || argv.some((a) => a.startsWith('--') && a !== '--day')) {
		process.stderr.write(USAGE);
		return 2;
	}
	const config = readConfig();
	const handle = await openDb(config.databaseUrl);
	try {
		const results = await sendDigest({ db: handle.db, origin: config.origin, secret: config.authSecret }, new Date(), day);
		for (const r of results) process.stdout.write(`${r.district}: ${r.result} (${r.ideas} new ideas, ${r.recipients} recipients)\n`);
		return 0;
	} finally {
		await handle.close();
	}
}

import { openDb } from '../../src/lib/server/db/client.ts';
import { notify } from '../../src/lib/server/app/follow.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget notify
  Queues the mails for people who follow rounds, ideas, regions or organisations: immediate mails for the
  last two days' events, yesterday's daily and last week's weekly digests. Each mail goes out once, however
  often and from however many places this runs (the app server runs it every 30 seconds). The running app
  server sends queued mails.
`;

export async function notifyCommand(argv: string[]): Promise<number> {
	if (argv.length > 0) {
		process.stderr.write(USAGE);
		return 2;
	}
	const config = readConfig();
	const handle = await openDb(config.databaseUrl);
	try {
		const r = await notify({ db: handle.db, origin: config.origin, secret: config.authSecret }, new Date());
		process.stdout.write(`queued: ${r.immediate} immediate, ${r.daily} daily, ${r.weekly} weekly\n`);
		return 0;
	} finally {
		await handle.close();
	}
}

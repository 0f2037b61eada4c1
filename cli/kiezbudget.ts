#!/usr/bin/env node
/**
 * `kiezbudget <command>` — the command line. Each command lives in cli/commands/ and returns an exit
 * code: 0 ok, 1 the operation failed, 2 bad usage or input, 3 the election/data file is broken.
 */
const USAGE = `kiezbudget <command> [options]

Commands:
  migrate                       apply database migrations (DATABASE_URL or PGLITE_DIR, default data/pglite)
  seed --demo                   load the Treptow-Köpenick demo data (idempotent)
  seed --admin-email ADDRESS    production: create the first platform admin and print a link to set a password
  tally FILE.pb [options]       compute a participatory-budgeting result; --verify RESULT.json recounts a published one
  import ideas FILE --round SLUG [--dry-run]   import ideas from CSV or XLSX (e.g. a mein.berlin export)
  import population FILE --date YYYY-MM-DD     store a newer population register file with its date
  digest [--day YYYY-MM-DD]     queue the daily digest of new ideas for staff (idempotent per day)
  notify                        queue follow notifications: immediate, daily and weekly digests (each once)
  cleanup                       delete ideas whose address was never confirmed, once their links expired
  settlement reminders          queue settlement deadline and year-end reminders (each once)
  settlement retention [--contact-days N] [--receipt-days N]   erase contact data and receipt files after closing
  keys rotate                   re-encrypt bank details with KIEZBUDGET_DATA_KEY (old key in KIEZBUDGET_DATA_KEY_OLD)
`;

const [command, ...args] = process.argv.slice(2);

async function run(): Promise<number> {
	switch (command) {
		case 'migrate':
			return (await import('./commands/migrate.ts')).migrateCommand(args);
		case 'seed':
			return (await import('./commands/seed.ts')).seedCommand(args);
		case 'import':
			return (await import('./commands/import.ts')).importCommand(args);
		case 'digest':
			return (await import('./commands/digest.ts')).digestCommand(args);
		case 'notify':
			return (await import('./commands/notify.ts')).notifyCommand(args);
		case 'cleanup':
			return (await import('./commands/cleanup.ts')).cleanupCommand(args);
		case 'settlement':
			return (await import('./commands/settlement.ts')).settlementCommand(args);
		case 'keys':
			return (await import('./commands/keys.ts')).keysCommand(args);
		case 'tally':
			return (await import('./commands/tally.ts')).tallyCommand(args);
		case undefined:
		case '-h':
		case '--help':
		case 'help':
			process.stdout.write(USAGE);
			return command === undefined ? 2 : 0;
		default:
			process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
			return 2;
	}
}

run().then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`kiezbudget: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 1;
	}
);

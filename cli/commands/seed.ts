import { openDb } from '../../src/lib/server/db/client.ts';
import { seedAdmin, seedDemo } from '../../src/lib/server/app/seed.ts';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget seed --demo | --admin-email ADDRESS [--year YYYY]
  --demo               Treptow-Köpenick demo data and one demo account per role (idempotent)
  --admin-email ADDR   production: create the first platform admin; prints its password once
`;

export async function seedCommand(argv: string[]): Promise<number> {
	const demo = argv.includes('--demo');
	const emailAt = argv.indexOf('--admin-email');
	const email = emailAt >= 0 ? argv[emailAt + 1] : undefined;
	const yearAt = argv.indexOf('--year');
	const year = yearAt >= 0 ? Number(argv[yearAt + 1]) : undefined;
	if ((!demo && !email) || (emailAt >= 0 && !email) || (year !== undefined && !Number.isInteger(year))) {
		process.stderr.write(USAGE);
		return 2;
	}
	if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
		process.stderr.write(`"${email}" is not an e-mail address.\n`);
		return 2;
	}
	const handle = await openDb(readConfig().databaseUrl);
	try {
		if (demo) {
			const s = await seedDemo(handle.db, { now: new Date(), year });
			process.stdout.write(
				`Demo data for ${s.year}: ${s.regions} regions, ${s.rounds} new rounds, ${s.proposals} new proposals, ${s.users} new accounts.\n`
			);
			for (const l of DEMO_LOGINS) process.stdout.write(`  ${l.role.padEnd(16)} ${l.email}  ${l.password}\n`);
		}
		if (email) {
			const r = await seedAdmin(handle.db, email.toLowerCase(), new Date());
			process.stdout.write(
				r.created
					? `Created platform admin ${email}. Password (shown only now, change it after signing in): ${r.password}\n`
					: `An account for ${email} exists already; nothing changed.\n`
			);
		}
		return 0;
	} finally {
		await handle.close();
	}
}

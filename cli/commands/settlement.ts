import { openDb } from '../../src/lib/server/db/client.ts';
import { createSettlement } from '../../src/lib/server/app/settlement.ts';
import { DEFAULT_RETENTION } from '../../src/lib/core/ledger/settlement.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget settlement reminders
  Queues the reminder mails of open settlements: before the settlement deadline (14 days), once it is
  missed, and before the end of the budget year (30 days). Idempotent: each reminder is sent once per
  settlement. The running app server sends queued mails. Run it daily (cron / systemd timer).

kiezbudget settlement retention [--contact-days N] [--receipt-days N]
  Erases personal data of closed settlements: the contact address N days after closing (default ${DEFAULT_RETENTION.contactDays},
  env KIEZBUDGET_RETENTION_CONTACT_DAYS) and the receipt files N days after closing (default ${DEFAULT_RETENTION.receiptDays} =
  five years, ANBest-P 6.9; env KIEZBUDGET_RETENTION_RECEIPT_DAYS). Each erasure is written to the audit log.
`;

function days(argv: string[], flag: string, env: string | undefined, fallback: number): number | null {
	const at = argv.indexOf(flag);
	const raw = at >= 0 ? argv[at + 1] : env;
	if (raw === undefined || raw === '') return fallback;
	return /^\d{1,6}$/.test(raw) ? Number(raw) : null;
}

export async function settlementCommand(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub !== 'reminders' && sub !== 'retention') {
		process.stderr.write(USAGE);
		return 2;
	}
	const known = sub === 'retention' ? ['--contact-days', '--receipt-days'] : [];
	if (rest.some((a) => a.startsWith('--') && !known.includes(a))) {
		process.stderr.write(USAGE);
		return 2;
	}
	const contactDays = days(rest, '--contact-days', process.env.KIEZBUDGET_RETENTION_CONTACT_DAYS, DEFAULT_RETENTION.contactDays);
	const receiptDays = days(rest, '--receipt-days', process.env.KIEZBUDGET_RETENTION_RECEIPT_DAYS, DEFAULT_RETENTION.receiptDays);
	if (contactDays === null || receiptDays === null) {
		process.stderr.write(USAGE);
		return 2;
	}
	const config = readConfig();
	const handle = await openDb(config.databaseUrl);
	try {
		const svc = createSettlement({ db: handle.db, origin: config.origin });
		if (sub === 'reminders') {
			const r = await svc.sendReminders();
			process.stdout.write(`reminders queued: ${r.sent}, already sent: ${r.skipped}\n`);
		} else {
			const r = await svc.runRetention({ contactDays, receiptDays });
			process.stdout.write(`settlements: ${r.settlements}, contact data erased: ${r.contact}, receipt files erased: ${r.receiptFiles}\n`);
		}
		return 0;
	} finally {
		await handle.close();
	}
}

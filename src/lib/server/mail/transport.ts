import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string; headers?: Record<string, string> };

export type MailTransport = { send(mail: Mail, from: string): Promise<void>; close(): void };

/**
 * Real SMTP when SMTP_URL is set (production, and the end-to-end tests, which run an SMTP server);
 * otherwise development mails are written to a local folder and listed at /dev/mail, so a newcomer can
 * follow a verification link without a mail server (issue 2).
 */
export function createTransport(opts: { smtpUrl: string | undefined; mailDir: string }): MailTransport {
	if (opts.smtpUrl) {
		const t = nodemailer.createTransport(opts.smtpUrl);
		return {
			async send(mail, from) {
				await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers });
			},
			close: () => t.close()
		};
	}
	const dir = opts.mailDir;
	return {
		async send(mail, from) {
			mkdirSync(dir, { recursive: true });
			const at = new Date().toISOString();
			const name = `${at.replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.json`;
			writeFileSync(join(dir, name), JSON.stringify({ at, from, ...mail }, null, 2));
		},
		close() {}
	};
}

export type StoredMail = Mail & { at: string; from: string };

/** The newest development mails first (for /dev/mail). */
export function listDevMails(dir: string, limit = 50): StoredMail[] {
	let names: string[];
	try {
		names = readdirSync(dir).filter((n) => n.endsWith('.json'));
	} catch {
		return [];
	}
	return names
		.sort()
		.reverse()
		.slice(0, limit)
		.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as StoredMail);
}

import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/lib/server/auth/auth.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { OutboxWorker } from '../../src/lib/server/mail/outbox-worker.ts';
import { createTransport, type Mail } from '../../src/lib/server/mail/transport.ts';
import { claimOutbox, enqueueOutbox, failOutbox, finishOutbox } from '../../src/lib/server/db/repositories/outbox.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { BACKENDS, openTestDb } from '../setup/test-db.ts';

const ORIGIN = 'http://127.0.0.1:4999';

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp() {
	const received: { to: string; body: string }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, cb) {
			let body = '';
			stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
				cb();
			});
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.server.address() as { port: number }).port;
	return { received, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function decodeQuotedPrintable(s: string): string {
	return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe.each(BACKENDS)('accounts and mail on %s', (backend) => {
	let h: DbHandle;
	let smtp: Awaited<ReturnType<typeof startSmtp>>;
	let worker: OutboxWorker;
	let auth: ReturnType<typeof createAuth>;

	beforeAll(async () => {
		h = await openTestDb(backend);
		smtp = await startSmtp();
		const config = { ...readConfig({ ORIGIN, NODE_ENV: 'test' }), smtpUrl: `smtp://127.0.0.1:${smtp.port}` };
		const transport = createTransport({ smtpUrl: config.smtpUrl, mailDir: '/nonexistent' });
		worker = new OutboxWorker({
			claim: (n) => claimOutbox(h.db, n, new Date()),
			finish: (id) => finishOutbox(h.db, id, new Date()),
			fail: (id, m, at) => failOutbox(h.db, id, m, at),
			send: (mail) => transport.send(mail, config.mailFrom)
		});
		auth = createAuth({
			db: h.db,
			config,
			enqueueMail: async (mail: Mail) => {
				await enqueueOutbox(h.db, { kind: 'mail', payload: mail }, new Date());
				worker.kick();
			}
		});
	});
	afterAll(async () => {
		await worker.stop();
		await smtp.close();
		await h.close();
	});

	const call = (path: string, body?: unknown, ip = '10.0.0.1') =>
		auth.handler(
			new Request(`${ORIGIN}/api/auth${path}`, {
				method: body ? 'POST' : 'GET',
				headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-kiezbudget-client-ip': ip },
				body: body ? JSON.stringify(body) : undefined
			})
		);

	it('signs up, sends the confirmation over SMTP, verifies by the link, then signs in', async () => {
		const up = await call('/sign-up/email', { email: 'ada@example.org', password: 'lang-genug-123', name: 'Ada', pseudonym: 'Ada' });
		expect(up.status).toBe(200);
		// Unverified: sign-in refused.
		const early = await call('/sign-in/email', { email: 'ada@example.org', password: 'lang-genug-123' });
		expect(early.status).toBe(403);
		await worker.idle();
		const mail = smtp.received.find((m) => m.to === 'ada@example.org');
		expect(mail).toBeDefined();
		const text = decodeQuotedPrintable(mail!.body);
		const link = /http:\/\/127\.0\.0\.1:4999\/konto\/bestaetigen\?token=([^\s]+)/.exec(text);
		expect(link).not.toBeNull();
		const verify = await call(`/verify-email?token=${link![1]}`);
		expect(verify.status).toBeLessThan(400);
		const inn = await call('/sign-in/email', { email: 'ada@example.org', password: 'lang-genug-123' }, '10.0.0.2');
		expect(inn.status).toBe(200);
		expect(inn.headers.get('set-cookie')).toMatch(/better-auth\.session_token=/);
		// Passwords are stored as argon2id hashes.
		const rows = await h.db.execute((await import('drizzle-orm')).sql`SELECT password FROM account WHERE provider_id = 'credential'`);
		const list = (Array.isArray(rows) ? rows : (rows as { rows: { password: string }[] }).rows) as { password: string }[];
		expect(list.some((r) => r.password.startsWith('$argon2id$'))).toBe(true);
	});

	it('refuses a wrong password and rate-limits repeated sign-in attempts from one address', async () => {
		const codes: number[] = [];
		for (let i = 0; i < 7; i++) codes.push((await call('/sign-in/email', { email: 'ada@example.org', password: 'falsch-falsch' }, '10.9.9.9')).status);
		expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
		expect(codes.slice(5)).toEqual([429, 429]);
		// Another address is not locked out by this (ASVS 6.1.1: no malicious lockout).
		expect((await call('/sign-in/email', { email: 'ada@example.org', password: 'lang-genug-123' }, '10.9.9.10')).status).toBe(200);
	});
});

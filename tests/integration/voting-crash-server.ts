/**
 * A minimal app server for the crash test (voting-crash.test.ts): the real use cases over HTTP on the given
 * database — an online cast (a ticket), a kiosk cast (the device's token) or a paper entry (a staff actor) —
 * answering 200 only after the transaction committed. Started and SIGKILLed by the test.
 */
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { createServer } from 'node:http';
import { openDb } from '../../src/lib/server/db/client.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';

const [url, secret, slug, nowIso] = process.argv.slice(2) as [string, string, string, string];
const handle = await openDb(url);
const voting = createVoting(handle.db, voteSecrets(secret), () => new Date(nowIso));
const server = createServer((req, res) => {
	let body = '';
	req.on('data', (c: Buffer) => (body += c.toString()));
	req.on('end', () => {
		const req = JSON.parse(body) as { op?: 'cast' | 'kiosk' | 'paper'; ticket?: string; token?: string; actor?: Actor; fields: Record<string, string> };
		const form = new FormData();
		for (const [k, v] of Object.entries(req.fields)) form.set(k, v);
		const run =
			req.op === 'kiosk'
				? voting.kioskCast(slug, req.token, form)
				: req.op === 'paper'
					? voting.enterPaper(req.actor ?? null, slug, form)
					: voting.cast(slug, { ticket: req.ticket ?? '' }, form);
		(run as Promise<{ kind: string }>).then(
			(r) => {
				res.writeHead(r.kind === 'ok' ? 200 : 409, { 'content-type': 'application/json' });
				res.end(JSON.stringify(r));
			},
			(e: unknown) => {
				res.writeHead(500);
				res.end(String(e));
			}
		);
	});
});
server.listen(0, '127.0.0.1', () => {
	const a = server.address();
	process.stdout.write(`LISTENING ${typeof a === 'object' && a ? a.port : 0}\n`);
});

/**
 * `node bench/voting/channels.ts` — kiosk ballots and paper entries per second with p50/p99 latency (issue 5),
 * on PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL. Prints figures, asserts
 * nothing.
 *
 * It calls the use cases in-process (no HTTP: the online bench, run.ts, measures the server around them):
 * - kiosk: K devices at once, each in a loop "staff unlock (ID seen) → voter casts", i.e. two transactions
 *   per ballot, as at a row of kiosks in a busy office;
 * - paper: C clerks at once typing in numbered ballots; each ballot is entered twice (first and second
 *   entry by different people), and the second one counts it.
 * The round lets everyone vote (as in the register tests) so a kiosk unlock needs no code check; the cost of
 * checking a printed code (argon2id, ~21 ms) is code entry's, measured by run.ts.
 *
 *   node bench/voting/channels.ts [--seconds 10]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDb, type DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { programme } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const LEVELS = [10, 50];
const ROUND = `stadtteilbudget-${new Date().getUTCFullYear()}-altstadt-kietz`;

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

/** Runs `workers` loops of `step` for SECONDS; each step's time is one latency sample. */
async function load(workers: number, step: (worker: number) => Promise<void>) {
	const lat: number[] = [];
	const end = performance.now() + SECONDS * 1000;
	const start = performance.now();
	await Promise.all(
		Array.from({ length: workers }, async (_, w) => {
			while (performance.now() < end) {
				const t = performance.now();
				await step(w);
				lat.push(performance.now() - t);
			}
		})
	);
	const secs = (performance.now() - start) / 1000;
	return { perSecond: lat.length / secs, p50: pct(lat, 50), p99: pct(lat, 99), n: lat.length };
}

async function staff(h: DbHandle, now: Date): Promise<Actor> {
	const id = randomUUID();
	await ensureUserWithPassword(h.db, { id, email: `bench-${id}@example.org`, pseudonym: `bench ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }] }, now);
	return { userId: id, emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '09' } }] };
}

type Row = { backend: string; channel: string; workers: number; perSecond: number; p50: number; p99: number; n: number };

async function bench(label: string, url: string, rows: Row[]) {
	const h = await openDb(url);
	h.pool?.on('error', () => {});
	const now = new Date();
	await seedDemo(h.db, { now });
	await h.db.update(programme).set({ rules: sql`jsonb_set(${programme.rules}, '{whoMayVote}', '"everyone"')` }).where(eq(programme.slug, 'stadtteilbudget'));
	const v = createVoting(h.db, voteSecrets(randomBytes(32).toString('base64')), () => now);
	const s = await v.state(ROUND);
	if (s.kind !== 'open') throw new Error('the demo vote is not open');
	const [a, b] = s.config.projects;
	const choice = { [`p.${a!.id}`]: 'on', [`p.${b!.id}`]: 'on' };
	const clerks = [await staff(h, now), await staff(h, now)];

	for (const workers of LEVELS) {
		// Kiosk: one device per worker.
		const devices: { id: string; token: string }[] = [];
		for (let i = 0; i < workers; i++) {
			const label = `bench-${workers}-${i}`;
			const setup = await v.setupKiosk(clerks[0]!, ROUND, form({ label }));
			if (setup.kind !== 'ok') throw new Error('no kiosk');
			devices.push({ id: '', token: setup.token });
		}
		const admin = await v.kioskAdmin(clerks[0]!, ROUND);
		if (admin.kind !== 'ok') throw new Error('no kiosk admin');
		for (let i = 0; i < workers; i++) devices[i]!.id = admin.devices.find((d) => d.label === `bench-${workers}-${i}`)!.id;
		const kiosk = await load(workers, async (w) => {
			const d = devices[w]!;
			const u = await v.unlockKiosk(clerks[0]!, ROUND, form({ device: d.id, document: 'on' }));
			if (u.kind !== 'ok') throw new Error(`unlock: ${u.kind}`);
			const c = await v.kioskCast(ROUND, d.token, form(choice));
			if (c.kind !== 'ok') throw new Error(`kiosk cast: ${c.kind}`);
		});
		rows.push({ backend: label, channel: 'kiosk ballot (unlock + cast)', workers, ...kiosk });

		// Paper: each worker types its own numbered ballots, first and second entry by two clerks.
		const serial = new Map<number, number>();
		const paper = await load(workers, async (w) => {
			const n = (serial.get(w) ?? 0) + 1;
			serial.set(w, n);
			const no = String(workers * 1_000_000 + w * 10_000 + n);
			const first = await v.enterPaper(clerks[0]!, ROUND, form({ serial: no, ...choice }));
			if (first.kind !== 'ok' || first.outcome !== 'first') throw new Error(`first entry: ${JSON.stringify(first)}`);
			const second = await v.enterPaper(clerks[1]!, ROUND, form({ serial: no, ...choice }));
			if (second.kind !== 'ok' || second.outcome !== 'counted') throw new Error(`second entry: ${JSON.stringify(second)}`);
		});
		rows.push({ backend: label, channel: 'paper ballot (two entries)', workers, ...paper });
	}
	await h.close();
}

async function main() {
	const rows: Row[] = [];
	const dir = mkdtempSync(join(tmpdir(), 'kiezbudget-bench-channels-'));
	try {
		console.log('PGlite …');
		await bench('PGlite', join(dir, 'pglite'), rows);
		const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
		if (pgUrl) {
			const name = `kb_bench_${randomBytes(4).toString('hex')}`;
			const c = new pg.Client({ connectionString: pgUrl });
			await c.connect();
			await c.query(`CREATE DATABASE ${name}`);
			await c.end();
			const u = new URL(pgUrl);
			u.pathname = `/${name}`;
			try {
				console.log('PostgreSQL …');
				await bench('PostgreSQL', u.toString(), rows);
			} finally {
				const d = new pg.Client({ connectionString: pgUrl });
				await d.connect();
				await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await d.end();
			}
		} else console.log('(no BENCH_DATABASE_URL/TEST_DATABASE_URL: PostgreSQL rows skipped)');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`\n${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, ${SECONDS} s per row\n`);
	console.log('| Database | Channel | At once | Ballots/s | p50 ms | p99 ms | Ballots |');
	console.log('|---|---|---:|---:|---:|---:|---:|');
	for (const r of rows) console.log(`| ${r.backend} | ${r.channel} | ${r.workers} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.n} |`);
}

await main();

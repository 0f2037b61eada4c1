/**
 * `npm run bench:voting` — ballot submissions per second and p99 latency at 50 and 200 concurrent voters
 * (issue 5), on the built server with PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set,
 * PostgreSQL. Every request is a different voter: a ballot form post (the enhanced path, answered as JSON)
 * with its own ticket, so each one runs the whole cast transaction (register row, close check, code check,
 * ballot). Prints figures, asserts nothing.
 *
 * Setup shortcut, stated plainly: the voters' codes are inserted directly with a placeholder hash instead
 * of argon2id, because casting never reads the hash (code entry does, once per voter, ~21 ms — that cost
 * is code entry's, measured separately below with a few real codes) and hashing 30,000 codes would take
 * minutes. Tickets are signed with the server's secret exactly as code entry would sign them.
 *
 * Besides ballots/s it prints the server process's CPU time per ballot (from /proc, Linux), which varies less
 * with other work on the machine than throughput does.
 *
 *   node bench/voting/run.ts [--duration 10] [--only PostgreSQL|PGlite] [--no-build]
 *   BENCH_PROF=prof node bench/voting/run.ts   # also writes a CPU profile of the server (node --cpu-prof)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import autocannon from 'autocannon';
import { openDb } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';

type Histogram = { average: number; p50: number; p99: number };
type Result = { requests: Histogram; latency: Histogram; errors: number; non2xx: number; '2xx': number };
const cannon = autocannon as unknown as (o: Record<string, unknown>) => Promise<Result>;

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg('duration', 10);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
/** utime + stime of a process in ms (Linux /proc; null elsewhere). */
function cpuMs(pid: number | undefined): number | null {
	try {
		const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
	} catch {
		return null;
	}
}
const LEVELS = [50, 200];
const VOTERS = 40_000;
const ROUND = `stadtteilbudget-${new Date().getUTCFullYear()}-altstadt-kietz`;
const SECRET = randomBytes(32).toString('base64');
const work = mkdtempSync(join(tmpdir(), 'kiezbudget-bench-voting-'));

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});
}

async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
	const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : []), 'build'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, BETTER_AUTH_SECRET: SECRET, LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 480; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
		} catch {
			/* starting */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	child.kill('SIGKILL');
	throw new Error('the app did not start');
}

async function stop(child: ChildProcess) {
	const done = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await done;
}

/** Seeds, opens the vote and makes the voters; returns one form body per voter. */
async function prepare(url: string): Promise<{ bodies: string[]; count: () => Promise<number> }> {
	const h = await openDb(url);
	const now = new Date();
	await seedDemo(h.db, { now });
	const secrets = voteSecrets(SECRET);
	const v = createVoting(h.db, secrets, () => now);
	const s = await v.state(ROUND);
	if (s.kind !== 'open') throw new Error('the demo vote is not open');
	const batch = `bench-${randomBytes(4).toString('hex')}`;
	await h.db.execute(sql`INSERT INTO vote_code_batch (id, round_id, label, size, created_at) VALUES (gen_random_uuid(), ${s.roundId}, ${batch}, ${VOTERS}, now())`);
	await h.db.execute(
		sql`INSERT INTO vote_code (batch_id, round_id, lookup, hash) SELECT b.id, b.round_id, 'bench', 'placeholder' FROM vote_code_batch b, generate_series(1, ${VOTERS}) WHERE b.label = ${batch}`
	);
	const res = await h.db.execute(sql`SELECT c.id FROM vote_code c JOIN vote_code_batch b ON b.id = c.batch_id WHERE b.label = ${batch}`);
	const ids = ((Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { id: string }[]).map((r) => r.id);
	const [a, b] = s.config.projects;
	const bodies = ids.map((id) => new URLSearchParams({ ticket: secrets.ticket(s.roundId, `code:${id}`, now), [`p.${a!.id}`]: 'on', [`p.${b!.id}`]: 'on' }).toString());
	await h.close();
	return {
		bodies,
		count: async () => {
			const h2 = await openDb(url);
			const r = await h2.db.execute(sql`SELECT count(*)::int AS n FROM ballot`);
			await h2.close();
			return ((Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows) as { n: number }[])[0]!.n;
		}
	};
}

type Row = { server: string; voters: number; rps: number; p50: number; p99: number; ok: number; errors: number; cpu: number | null };

async function main() {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	console.log(`Building for ${origin} …`);
	if (!process.argv.includes('--no-build')) {
		const built = spawnSync('npm', ['run', '-s', 'build'], { env: { ...process.env, ORIGIN: origin }, stdio: 'ignore' });
		if (built.status !== 0) throw new Error('build failed');
	}
	const backends: [string, string, NodeJS.ProcessEnv][] = [['PGlite', join(work, 'pglite'), { PGLITE_DIR: join(work, 'pglite'), DATABASE_URL: '' }]];
	const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	let pgDb: string | null = null;
	if (pgUrl) {
		pgDb = `kb_bench_${randomBytes(4).toString('hex')}`;
		const c = new pg.Client({ connectionString: pgUrl });
		await c.connect();
		await c.query(`CREATE DATABASE ${pgDb}`);
		await c.end();
		const u = new URL(pgUrl);
		u.pathname = `/${pgDb}`;
		backends.push(['PostgreSQL', u.toString(), { DATABASE_URL: u.toString() }]);
	} else console.log('(no BENCH_DATABASE_URL/TEST_DATABASE_URL: PostgreSQL rows skipped)');

	const rows: Row[] = [];
	for (const [label, url, env] of backends.filter(([label]) => !only || label === only)) {
		console.log(`Preparing ${VOTERS} voters on ${label} …`);
		const { bodies, count } = await prepare(url);
		const app = await startApp(port, env);
		let next = 0;
		let sent = 0;
		for (const connections of [5, ...LEVELS]) {
			const warm = connections === 5;
			const cpuBefore = cpuMs(app.pid);
			const r = await cannon({
				url: `${origin}/runde/${ROUND}/abstimmen?/vote`,
				method: 'POST',
				connections,
				duration: warm ? 2 : duration,
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
				requests: [
					{
						setupRequest: (req: Record<string, unknown>) => {
							if (next >= bodies.length) throw new Error('out of voters: raise VOTERS');
							return { ...req, body: bodies[next++] };
						}
					}
				]
			});
			sent += r['2xx'];
			const cpuAfter = cpuMs(app.pid);
			const cpu = cpuBefore !== null && cpuAfter !== null && r['2xx'] > 0 ? (cpuAfter - cpuBefore) / r['2xx'] : null;
			if (!warm) rows.push({ server: label, voters: connections, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], errors: r.errors + r.non2xx, cpu });
			console.log(`  ${warm ? 'warm-up' : `${connections} concurrent`}: ${Math.round(r.requests.average)} ballots/s, p99 ${r.latency.p99} ms, server CPU ${cpu?.toFixed(2) ?? '?'} ms/ballot`);
		}
		await stop(app);
		const stored = await count();
		console.log(`  ${sent} acknowledged, ${stored} ballots stored`);
	}
	if (pgDb && pgUrl) {
		const c = new pg.Client({ connectionString: pgUrl });
		await c.connect();
		await c.query(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`);
		await c.end();
	}
	rmSync(work, { recursive: true, force: true });
	console.log(`\nNode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${duration} s per row, autocannon on 127.0.0.1, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (others' work on this machine skews the figures)\n`);
	console.log('| database | concurrent voters | ballots/s | p50 ms | p99 ms | acknowledged | errors | server CPU ms/ballot |');
	console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const r of rows) console.log(`| ${r.server} | ${r.voters} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.errors} | ${r.cpu?.toFixed(2) ?? '?'} |`);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exitCode = 1;
});

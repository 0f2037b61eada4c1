/**
 * `npm run bench:http` — requests per second and p99 latency of the district page and a proposal page on
 * the built server (issue 2), with PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, with
 * PostgreSQL; next to a bare node:http server answering the same bytes (the ceiling on this machine).
 * A benchmark prints figures; it asserts nothing (house rule: speed is proven by benchmarks, not tests).
 *
 *   node bench/http/run.ts [--duration 10] [--connections 10]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg('duration', 10);
const connections = arg('connections', 10);
const work = mkdtempSync(join(tmpdir(), 'kiezbudget-bench-'));

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});
}

async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['build'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, BETTER_AUTH_SECRET: randomBytes(32).toString('base64'), KIEZBUDGET_SEED_DEMO: '1', LOG_LEVEL: 'warn', ...env },
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

type Row = { server: string; page: string; rps: number; p50: number; p99: number; bytes: number; errors: number };

async function measure(url: string): Promise<Omit<Row, 'server' | 'page'>> {
	// Warm-up so JIT, caches and the database pool are in their steady state.
	await autocannon({ url, connections, duration: 2 });
	const r = await autocannon({ url, connections, duration });
	return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytes: Math.round(r.throughput.average / Math.max(1, r.requests.average)), errors: r.errors + r.non2xx };
}

async function pagesOf(base: string): Promise<[string, string][]> {
	const district = '/bezirk/treptow-koepenick';
	const html = await (await fetch(base + district)).text();
	let idea: string | undefined;
	for (const [, round] of html.matchAll(/href="(\/runde\/[^"]+)"/g)) {
		idea = /href="(\/idee\/[^"]+)"/.exec(await (await fetch(base + round)).text())?.[1];
		if (idea) break;
	}
	if (!idea) throw new Error('no proposal link found in the demo data');
	return [
		['district page', district],
		['proposal page', idea]
	];
}

async function main() {
	const rows: Row[] = [];
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	console.log(`Building for ${origin} …`);
	const b = spawnSync('npm', ['run', '-s', 'build'], { env: { ...process.env, ORIGIN: origin }, stdio: 'ignore' });
	if (b.status !== 0) throw new Error('build failed');

	const backends: [string, NodeJS.ProcessEnv][] = [['app on PGlite', { PGLITE_DIR: join(work, 'pglite'), DATABASE_URL: '' }]];
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
		backends.push(['app on PostgreSQL', { DATABASE_URL: u.toString() }]);
	} else {
		console.log('(no BENCH_DATABASE_URL/TEST_DATABASE_URL: PostgreSQL row skipped)');
	}

	let bodies: [string, string, Buffer][] = [];
	for (const [label, env] of backends) {
		console.log(`Starting ${label} …`);
		const app = await startApp(port, env);
		const pages = await pagesOf(origin);
		if (bodies.length === 0) {
			for (const [name, path] of pages) bodies.push([name, path, Buffer.from(await (await fetch(origin + path)).arrayBuffer())]);
		}
		for (const [name, path] of pages) {
			console.log(`  ${name} ${path}`);
			rows.push({ server: label, page: name, ...(await measure(origin + path)) });
		}
		await stop(app);
	}

	// The ceiling: the same bytes from a bare node:http server in this process's Node.
	const bare = createHttpServer((req, res) => {
		const hit = bodies.find(([, path]) => path === req.url);
		res.writeHead(hit ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
		res.end(hit?.[2] ?? '');
	});
	const barePort = await freePort();
	await new Promise<void>((r) => bare.listen(barePort, '127.0.0.1', r));
	for (const [name, path] of bodies) rows.push({ server: 'bare node:http', page: name, ...(await measure(`http://127.0.0.1:${barePort}${path}`)) });
	bare.close();
	bodies = [];

	if (pgDb && pgUrl) {
		const c = new pg.Client({ connectionString: pgUrl });
		await c.connect();
		await c.query(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`);
		await c.end();
	}
	rmSync(work, { recursive: true, force: true });

	console.log(`\nNode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${connections} connections, ${duration} s per row, autocannon on 127.0.0.1\n`);
	console.log('| server | page | req/s | p50 ms | p99 ms | bytes/response | errors |');
	console.log('|---|---|---:|---:|---:|---:|---:|');
	for (const r of rows) console.log(`| ${r.server} | ${r.page} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exitCode = 1;
});

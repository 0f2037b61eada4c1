/**
 * `npm test`: everything a user needs to trust a change (docs/ARCHITECTURE.md "Testing and CI"):
 * type check, lint, unit + integration tests (PGlite; PostgreSQL too when TEST_DATABASE_URL is set),
 * tally conformance, then the built app in Chromium with JavaScript on and off, on PGlite and (when
 * TEST_DATABASE_URL is set) on PostgreSQL, with a real SMTP server. Ends with `N passed, N failed`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { runJourneys, type Journey, type Mail } from '../tests/e2e/harness.ts';
import { journeys } from '../tests/e2e/all.ts';

const work = mkdtempSync(join(tmpdir(), 'kiezbudget-test-'));
const results: { name: string; passed: number; failed: number }[] = [];
const only = new Set(process.argv.slice(2));
const want = (part: string) => only.size === 0 || only.has(part);

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
	console.log(`\n▶ ${name}`);
	const started = Date.now();
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	const ok = r.status === 0;
	console.log(`  ${name} took ${seconds(started)} s`);
	results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
	return ok;
}

/** Like step(), without blocking: its output is collected and printed when it ends, results in call order. */
function stepAsync(name: string, cmd: string, args: string[]): Promise<void> {
	const started = Date.now();
	const entry = { name, passed: 0, failed: 1 };
	results.push(entry);
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
		const out: Buffer[] = [];
		child.stdout!.on('data', (d: Buffer) => out.push(d));
		child.stderr!.on('data', (d: Buffer) => out.push(d));
		let ended = false;
		const done = (ok: boolean, extra = '') => {
			if (ended) return; // 'error' may be followed by 'close'
			ended = true;
			console.log(`\n▶ ${name}`);
			process.stdout.write(Buffer.concat(out).toString() + extra);
			console.log(`  ${name} took ${seconds(started)} s`);
			entry.passed = ok ? 1 : 0;
			entry.failed = ok ? 0 : 1;
			resolve();
		};
		child.on('error', (e) => done(false, `${e.message}\n`));
		child.on('close', (code) => done(code === 0));
	});
}

/** Whole seconds since `from`: each part prints how long it took, so a slow CI run shows where. */
const seconds = (from: number) => Math.round((Date.now() - from) / 1000);

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});
}

async function startSmtp(mails: Mail[]) {
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, cb) {
			let raw = '';
			stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
			stream.on('end', () => {
				const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
				let body = rest.join('\n\n');
				if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
					body = Buffer.from(
						body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`),
						'utf8'
					).toString();
					body = decodeURIComponent(body.replace(/%(?![0-9A-F]{2})/gi, '%25'));
				}
				const subject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
				for (const to of session.envelope.rcptTo) mails.push({ to: to.address, subject, text: body, head });
				cb();
			});
		}
	});
	const port = await freePort();
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function startApp(port: number, dir: string, env: NodeJS.ProcessEnv, log: string): Promise<{ child: ChildProcess; out: string[] }> {
	const child = spawn(process.execPath, [dir], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, BETTER_AUTH_SECRET: randomBytes(32).toString('base64'), KIEZBUDGET_SEED_DEMO: '1', KIEZBUDGET_SIGNIN_LIMIT: '1000', LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '32M', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const out: string[] = [];
	child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
	child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
	const until = Date.now() + 120_000;
	while (Date.now() < until) {
		if (child.exitCode !== null) break;
		try {
			if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return { child, out };
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	child.kill('SIGKILL');
	throw new Error(`${log}: the app did not start:\n${out.join('')}`);
}

/** Graceful shutdown (issue 2): SIGTERM ends the process within 10 s with the database closed. */
async function stopApp(child: ChildProcess, out: string[], label: string): Promise<void> {
	const started = Date.now();
	if (child.exitCode !== null || child.signalCode !== null) {
		console.log(`  ✗ [${label}] the app ended during the journeys (${child.exitCode ?? child.signalCode}):\n${out.join('').slice(-4000)}`);
		results.push({ name: `${label} app stayed up`, passed: 0, failed: 1 });
		return;
	}
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	child.kill('SIGTERM');
	const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
	const ok = code !== 'timeout';
	if (!ok) child.kill('SIGKILL');
	console.log(`  ${ok ? '✓' : '✗'} [${label}] graceful shutdown after SIGTERM: ${ok ? `exited in ${Date.now() - started} ms` : 'still running after 10 s'}`);
	results.push({ name: `${label} shutdown`, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

/** `npm test` must work on a fresh machine as typed (README): Debian's Chromium is installed when missing. */
function ensureChromium(): boolean {
	const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (existsSync(path)) return true;
	const root = process.getuid?.() === 0;
	if (!root || spawnSync('which', ['apt-get']).status !== 0) {
		console.log(`  ✗ Chromium not found at ${path}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
		return false;
	}
	console.log('  Chromium is missing: apt-get install chromium (about a minute) …');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	return spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }).status === 0 && existsSync(path);
}

async function main() {
	// The type check and the lint run side by side: each mostly keeps one core busy, and they share no output
	// (check writes .svelte-kit/ and src/lib/paraglide/, which the lint ignores). Their output is printed
	// after both, one after the other.
	const checks: Promise<void>[] = [];
	if (want('check')) checks.push(stepAsync('type check (svelte-check)', 'npm', ['run', '-s', 'check']));
	if (want('lint')) checks.push(stepAsync('lint (dependency direction)', 'npm', ['run', '-s', 'lint']));
	await Promise.all(checks);

	if (want('unit')) {
		console.log('\n▶ unit, integration and conformance tests (vitest)');
		const json = join(work, 'vitest.json');
		const started = Date.now();
		spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
			stdio: 'inherit',
			env: { ...process.env, NO_COLOR: '1' }
		});
		console.log(`  vitest took ${seconds(started)} s`);
		try {
			const r = JSON.parse(readFileSync(json, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number; success: boolean };
			results.push({ name: 'vitest', passed: r.numPassedTests, failed: r.numFailedTests + (r.success || r.numFailedTests > 0 ? 0 : 1) });
		} catch {
			results.push({ name: 'vitest (no report)', passed: 0, failed: 1 });
		}
	}

	if (want('e2e') && !ensureChromium()) results.push({ name: 'e2e (no Chromium)', passed: 0, failed: 1 });
	else if (want('e2e')) {
		// adapter-node fixes the origin at build time (research/stack.md §2), so each backend gets its own build
		// for its own port. The two apps then run side by side, each with its own SMTP server: most of a journey's
		// time is spent waiting on the browser and the network, so two runs on two cores take little longer than one.
		{
			const backends: [string, NodeJS.ProcessEnv][] = [['pglite', { PGLITE_DIR: join(work, 'pglite'), DATABASE_URL: '' }]];
			let pgDb: string | null = null;
			if (process.env.TEST_DATABASE_URL) {
				pgDb = `kb_e2e_${randomBytes(5).toString('hex')}`;
				const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
				await c.connect();
				await c.query(`CREATE DATABASE ${pgDb}`);
				await c.end();
				const url = new URL(process.env.TEST_DATABASE_URL);
				url.pathname = `/${pgDb}`;
				backends.push(['postgres', { DATABASE_URL: url.toString() }]);
			}
			// E2E_ONLY=<name prefix>[,<prefix>…] runs a subset while working on some journeys.
			const prefixes = (process.env.E2E_ONLY ?? '').split(',');
			const picked = journeys.filter((j) => prefixes.some((p) => j.name.startsWith(p)));
			const builds: { label: string; env: NodeJS.ProcessEnv; port: number; dir: string }[] = [];
			for (const [label, env] of backends) {
				const port = await freePort();
				// Inside the project, so the server finds node_modules (adapter-node keeps dependencies external).
				const dir = join(process.cwd(), '.build-e2e', label);
				if (step(`build for ${label} (http://127.0.0.1:${port})`, 'npm', ['run', '-s', 'build'], { ORIGIN: `http://127.0.0.1:${port}`, BUILD_DIR: dir }))
					builds.push({ label, env, port, dir });
			}
			// With both databases, each journey runs once with JavaScript and once without, one of the two on
			// each database, alternating from journey to journey: every journey meets both databases and both
			// modes, and every page is scanned by axe in both modes, in half the time of all four combinations
			// (CI's budget is about 15 minutes, and 2 cores run two browsers and two apps). What the database
			// changes (queries, transactions, concurrency) is covered per use case on both by the integration
			// tests. E2E_MATRIX=full runs every journey in both modes on both databases.
			const full = process.env.E2E_MATRIX === 'full' || builds.length < 2;
			const modesFor = (slot: number) => (j: Journey, index: number) => {
				const modes: ('js' | 'nojs')[] = j.modes ?? ['js', 'nojs'];
				return full || modes.length < 2 ? modes : [modes[(index + slot) % 2]!];
			};
			if (!full) console.log('\n  each journey: JavaScript on one database, off on the other (E2E_MATRIX=full runs all four)');
			const e2eStarted = Date.now();
			await Promise.all(
				builds.map(async ({ label, env, port, dir }, slot) => {
					const origin = `http://127.0.0.1:${port}`;
					const mails: Mail[] = [];
					const smtp = await startSmtp(mails);
					console.log(`\n▶ end-to-end journeys in Chromium on ${label} (${origin})`);
					try {
						const app = await startApp(port, dir, { ...env, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, label);
						const r = await runJourneys(origin, picked, { list: mails }, { label, shotsDir: work, modes: modesFor(slot) });
						results.push({ name: `e2e ${label}`, ...r });
						await stopApp(app.child, app.out, label);
					} catch (e) {
						console.log(`  ✗ [${label}] ${(e as Error).message}`);
						results.push({ name: `e2e ${label}`, passed: 0, failed: 1 });
					} finally {
						await smtp.close();
					}
				})
			);
			console.log(`  end-to-end journeys took ${seconds(e2eStarted)} s`);
			if (pgDb) {
				const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
				await c.connect();
				await c.query(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`);
				await c.end();
			}
		}
	}

	console.log('\nSummary:');
	for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
	const passed = results.reduce((s, r) => s + r.passed, 0);
	const failed = results.reduce((s, r) => s + r.failed, 0);
	if (failed === 0) rmSync(work, { recursive: true, force: true });
	else console.log(`Screenshots and logs of failures: ${work}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
	console.error(e);
	console.log('0 passed, 1 failed');
	process.exitCode = 1;
});

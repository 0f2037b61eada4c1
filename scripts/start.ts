/**
 * `npm start`: the newcomer's one command after `npm ci` (README). Builds the app for the chosen
 * origin if needed (adapter-node 6 fixes the origin at build time, research/stack.md §2), then starts it on
 * the embedded database with the Treptow-Köpenick demo data (migrated and seeded at start, idempotent),
 * and prints the address and the demo log-ins.
 *
 * Environment: HOST (default localhost), PORT (3000), ORIGIN (http://HOST:PORT), DATABASE_URL (unset →
 * PGlite in data/pglite), BETTER_AUTH_SECRET (unset → a random one kept in data/secret).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LOGINS } from '../src/lib/server/app/demo-logins.ts';

const host = process.env.HOST || 'localhost';
const port = process.env.PORT || '3000';
const origin = (process.env.ORIGIN || `http://${host}:${port}`).replace(/\/$/, '');

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name === 'paraglide') continue;
			newest = Math.max(newest, newestMtime(p));
		} else newest = Math.max(newest, statSync(p).mtimeMs);
	}
	return newest;
}

function needsBuild(): boolean {
	const stamp = 'build/.origin';
	if (!existsSync('build/index.js') || !existsSync(stamp)) return true;
	if (readFileSync(stamp, 'utf8') !== origin) return true;
	const built = statSync(stamp).mtimeMs;
	return ['src', 'messages', 'static'].some((d) => newestMtime(d) > built) || statSync('vite.config.ts').mtimeMs > built;
}

if (needsBuild()) {
	console.log(`Building Kiezbudget for ${origin} …`);
	const r = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', env: { ...process.env, ORIGIN: origin } });
	if (r.status !== 0) process.exit(r.status ?? 1);
	writeFileSync('build/.origin', origin);
}

mkdirSync('data', { recursive: true });
let secret = process.env.BETTER_AUTH_SECRET;
if (!secret) {
	if (!existsSync('data/secret')) writeFileSync('data/secret', randomBytes(32).toString('base64'), { mode: 0o600 });
	secret = readFileSync('data/secret', 'utf8').trim();
}

const child = spawn(process.execPath, ['build'], {
	stdio: ['ignore', 'inherit', 'inherit'],
	env: {
		...process.env,
		HOST: host,
		PORT: port,
		ORIGIN: origin,
		BETTER_AUTH_SECRET: secret,
		KIEZBUDGET_SEED_DEMO: process.env.KIEZBUDGET_SEED_DEMO ?? '1',
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
		// adapter-node refuses bodies over 512 KB by default; idea forms carry up to three 8 MB images
		// (src/lib/server/http/idea-post.ts) and scans of paper forms up to 10 MB (issue 4).
		BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '32M'
	}
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// Tell the newcomer where to go once the server answers.
const started = Date.now();
async function announce(): Promise<void> {
	while (Date.now() - started < 180_000) {
		try {
			const res = await fetch(`${origin}/health`);
			if (res.ok) {
				console.log(`\nKiezbudget is running: ${origin}\n`);
				console.log('Demo log-ins:');
				for (const l of DEMO_LOGINS) console.log(`  ${l.role.padEnd(16)} ${l.email.padEnd(36)} ${l.password}`);
				console.log(`\nMails (e.g. confirmation links) are listed at ${origin}/dev/mail unless SMTP_URL is set.`);
				console.log('Stop with Ctrl+C.\n');
				return;
			}
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	console.error('The server did not answer within 3 minutes; see the log above.');
}
void announce();

/**
 * Vitest global setup: migrate one in-memory PGlite and dump it, so each test file starts from a copy in
 * about a second instead of the seven a fresh PGlite needs (research/stack.md §4).
 *
 * Most integration files then load the Treptow-Köpenick demo seed for the same day (SEED_NOW) before their
 * first test, which cost each file about 3 s on PGlite and 8 s on PostgreSQL (migrate and seed), twice per
 * file with both backends. So the seed is also run once here, on both: a dump of the seeded PGlite, and a
 * seeded PostgreSQL database that each file copies with CREATE DATABASE … TEMPLATE (about 0.3 s).
 * tests/integration/database.test.ts still seeds a fresh database itself, so the seed stays tested on both.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { SEED_NOW } from './seed-date.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		pgliteSeeded: string;
		/** Name of a migrated, seeded database on TEST_DATABASE_URL's server, or '' without PostgreSQL. */
		pgSeeded: string;
	}
}

async function pgliteTemplates(dir: string): Promise<{ template: string; seeded: string }> {
	const template = join(dir, 'template.tgz');
	const seeded = join(dir, 'seeded.tgz');
	const handle = await openDb('memory://');
	writeFileSync(template, Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer()));
	await seedDemo(handle.db, { now: SEED_NOW });
	writeFileSync(seeded, Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer()));
	await handle.close();
	return { template, seeded };
}

async function admin<T>(base: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
	const c = new pg.Client({ connectionString: base });
	await c.connect();
	try {
		return await f(c);
	} finally {
		await c.end();
	}
}

async function pgTemplate(base: string): Promise<string> {
	const name = `kb_tpl_seeded_${randomBytes(5).toString('hex')}`;
	await admin(base, (c) => c.query(`CREATE DATABASE ${name}`));
	const url = new URL(base);
	url.pathname = `/${name}`;
	const handle = await openDb(url.toString());
	await seedDemo(handle.db, { now: SEED_NOW });
	await handle.close();
	// CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template: wait until the pool's
	// sockets are really gone (pool.end() can resolve a moment before).
	await admin(base, async (c) => {
		for (let i = 0; i < 50; i++) {
			const r = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
			if (r.rows[0].n === 0) break;
			await new Promise((res) => setTimeout(res, 100));
		}
	});
	return name;
}

export default async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'kiezbudget-template-'));
	const base = process.env.TEST_DATABASE_URL;
	// Both at once: PGlite works in this process, PostgreSQL mostly in the server.
	const [lite, pgName] = await Promise.all([pgliteTemplates(dir), base ? pgTemplate(base) : Promise.resolve('')]);
	project.provide('pgliteTemplate', lite.template);
	project.provide('pgliteSeeded', lite.seeded);
	project.provide('pgSeeded', pgName);
	return async () => {
		rmSync(dir, { recursive: true, force: true });
		if (base && pgName) await admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`));
	};
}

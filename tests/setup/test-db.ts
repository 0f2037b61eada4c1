/**
 * Databases for integration tests: a migrated PGlite copy of the template, and — when TEST_DATABASE_URL is
 * set (CI starts a throwaway PostgreSQL 15) — a fresh, migrated database on the real server per call.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { SEED_NOW } from './seed-date.ts';

export type Backend = 'pglite' | 'postgres';

/** The backends to run integration tests on: always PGlite, PostgreSQL too when it is configured. */
export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function openTestDb(backend: Backend): Promise<DbHandle> {
	return open(backend, false);
}

/**
 * A database holding the demo seed for `now`, as `openTestDb` followed by `seedDemo(db, { now })` leaves it.
 * For the seed day of the shared template (nearly every file) it is a copy of the database the global setup
 * seeded once; for another day it is seeded here.
 */
export async function openSeededTestDb(backend: Backend, now: Date): Promise<DbHandle> {
	if (now.getTime() === SEED_NOW.getTime()) return open(backend, true);
	const h = await openTestDb(backend);
	await seedDemo(h.db, { now });
	return h;
}

async function open(backend: Backend, seeded: boolean): Promise<DbHandle> {
	if (backend === 'pglite') {
		return openDb('memory://', { loadDataDir: new Blob([readFileSync(inject(seeded ? 'pgliteSeeded' : 'pgliteTemplate'))]), migrate: false });
	}
	const base = process.env.TEST_DATABASE_URL;
	if (!base) throw new Error('TEST_DATABASE_URL is not set');
	const name = `kb_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	await admin.query(seeded ? `CREATE DATABASE ${name} TEMPLATE ${inject('pgSeeded')}` : `CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(base);
	url.pathname = `/${name}`;
	const handle = await openDb(url.toString());
	return {
		...handle,
		close: async () => {
			await handle.close();
			const a = new pg.Client({ connectionString: base });
			await a.connect();
			// pool.end() can resolve while its clients' sockets are still closing; forcing the drop then
			// kills them and pg raises an uncaught 57P01 in the test run. Wait (briefly) until they are gone.
			for (let i = 0; i < 50; i++) {
				const r = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
				if (r.rows[0].n === 0) break;
				await new Promise((res) => setTimeout(res, 100));
			}
			await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}

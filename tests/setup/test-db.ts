/**
 * Databases for integration tests: a migrated PGlite copy of the template, and — when TEST_DATABASE_URL is
 * set (CI starts a throwaway PostgreSQL 15) — a fresh, migrated database on the real server per call.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type DbHandle } from '../../src/lib/server/db/client.ts';

export type Backend = 'pglite' | 'postgres';

/** The backends to run integration tests on: always PGlite, PostgreSQL too when it is configured. */
export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function openTestDb(backend: Backend): Promise<DbHandle> {
	if (backend === 'pglite') {
		return openDb('memory://', { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]), migrate: false });
	}
	const base = process.env.TEST_DATABASE_URL;
	if (!base) throw new Error('TEST_DATABASE_URL is not set');
	const name = `kb_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
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
			// pg-pool's end() resolves before its sockets are closed; a forced drop would then terminate them and
			// the ending clients would raise an unhandled 57P01 error. Wait (briefly) until they are gone.
			for (let i = 0; i < 40; i++) {
				const r = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
				if (r.rows[0].n === 0) break;
				await new Promise((res) => setTimeout(res, 50));
			}
			await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}

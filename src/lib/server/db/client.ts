/**
 * Opens the database: PGlite (embedded PostgreSQL, on disk under data/) by default, node-postgres when the
 * URL is postgres://…; migrations from drizzle/ are applied at open (research/stack.md §3, tested code).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database or an open transaction: repositories accept both so use cases can compose them. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
	db: Db;
	kind: 'pglite' | 'pg';
	ping(): Promise<void>;
	close(): Promise<void>;
	/** The PGlite instance, for tests that dump or clone it. */
	pglite?: PGlite;
	/** The pg pool, for LISTEN/NOTIFY clients. */
	pool?: pg.Pool;
};

export const MIGRATIONS = resolve(process.env.KIEZBUDGET_MIGRATIONS ?? 'drizzle');

export class DatabaseLockedError extends Error {
	constructor(dir: string, pid: number) {
		super(
			`The database directory ${dir} is in use by another running process (pid ${pid}). ` +
				'Only one process may open the embedded database: stop the other one (e.g. the server) first, ' +
				'or use PostgreSQL (DATABASE_URL) for several processes.'
		);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const openHere = new Set<string>();

/** PGlite has no cross-process lock (stack.md §2): a second process on one directory corrupts it. */
function takeLock(dir: string): () => void {
	const abs = resolve(dir);
	if (openHere.has(abs)) throw new DatabaseLockedError(dir, process.pid);
	const file = join(dir, 'kiezbudget.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			openHere.add(abs);
			return () => {
				openHere.delete(abs);
				try {
					if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
				} catch {
					/* already gone */
				}
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number(readFileSync(file, 'utf8'));
			if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DatabaseLockedError(dir, pid);
			// A lock left by a process that died (or by ourselves): take it over.
			rmSync(file, { force: true });
		}
	}
	throw new Error(`Could not lock ${dir}`);
}

export function isPostgresUrl(url: string): boolean {
	return /^postgres(ql)?:\/\//.test(url);
}

export async function openDb(url: string, opts: { migrate?: boolean; loadDataDir?: Blob } = {}): Promise<DbHandle> {
	const runMigrations = opts.migrate ?? true;
	if (isPostgresUrl(url)) {
		const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
		const db = drizzlePg(pool, { schema }) as unknown as Db;
		if (runMigrations) {
			// Several app servers may start at once: one migrates, the others wait (advisory lock).
			const client = await pool.connect();
			try {
				await client.query('SELECT pg_advisory_lock(727274)');
				await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
			} finally {
				await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
				client.release();
			}
		}
		return {
			db,
			kind: 'pg',
			pool,
			ping: async () => {
				await pool.query('SELECT 1');
			},
			close: () => pool.end()
		};
	}
	const memory = url === 'memory://';
	let release = () => {};
	if (!memory) {
		mkdirSync(url, { recursive: true }); // PGlite does not create parent directories (stack.md §3)
		release = takeLock(url);
	}
	let client: PGlite;
	try {
		client = await PGlite.create(memory ? undefined : url, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
	} catch (e) {
		release();
		throw e;
	}
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	if (runMigrations) await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS });
	let closed = false;
	return {
		db,
		kind: 'pglite',
		pglite: client,
		ping: async () => {
			await db.execute(sql`SELECT 1`);
		},
		close: async () => {
			if (closed) return;
			closed = true;
			await client.close();
			release();
		}
	};
}


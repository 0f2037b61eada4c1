/**
 * A statement that PostgreSQL parses and plans once per connection instead of on every call: node-postgres
 * sends a named statement's text only the first time on each pooled connection, then just its parameters.
 * For the cast of a ballot this halves the database's CPU per ballot (pgbench on the cast statement, 10 clients,
 * this 2-core machine: 3,300 transactions/s unnamed, 6,400 named; docs/voting.md). The query text is also built
 * only once per database, with placeholders, instead of from a template on every call. PGlite runs in this
 * process and has no statement names; it runs the same text as usual.
 *
 * node-postgres refuses a name reused with another text, so each statement has its own constant name.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgPreparedQuery, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const dialect = new PgDialect();

/**
 * `statement('name', sql`… ${sql.placeholder('x')} …`)` gives a function that runs it with `{ x: … }`. Use it on
 * the database, not inside a transaction (the prepared query is bound to the pool).
 */
export function statement<P extends Record<string, unknown>, T>(name: string, query: SQL): (db: Db, params: P) => Promise<T[]> {
	const perDb = new WeakMap<Db, PgPreparedQuery<PreparedQueryConfig>>();
	return async (db, params) => {
		let prepared = perDb.get(db);
		if (!prepared) {
			prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
			perDb.set(db, prepared);
		}
		const result: unknown = await prepared.execute(params);
		return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
	};
}

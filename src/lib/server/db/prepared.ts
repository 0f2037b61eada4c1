/**
 * A statement that PostgreSQL parses and plans once per connection instead of on every call: node-postgres
 * sends a named statement's text only the first time on each pooled connection, then just its parameters.
 * For the cast of a ballot this halves the database's CPU per ballot (pgbench on the cast statement, 10 clients,
 * this 2-core machine: 3,300 transactions/s unnamed, 6,400 named; docs/voting.md). PGlite runs in this process and
 * has no statement names; it runs the same text as usual.
 *
 * The name must always come with the same text (node-postgres refuses a name reused with another text), so
 * each call site passes its own constant name, and only parameters may differ between calls.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

const dialect = new PgDialect();

export async function executeNamed<T>(db: DbOrTx, name: string, query: SQL): Promise<T[]> {
	const result: unknown = await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
	return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type OutboxRow = { id: string; kind: string; payload: unknown; attempts: number };

export async function enqueueOutbox(db: DbOrTx, item: { kind: string; payload: unknown }, now: Date): Promise<void> {
	await db.insert(outbox).values({ kind: item.kind, payload: item.payload, createdAt: now, dueAt: now });
}

/**
 * Claims due items for 60 seconds. `FOR UPDATE SKIP LOCKED` lets several app servers on one PostgreSQL
 * work the same outbox without sending a mail twice; a worker that dies leaves its items due again.
 */
export async function claimOutbox(db: DbOrTx, limit: number, now: Date): Promise<OutboxRow[]> {
	const until = new Date(now.getTime() + 60_000);
	const rows = await db.execute(sql`
		UPDATE ${outbox} SET locked_until = ${until.toISOString()}::timestamptz
		WHERE id IN (
			SELECT id FROM ${outbox}
			WHERE sent_at IS NULL AND due_at <= ${now.toISOString()}::timestamptz
				AND (locked_until IS NULL OR locked_until < ${now.toISOString()}::timestamptz)
			ORDER BY id LIMIT ${limit}
			FOR UPDATE SKIP LOCKED
		)
		RETURNING id, kind, payload, attempts`);
	const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
		id: number | string;
		kind: string;
		payload: unknown;
		attempts: number;
	}[];
	return list.map((r) => ({ id: String(r.id), kind: r.kind, payload: r.payload, attempts: Number(r.attempts) }));
}

export async function finishOutbox(db: DbOrTx, id: string, now: Date): Promise<void> {
	await db.update(outbox).set({ sentAt: now, lockedUntil: null }).where(eq(outbox.id, Number(id)));
}

export async function failOutbox(db: DbOrTx, id: string, message: string, retryAt: Date): Promise<void> {
	await db
		.update(outbox)
		.set({ attempts: sql`${outbox.attempts} + 1`, lastError: message, dueAt: retryAt, lockedUntil: null })
		.where(and(eq(outbox.id, Number(id))));
}

export async function pendingOutboxCount(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(sql`${outbox.sentAt} IS NULL`);
	return row?.n ?? 0;
}

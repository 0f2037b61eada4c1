// Writes of supports, comments, reports and moderation decisions (issue 4). Each runs in one transaction
// with its audit event (house rule 7). Double or concurrent requests are settled by the database: the
// primary key of proposal_support, the unique (comment, reporter) index of comment_report, and
// "WHERE hidden_at IS NULL"-style guards, so a second identical request changes nothing and logs nothing.
import { and, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { comment, commentReport, proposalSupport } from '../schema/index.ts';
import { appendEvent } from './events.ts';

type Who = { userId: string; districtId: string };

export async function addSupport(db: Db, proposalId: string, who: Who, at: Date): Promise<{ created: boolean }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.insert(proposalSupport)
			.values({ proposalId, userId: who.userId, createdAt: at })
			.onConflictDoNothing()
			.returning({ id: proposalSupport.proposalId });
		if (rows.length === 0) return { created: false };
		await appendEvent(tx, { type: 'proposal.supported', actorId: who.userId, subject: { type: 'proposal', id: proposalId }, districtId: who.districtId, payload: {} }, at);
		return { created: true };
	});
}

export async function removeSupport(db: Db, proposalId: string, who: Who, at: Date): Promise<{ removed: boolean }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.delete(proposalSupport)
			.where(and(eq(proposalSupport.proposalId, proposalId), eq(proposalSupport.userId, who.userId)))
			.returning({ id: proposalSupport.proposalId });
		if (rows.length === 0) return { removed: false };
		await appendEvent(tx, { type: 'proposal.support_withdrawn', actorId: who.userId, subject: { type: 'proposal', id: proposalId }, districtId: who.districtId, payload: {} }, at);
		return { removed: true };
	});
}

/**
 * Adds a comment unless the author wrote `rate.max` comments within the window before `at`. The per-author
 * advisory lock makes the count and the insert one step, so parallel posts cannot slip past the limit.
 */
export async function insertComment(
	db: Db,
	c: { proposalId: string; parentId: string | null; body: string } & Who,
	rate: { max: number; windowMs: number },
	at: Date
): Promise<{ kind: 'ok'; id: string } | { kind: 'rate_limited' }> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`comment:${c.userId}`}))`);
		const [recent] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(comment)
			.where(and(eq(comment.authorId, c.userId), gte(comment.createdAt, new Date(at.getTime() - rate.windowMs))));
		if (Number(recent?.n ?? 0) >= rate.max) return { kind: 'rate_limited' } as const;
		const [row] = await tx
			.insert(comment)
			.values({ proposalId: c.proposalId, parentId: c.parentId, authorId: c.userId, body: c.body, createdAt: at })
			.returning({ id: comment.id });
		const id = row!.id;
		await appendEvent(
			tx,
			{ type: 'comment.posted', actorId: c.userId, subject: { type: 'comment', id }, districtId: c.districtId, payload: { proposalId: c.proposalId, parentId: c.parentId } },
			at
		);
		return { kind: 'ok', id } as const;
	});
}

/** Saves an edit if the comment is still the author's, visible and inside the window (checked again here). */
export async function updateComment(db: Db, c: { id: string; proposalId: string; body: string; editableSince: Date } & Who, at: Date): Promise<{ updated: boolean }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(comment)
			.set({ body: c.body, editedAt: at })
			.where(and(eq(comment.id, c.id), eq(comment.authorId, c.userId), isNull(comment.hiddenAt), gte(comment.createdAt, c.editableSince)))
			.returning({ id: comment.id });
		if (rows.length === 0) return { updated: false };
		await appendEvent(tx, { type: 'comment.edited', actorId: c.userId, subject: { type: 'comment', id: c.id }, districtId: c.districtId, payload: { proposalId: c.proposalId } }, at);
		return { updated: true };
	});
}

export async function insertReport(db: Db, r: { commentId: string; proposalId: string; reason: string } & Who, at: Date): Promise<{ created: boolean }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.insert(commentReport)
			.values({ commentId: r.commentId, reporterId: r.userId, reason: r.reason, createdAt: at })
			.onConflictDoNothing()
			.returning({ id: commentReport.id });
		const row = rows[0];
		if (!row) return { created: false };
		await appendEvent(
			tx,
			{ type: 'comment.reported', actorId: r.userId, subject: { type: 'comment', id: r.commentId }, districtId: r.districtId, payload: { proposalId: r.proposalId, reportId: row.id } },
			at
		);
		return { created: true };
	});
}

/** Hides a visible comment with a public reason and closes its open reports as "hidden". */
export async function hideComment(db: Db, m: { commentId: string; proposalId: string; reason: string } & Who, at: Date): Promise<{ changed: boolean }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(comment)
			.set({ hiddenAt: at, hiddenBy: m.userId, hiddenReason: m.reason })
			.where(and(eq(comment.id, m.commentId), isNull(comment.hiddenAt)))
			.returning({ id: comment.id });
		if (rows.length === 0) return { changed: false };
		const resolved = await tx
			.update(commentReport)
			.set({ resolution: 'hidden', resolvedAt: at, resolvedBy: m.userId })
			.where(and(eq(commentReport.commentId, m.commentId), isNull(commentReport.resolvedAt)))
			.returning({ id: commentReport.id });
		await appendEvent(
			tx,
			{
				type: 'comment.hidden',
				actorId: m.userId,
				subject: { type: 'comment', id: m.commentId },
				districtId: m.districtId,
				payload: { proposalId: m.proposalId, reason: m.reason, reportsResolved: resolved.length }
			},
			at
		);
		return { changed: true };
	});
}

export async function restoreComment(db: Db, m: { commentId: string; proposalId: string } & Who, at: Date): Promise<{ changed: boolean }> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ reason: comment.hiddenReason })
			.from(comment)
			.where(and(eq(comment.id, m.commentId), isNotNull(comment.hiddenAt)))
			.for('update');
		if (!before) return { changed: false };
		await tx.update(comment).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(comment.id, m.commentId));
		await appendEvent(
			tx,
			{ type: 'comment.restored', actorId: m.userId, subject: { type: 'comment', id: m.commentId }, districtId: m.districtId, payload: { proposalId: m.proposalId, previousReason: before.reason } },
			at
		);
		return { changed: true };
	});
}

/** "Keep": the moderator looked and the comment stays; its open reports are closed as "kept". */
export async function keepComment(db: Db, m: { commentId: string; proposalId: string } & Who, at: Date): Promise<{ changed: boolean }> {
	return db.transaction(async (tx) => {
		const resolved = await tx
			.update(commentReport)
			.set({ resolution: 'kept', resolvedAt: at, resolvedBy: m.userId })
			.where(and(eq(commentReport.commentId, m.commentId), isNull(commentReport.resolvedAt)))
			.returning({ id: commentReport.id });
		if (resolved.length === 0) return { changed: false };
		await appendEvent(
			tx,
			{ type: 'comment.kept', actorId: m.userId, subject: { type: 'comment', id: m.commentId }, districtId: m.districtId, payload: { proposalId: m.proposalId, reportsResolved: resolved.length } },
			at
		);
		return { changed: true };
	});
}

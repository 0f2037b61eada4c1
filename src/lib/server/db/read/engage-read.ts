// Read models for browsing and discussing ideas and for the moderation queue (issue 4). Each page costs a
// fixed, small number of queries (no N+1); hidden comment texts never leave the database for public pages.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { BrowseQuery } from '../../../forms/engage.ts';
import type { Db, DbOrTx } from '../client.ts';
import { comment, commentChannel, commentReport, programme, proposal, proposalCheck, proposalSupport, region, round, roundPhase, user } from '../schema/index.ts';

type Phase = { key: string; startsAt: string; endsAt: string | null };
export type Place = { districtId: string; regionId: string | null; roundId: string };

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

export async function roundCategories(db: Db, roundId: string): Promise<{ key: string; label: string }[]> {
	const [r] = await db
		.select({ rules: programme.rules })
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(eq(round.id, roundId));
	return ((r?.rules as ProgrammeRules | undefined)?.costCategories ?? []).map((c) => ({ key: c.key, label: c.label }));
}

/** A stored GeoJSON Point as [lon, lat]; PGlite and node-postgres both hand jsonb over parsed, a string is parsed here to be safe. */
export function pointOf(v: unknown): [number, number] | null {
	const o = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
	if (!o || typeof o !== 'object') return null;
	const c = (o as { coordinates?: unknown }).coordinates;
	return Array.isArray(c) && c.length === 2 && c.every((n) => typeof n === 'number' && Number.isFinite(n)) ? [c[0] as number, c[1] as number] : null;
}

export type BrowseRow = { id: string; title: string; requestedCents: number | null; status: string; supports: number; comments: number; point: [number, number] | null; channel: string };

/**
 * German full-text search (the 'german' configuration stems "Bänke" to "bank", so it finds "Bank"), plus
 * a plain substring match on the title: German compounds are not split by the stemmer ("Sitzbank" is its
 * own word), and people type the start of a word. Public ideas of one round only.
 */
export async function browseIdeas(db: Db, roundId: string, q: BrowseQuery, pageSize: number): Promise<{ total: number; rows: BrowseRow[]; statuses: string[] }> {
	const doc = sql`to_tsvector('german', p.title || ' ' || p.description)`;
	const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const where: SQL[] = [sql`p.round_id = ${roundId}`, sql`p.status NOT IN ('draft', 'unconfirmed', 'merged')`];
	if (q.q) where.push(sql`(${doc} @@ websearch_to_tsquery('german', ${q.q}) OR p.title ILIKE ${like} ESCAPE '\\')`);
	if (q.status) where.push(sql`p.status = ${q.status}`);
	if (q.category) where.push(sql`EXISTS (SELECT 1 FROM cost_item c WHERE c.proposal_id = p.id AND c.category = ${q.category})`);
	const order = {
		relevance: sql`rank DESC, created DESC`,
		newest: sql`created DESC`,
		supports: sql`supports DESC, created DESC`,
		amount_desc: sql`requested_cents DESC NULLS LAST, created DESC`,
		amount_asc: sql`requested_cents ASC NULLS LAST, created DESC`
	}[q.sort];
	const rank = q.q ? sql`ts_rank(${doc}, websearch_to_tsquery('german', ${q.q}))` : sql`0`;
	type Row = { id: string; title: string; requested_cents: string | number | null; status: string; supports: number; comments: number; total: number; location: unknown; channel: string };
	const result = await db.execute(sql`
		WITH matches AS (
			SELECT p.id, p.title, p.requested_cents, p.status, p.location, p.channel, coalesce(p.submitted_at, p.created_at) AS created,
				${rank} AS rank,
				(SELECT count(*) FROM proposal_support s WHERE s.proposal_id = p.id)::int AS supports,
				(SELECT count(*) FROM comment k WHERE k.proposal_id = p.id AND k.hidden_at IS NULL)::int AS comments
			FROM proposal p
			WHERE ${sql.join(where, sql` AND `)}
		)
		SELECT m.id, m.title, m.requested_cents, m.status, m.location, m.channel, m.supports, m.comments, (SELECT count(*) FROM matches)::int AS total
		FROM matches m
		ORDER BY ${order}, m.id
		LIMIT ${pageSize} OFFSET ${(q.page - 1) * pageSize}`);
	const rows = rowsOf<Row>(result);
	let total = rows[0]?.total ?? 0;
	if (rows.length === 0 && q.page > 1) {
		const c = await db.execute(sql`SELECT count(*)::int AS n FROM proposal p WHERE ${sql.join(where, sql` AND `)}`);
		total = Number(rowsOf<{ n: number }>(c)[0]?.n ?? 0);
	}
	const statuses = await db
		.selectDistinct({ status: proposal.status })
		.from(proposal)
		.where(and(eq(proposal.roundId, roundId), sql`${proposal.status} NOT IN ('draft', 'unconfirmed', 'merged')`));
	return {
		total: Number(total),
		statuses: statuses.map((s) => s.status),
		rows: rows.map((r) => ({
			id: r.id,
			title: r.title,
			requestedCents: r.requested_cents === null ? null : Number(r.requested_cents),
			status: r.status,
			supports: Number(r.supports),
			comments: Number(r.comments),
			point: pointOf(r.location),
			channel: r.channel
		}))
	};
}

export type IdeaFacts = { id: string; status: string; mergedIntoId: string | null; place: Place; phases: Phase[] };

/** What the engagement use cases need to know about an idea: its status, where it is, the round's phases. */
export async function ideaFacts(db: DbOrTx, id: string): Promise<IdeaFacts | null> {
	const [p] = await db
		.select({ id: proposal.id, status: proposal.status, mergedIntoId: proposal.mergedIntoId, roundId: round.id, regionId: round.regionId, districtId: programme.districtId })
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(eq(proposal.id, id));
	if (!p) return null;
	const phases = await db.select().from(roundPhase).where(eq(roundPhase.roundId, p.roundId)).orderBy(asc(roundPhase.position));
	return {
		id: p.id,
		status: p.status,
		mergedIntoId: p.mergedIntoId,
		place: { districtId: p.districtId, regionId: p.regionId, roundId: p.roundId },
		phases: phases.map((x) => ({ key: x.key, startsAt: x.startsAt.toISOString(), endsAt: x.endsAt ? x.endsAt.toISOString() : null }))
	};
}

export type CommentFactsRow = {
	id: string;
	proposalId: string;
	parentId: string | null;
	authorId: string | null;
	createdAt: Date;
	hiddenAt: Date | null;
	hiddenReason: string | null;
};

export async function commentFacts(db: DbOrTx, id: string): Promise<CommentFactsRow | null> {
	const [c] = await db
		.select({ id: comment.id, proposalId: comment.proposalId, parentId: comment.parentId, authorId: comment.authorId, createdAt: comment.createdAt, hiddenAt: comment.hiddenAt, hiddenReason: comment.hiddenReason })
		.from(comment)
		.where(eq(comment.id, id));
	return c ?? null;
}

export type PublicComment = {
	id: string;
	parentId: string | null;
	author: string | null;
	mine: boolean;
	/** Null when hidden: the text of a hidden comment is not sent to the public page. */
	body: string | null;
	hiddenReason: string | null;
	createdAt: string;
	editedAt: string | null;
	reportedByMe: boolean;
	/** Set when staff took the comment down on a resident's behalf (record area: mobile_office). */
	channel?: string | null;
};

export type IdeaEngagement = {
	supports: number;
	supportedByMe: boolean;
	feedback: { text: string; at: string } | null;
	comments: PublicComment[];
};

export async function ideaEngagement(db: Db, proposalId: string, viewerId: string | null): Promise<IdeaEngagement> {
	const [[count], mine, [check], rows, reported] = await Promise.all([
		db.select({ n: sql<number>`count(*)::int` }).from(proposalSupport).where(eq(proposalSupport.proposalId, proposalId)),
		viewerId
			? db.select({ x: proposalSupport.userId }).from(proposalSupport).where(and(eq(proposalSupport.proposalId, proposalId), eq(proposalSupport.userId, viewerId)))
			: Promise.resolve([]),
		db
			.select({ text: proposalCheck.publicFeedback, at: proposalCheck.at })
			.from(proposalCheck)
			.where(and(eq(proposalCheck.proposalId, proposalId), isNotNull(proposalCheck.publicFeedback)))
			.orderBy(desc(proposalCheck.at))
			.limit(1),
		db
			.select({
				id: comment.id,
				parentId: comment.parentId,
				authorId: comment.authorId,
				author: user.pseudonym,
				body: comment.body,
				hiddenAt: comment.hiddenAt,
				hiddenReason: comment.hiddenReason,
				createdAt: comment.createdAt,
				editedAt: comment.editedAt,
				channel: commentChannel.channel
			})
			.from(comment)
			.leftJoin(user, eq(user.id, comment.authorId))
			.leftJoin(commentChannel, eq(commentChannel.commentId, comment.id))
			.where(eq(comment.proposalId, proposalId))
			.orderBy(asc(comment.createdAt), asc(comment.id)),
		viewerId
			? db
					.select({ id: commentReport.commentId })
					.from(commentReport)
					.innerJoin(comment, eq(comment.id, commentReport.commentId))
					.where(and(eq(comment.proposalId, proposalId), eq(commentReport.reporterId, viewerId)))
			: Promise.resolve([])
	]);
	const reportedIds = new Set(reported.map((r) => r.id));
	return {
		supports: Number(count?.n ?? 0),
		supportedByMe: mine.length > 0,
		feedback: check?.text?.trim() ? { text: check.text, at: check.at.toISOString() } : null,
		comments: rows.map((c) => ({
			id: c.id,
			parentId: c.parentId,
			author: c.author,
			mine: viewerId !== null && c.authorId === viewerId,
			body: c.hiddenAt ? null : c.body,
			hiddenReason: c.hiddenAt ? (c.hiddenReason ?? '') : null,
			createdAt: c.createdAt.toISOString(),
			editedAt: c.editedAt ? c.editedAt.toISOString() : null,
			reportedByMe: reportedIds.has(c.id),
			channel: c.channel
		}))
	};
}

export type QueueItem = {
	commentId: string;
	body: string;
	author: string | null;
	createdAt: string;
	proposal: { id: string; title: string };
	regionName: string | null;
	place: Place;
	hidden: { at: string; reason: string | null } | null;
	reports: { reason: string; at: string }[];
};

/**
 * Comments with open reports, and recently hidden comments (so a decision can be undone), in the given
 * districts (null: all). The caller filters by its policy per item (region scopes).
 */
export async function moderationQueue(db: Db, districtIds: string[] | null, limit: number): Promise<{ open: QueueItem[]; hidden: QueueItem[] }> {
	const inDistricts = districtIds === null ? undefined : districtIds.length === 0 ? sql`false` : inArray(programme.districtId, districtIds);
	const base = () =>
		db
			.select({
				commentId: comment.id,
				body: comment.body,
				author: user.pseudonym,
				createdAt: comment.createdAt,
				hiddenAt: comment.hiddenAt,
				hiddenReason: comment.hiddenReason,
				proposalId: proposal.id,
				title: proposal.title,
				regionName: region.name,
				districtId: programme.districtId,
				regionId: round.regionId,
				roundId: round.id
			})
			.from(comment)
			.innerJoin(proposal, eq(proposal.id, comment.proposalId))
			.innerJoin(round, eq(round.id, proposal.roundId))
			.innerJoin(programme, eq(programme.id, round.programmeId))
			.leftJoin(region, eq(region.id, round.regionId))
			.leftJoin(user, eq(user.id, comment.authorId));
	const openIds = db.selectDistinct({ id: commentReport.commentId }).from(commentReport).where(isNull(commentReport.resolvedAt));
	const [open, hidden] = await Promise.all([
		base()
			.where(and(inArray(comment.id, openIds), isNull(comment.hiddenAt), inDistricts))
			.orderBy(asc(comment.createdAt))
			.limit(limit),
		base().where(and(isNotNull(comment.hiddenAt), inDistricts)).orderBy(desc(comment.hiddenAt)).limit(limit)
	]);
	const ids = [...open, ...hidden].map((r) => r.commentId);
	const reports = ids.length
		? await db
				.select({ commentId: commentReport.commentId, reason: commentReport.reason, at: commentReport.createdAt, resolvedAt: commentReport.resolvedAt })
				.from(commentReport)
				.where(inArray(commentReport.commentId, ids))
				.orderBy(asc(commentReport.createdAt))
		: [];
	const toItem = (r: (typeof open)[number], openOnly: boolean): QueueItem => ({
		commentId: r.commentId,
		body: r.body,
		author: r.author,
		createdAt: r.createdAt.toISOString(),
		proposal: { id: r.proposalId, title: r.title },
		regionName: r.regionName,
		place: { districtId: r.districtId, regionId: r.regionId, roundId: r.roundId },
		hidden: r.hiddenAt ? { at: r.hiddenAt.toISOString(), reason: r.hiddenReason } : null,
		reports: reports.filter((x) => x.commentId === r.commentId && (!openOnly || x.resolvedAt === null)).map((x) => ({ reason: x.reason, at: x.at.toISOString() }))
	});
	return { open: open.map((r) => toItem(r, true)), hidden: hidden.map((r) => toItem(r, false)) };
}

/**
 * Storage of following and notifications (issue 8). The notifier reads the event table (the audit log,
 * ARCHITECTURE house rule 7) and never needs a hook in the code that writes the events.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { calendarEntry, follow, mailOptOut, notificationSent, organisation, programme, proposal, region, round, user } from '../schema/index.ts';
import { enqueueOutbox } from './outbox.ts';
import type { Mail } from '../../mail/transport.ts';

export type TargetType = 'round' | 'proposal' | 'region' | 'organisation';
export type Frequency = 'immediate' | 'daily' | 'weekly';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];

export async function followOf(db: DbOrTx, userId: string, targetType: TargetType, targetId: string) {
	const [r] = await db
		.select({ id: follow.id, frequency: follow.frequency })
		.from(follow)
		.where(and(eq(follow.userId, userId), eq(follow.targetType, targetType), eq(follow.targetId, targetId)));
	return r ?? null;
}

/** Follows once; following again keeps the chosen frequency. */
export async function addFollow(db: DbOrTx, userId: string, targetType: TargetType, targetId: string, frequency: Frequency, at: Date) {
	await db.insert(follow).values({ userId, targetType, targetId, frequency, createdAt: at }).onConflictDoNothing();
}

export async function removeFollow(db: DbOrTx, userId: string, id: string): Promise<boolean> {
	const r = await db.delete(follow).where(and(eq(follow.userId, userId), eq(follow.id, id))).returning({ id: follow.id });
	return r.length > 0;
}

export async function setFrequency(db: DbOrTx, userId: string, id: string, frequency: Frequency): Promise<boolean> {
	const r = await db.update(follow).set({ frequency }).where(and(eq(follow.userId, userId), eq(follow.id, id))).returning({ id: follow.id });
	return r.length > 0;
}

export async function removeAllFollows(db: DbOrTx, userId: string): Promise<number> {
	const r = await db.delete(follow).where(eq(follow.userId, userId)).returning({ id: follow.id });
	return r.length;
}

export async function userExists(db: DbOrTx, userId: string): Promise<string | null> {
	const [r] = await db.select({ email: user.email }).from(user).where(eq(user.id, userId));
	return r?.email ?? null;
}

/** Does the target exist (and is it public)? Follows of unknown things are refused. */
export async function targetExists(db: DbOrTx, t: TargetType, id: string): Promise<boolean> {
	const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
	switch (t) {
		case 'round':
			return uuid && (await db.select({ id: round.id }).from(round).where(eq(round.id, id))).length > 0;
		case 'proposal':
			return uuid && (await db.select({ id: proposal.id }).from(proposal).where(and(eq(proposal.id, id), sql`${proposal.status} NOT IN ('draft','unconfirmed','withdrawn')`))).length > 0;
		case 'organisation':
			return uuid && (await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, id))).length > 0;
		case 'region':
			return (await db.select({ id: region.id }).from(region).where(eq(region.id, id))).length > 0;
	}
}

export type FollowRow = { id: string; targetType: TargetType; targetId: string; frequency: Frequency; title: string; roundSlug: string | null };

/** A person's follows with a title to show and what the link needs. */
export async function followsOf(db: DbOrTx, userId: string): Promise<FollowRow[]> {
	const rows = rowsOf<{ id: string; target_type: TargetType; target_id: string; frequency: Frequency; title: string | null; round_slug: string | null }>(
		await db.execute(sql`
		SELECT f.id, f.target_type, f.target_id, f.frequency,
			COALESCE(
				CASE f.target_type
					WHEN 'proposal' THEN (SELECT p.title FROM ${proposal} p WHERE p.id::text = f.target_id)
					WHEN 'round' THEN (SELECT pg.name || ' ' || COALESCE(rg.name, '') || ' ' || r.year FROM ${round} r JOIN ${programme} pg ON pg.id = r.programme_id LEFT JOIN ${region} rg ON rg.id = r.region_id WHERE r.id::text = f.target_id)
					WHEN 'region' THEN (SELECT rg.name FROM ${region} rg WHERE rg.id = f.target_id)
					WHEN 'organisation' THEN (SELECT o.name FROM ${organisation} o WHERE o.id::text = f.target_id)
				END, '') AS title,
			CASE f.target_type
				WHEN 'round' THEN (SELECT r.slug FROM ${round} r WHERE r.id::text = f.target_id)
				WHEN 'region' THEN (SELECT r.slug FROM ${round} r WHERE r.region_id = f.target_id ORDER BY r.year DESC LIMIT 1)
			END AS round_slug
		FROM ${follow} f WHERE f.user_id = ${userId} ORDER BY f.created_at, f.id`)
	);
	return rows.map((r) => ({ id: r.id, targetType: r.target_type, targetId: r.target_id, frequency: r.frequency, title: (r.title ?? '').replace(/\s+/g, ' ').trim(), roundSlug: r.round_slug }));
}

/** Event types a follower hears about, and what they are about. */
export const NOTIFIED_TYPES = ['proposal.submitted', 'proposal.status_changed', 'comment.posted', 'round.phase_started', 'vote.closed', 'assembly.closed', 'record.entry_saved', 'record.entry_cancelled'] as const;

export type Hit = {
	userId: string;
	email: string;
	frequency: Frequency;
	eventId: number;
	type: string;
	at: Date;
	payload: Record<string, unknown>;
	subjectType: string;
	subjectId: string;
};

/**
 * Every (follower, event) pair in [from, to): the event concerns something the person follows, they followed
 * it before the event, confirmed their address, and did not cause the event themselves. One row per person
 * and event, however many of their follows it touches.
 */
export async function hits(db: DbOrTx, from: Date, to: Date, frequency: Frequency, periodKey?: string): Promise<Hit[]> {
	// Skip what was already sent (the claim in sendOnce still decides; this only saves work on every run).
	const key = periodKey ? sql`${periodKey}` : sql`'event:' || ev.id`;
	const types = sql.join(
		NOTIFIED_TYPES.map((t) => sql`${t}`),
		sql`, `
	);
	const rows = rowsOf<{ user_id: string; email: string; frequency: Frequency; id: number | string; type: string; at: Date | string; payload: Record<string, unknown>; subject_type: string; subject_id: string }>(
		await db.execute(sql`
		WITH ev AS (
			SELECT e.id, e.type, e.subject_type, e.subject_id, e.payload, e.actor_id, e.at FROM event e
			WHERE e.at >= ${from.toISOString()}::timestamptz AND e.at < ${to.toISOString()}::timestamptz AND e.type IN (${types})
				AND NOT (e.type = 'record.entry_saved' AND (e.payload->>'created') IS DISTINCT FROM 'true')
		), prop AS (
			SELECT ev.id AS eid, p.id::text AS pid, p.round_id, p.organisation_id FROM ev JOIN ${proposal} p
				ON p.id::text = CASE WHEN ev.subject_type = 'proposal' THEN ev.subject_id ELSE ev.payload->>'proposalId' END
			WHERE ev.type IN ('proposal.submitted', 'proposal.status_changed', 'comment.posted') AND p.status NOT IN ('draft', 'unconfirmed', 'withdrawn')
		), rnd AS (
			SELECT ev.id AS eid, r.id AS rid, r.region_id FROM ev JOIN ${round} r ON ev.subject_type = 'round' AND r.id::text = ev.subject_id
		), ent AS (
			SELECT ev.id AS eid, c.round_id, c.region_id FROM ev JOIN ${calendarEntry} c ON ev.subject_type = 'calendar_entry' AND c.id::text = ev.subject_id
		), t AS (
			SELECT prop.eid, 'proposal' AS tt, prop.pid AS tid FROM prop JOIN ev ON ev.id = prop.eid WHERE ev.type IN ('proposal.status_changed', 'comment.posted')
			UNION ALL SELECT prop.eid, 'round', prop.round_id::text FROM prop JOIN ev ON ev.id = prop.eid WHERE ev.type = 'proposal.submitted'
			UNION ALL SELECT prop.eid, 'region', r.region_id FROM prop JOIN ev ON ev.id = prop.eid JOIN ${round} r ON r.id = prop.round_id WHERE ev.type = 'proposal.submitted' AND r.region_id IS NOT NULL
			UNION ALL SELECT prop.eid, 'organisation', prop.organisation_id::text FROM prop JOIN ev ON ev.id = prop.eid WHERE ev.type = 'proposal.submitted' AND prop.organisation_id IS NOT NULL
			UNION ALL SELECT rnd.eid, 'round', rnd.rid::text FROM rnd
			UNION ALL SELECT rnd.eid, 'region', rnd.region_id FROM rnd WHERE rnd.region_id IS NOT NULL
			UNION ALL SELECT ent.eid, 'round', ent.round_id::text FROM ent WHERE ent.round_id IS NOT NULL
			UNION ALL SELECT ent.eid, 'region', ent.region_id FROM ent WHERE ent.region_id IS NOT NULL
		)
		SELECT DISTINCT ON (f.user_id, ev.id) f.user_id, u.email, f.frequency, ev.id, ev.type, ev.at, ev.payload, ev.subject_type, ev.subject_id
		FROM t JOIN ev ON ev.id = t.eid
		JOIN ${follow} f ON f.target_type = t.tt AND f.target_id = t.tid AND f.created_at <= ev.at AND f.frequency = ${frequency}
		JOIN ${user} u ON u.id = f.user_id AND u.email_verified
		WHERE (ev.actor_id IS NULL OR ev.actor_id <> f.user_id)
			AND NOT EXISTS (SELECT 1 FROM ${notificationSent} ns WHERE ns.user_id = f.user_id AND ns.key = ${key})
		ORDER BY f.user_id, ev.id`)
	);
	return rows.map((r) => ({
		userId: r.user_id,
		email: r.email,
		frequency: r.frequency,
		eventId: Number(r.id),
		type: r.type,
		at: new Date(r.at),
		payload: r.payload ?? {},
		subjectType: r.subject_type,
		subjectId: r.subject_id
	}));
}

export type Described = { title: string; path: string };

/** Titles and page paths of the things events are about, for the mail text. */
export async function describe(db: DbOrTx, hs: Hit[]): Promise<Map<number, Described>> {
	const propIds = new Set<string>();
	const roundIds = new Set<string>();
	const entryIds = new Set<string>();
	for (const h of hs) {
		if (h.subjectType === 'proposal') propIds.add(h.subjectId);
		else if (h.type === 'comment.posted' && typeof h.payload.proposalId === 'string') propIds.add(h.payload.proposalId);
		else if (h.subjectType === 'round') roundIds.add(h.subjectId);
		else if (h.subjectType === 'calendar_entry') entryIds.add(h.subjectId);
	}
	const props = propIds.size ? await db.select({ id: proposal.id, title: proposal.title }).from(proposal).where(inArray(proposal.id, [...propIds])) : [];
	const rounds = roundIds.size
		? await db
				.select({ id: round.id, slug: round.slug, year: round.year, programme: programme.name, region: region.name })
				.from(round)
				.innerJoin(programme, eq(programme.id, round.programmeId))
				.leftJoin(region, eq(region.id, round.regionId))
				.where(inArray(round.id, [...roundIds]))
		: [];
	const entries = entryIds.size ? await db.select({ id: calendarEntry.id, title: calendarEntry.title }).from(calendarEntry).where(inArray(calendarEntry.id, [...entryIds])) : [];
	const p = new Map(props.map((x) => [x.id, x.title]));
	const r = new Map(rounds.map((x) => [x.id, { title: `${x.programme} ${x.region ?? ''} ${x.year}`.replace(/\s+/g, ' ').trim(), path: `/runde/${x.slug}` }]));
	const e = new Map(entries.map((x) => [x.id, x.title]));
	const out = new Map<number, Described>();
	for (const h of hs) {
		const pid = h.subjectType === 'proposal' ? h.subjectId : typeof h.payload.proposalId === 'string' ? h.payload.proposalId : null;
		if (pid && p.has(pid)) out.set(h.eventId, { title: p.get(pid)!, path: `/idee/${pid}` });
		else if (h.subjectType === 'round' && r.has(h.subjectId)) out.set(h.eventId, r.get(h.subjectId)!);
		else if (h.subjectType === 'calendar_entry' && e.has(h.subjectId)) out.set(h.eventId, { title: e.get(h.subjectId)!, path: `/termine/eintrag/${h.subjectId}` });
	}
	return out;
}

/**
 * Sends one notification (an immediate mail or one person's digest for one period) at most once. The insert
 * into notification_sent is the claim: on PostgreSQL a second run's insert of the same key waits for the
 * first transaction and then finds the row, so exactly one run queues the mail, whatever runs at once.
 * Addresses that asked for no mails are claimed too (so they are not looked at again) but get nothing.
 */
export async function sendOnce(db: DbOrTx, n: { userId: string; email: string; key: string; events: number[]; mail: (to: string) => Mail }, at: Date): Promise<'sent' | 'already' | 'opted_out'> {
	return db.transaction(async (tx) => {
		const claimed = await tx
			.insert(notificationSent)
			.values({ userId: n.userId, key: n.key, events: n.events.join(','), at })
			.onConflictDoNothing()
			.returning({ key: notificationSent.key });
		if (claimed.length === 0) return 'already';
		const [out] = await tx.select({ email: mailOptOut.email }).from(mailOptOut).where(eq(mailOptOut.email, n.email.toLowerCase()));
		if (out) return 'opted_out';
		await enqueueOutbox(tx, { kind: 'mail', payload: n.mail(n.email) }, at);
		return 'sent';
	});
}

export async function sentKeys(db: DbOrTx, userId: string) {
	return db.select({ key: notificationSent.key }).from(notificationSent).where(eq(notificationSent.userId, userId)).orderBy(asc(notificationSent.key));
}

export async function regionOfRound(db: DbOrTx, roundId: string) {
	const [r] = await db.select({ id: region.id, name: region.name }).from(round).innerJoin(region, eq(region.id, round.regionId)).where(eq(round.id, roundId));
	return r ?? null;
}

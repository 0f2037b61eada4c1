// Reads and writes of the district office (issue 4): the round overview, the review page, the pre-check,
// assisted entries with scans, merging duplicates, imports, mail opt-outs and the staff digest. Every state
// change writes its status row, its event and its mail (outbox) in one transaction (house rule 7).
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { Mail } from '../../mail/transport.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { comment, costItem, district, mailOptOut, programme, proposal, proposalCheck, proposalFile, proposalStatus, proposalSupport, region, roleAssignment, round, user } from '../schema/index.ts';
import { event } from '../schema/index.ts';
import { appendEvent } from './events.ts';
import { enqueueOutbox } from './outbox.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export type RoundInfo = {
	id: string;
	slug: string;
	year: number;
	budgetCents: number;
	districtId: string;
	districtName: string;
	regionId: string | null;
	regionName: string | null;
	programmeName: string;
	rules: ProgrammeRules;
};

const roundColumns = {
	id: round.id,
	slug: round.slug,
	year: round.year,
	budgetCents: round.budgetCents,
	districtId: programme.districtId,
	districtName: district.name,
	regionId: round.regionId,
	regionName: region.name,
	programmeName: programme.name,
	rules: programme.rules
};

function roundQuery(db: DbOrTx) {
	return db
		.select(roundColumns)
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.innerJoin(district, eq(district.id, programme.districtId))
		.leftJoin(region, eq(region.id, round.regionId));
}

const toRound = (r: Awaited<ReturnType<ReturnType<typeof roundQuery>['execute']>>[number]): RoundInfo => ({ ...r, budgetCents: Number(r.budgetCents) });

export async function roundBySlug(db: DbOrTx, slug: string): Promise<RoundInfo | null> {
	const [r] = await roundQuery(db).where(eq(round.slug, slug));
	return r ? toRound(r) : null;
}

/** Rounds of all districts, newest first, with idea counts; the use case filters by policy. */
export async function roundsWithCounts(db: DbOrTx) {
	const rows = await db
		.select({
			...roundColumns,
			ideas: sql<number>`(SELECT count(*)::int FROM ${proposal} p WHERE p.round_id = ${round.id} AND p.status NOT IN ('draft', 'unconfirmed', 'merged'))`,
			open: sql<number>`(SELECT count(*)::int FROM ${proposal} p WHERE p.round_id = ${round.id} AND p.status IN ('submitted', 'under_review', 'needs_clarification'))`
		})
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.innerJoin(district, eq(district.id, programme.districtId))
		.leftJoin(region, eq(region.id, round.regionId))
		.orderBy(desc(round.year), asc(programme.name), asc(region.name));
	return rows.map((r) => ({ ...toRound(r), ideas: Number(r.ideas), open: Number(r.open) }));
}

export async function roundIdeas(db: DbOrTx, roundId: string) {
	const rows = await db
		.select({
			id: proposal.id,
			title: proposal.title,
			status: proposal.status,
			channel: proposal.channel,
			requestedCents: proposal.requestedCents,
			assisted: sql<boolean>`${proposal.assistedBy} IS NOT NULL`,
			submittedAt: proposal.submittedAt,
			lastCheck: sql<string | null>`(SELECT c.outcome FROM ${proposalCheck} c WHERE c.proposal_id = ${proposal.id} ORDER BY c.at DESC LIMIT 1)`,
			supports: sql<number>`(SELECT count(*)::int FROM ${proposalSupport} s WHERE s.proposal_id = ${proposal.id})`
		})
		.from(proposal)
		.where(and(eq(proposal.roundId, roundId), notInArray(proposal.status, ['draft'])))
		.orderBy(asc(proposal.createdAt), asc(proposal.title));
	return rows.map((r) => ({
		...r,
		requestedCents: r.requestedCents === null ? null : Number(r.requestedCents),
		submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
		supports: Number(r.supports)
	}));
}

export type ReviewData = NonNullable<Awaited<ReturnType<typeof reviewData>>>;

export async function reviewData(db: DbOrTx, id: string) {
	if (!isUuid(id)) return null;
	const [p] = await db
		.select({
			id: proposal.id,
			roundId: proposal.roundId,
			title: proposal.title,
			description: proposal.description,
			benefit: proposal.benefit,
			placeDescription: proposal.placeDescription,
			channel: proposal.channel,
			status: proposal.status,
			requestedCents: proposal.requestedCents,
			contactEmail: proposal.contactEmail,
			applicantUserId: proposal.applicantUserId,
			mergedIntoId: proposal.mergedIntoId,
			assistedBy: proposal.assistedBy,
			sourceUrl: proposal.sourceUrl,
			submittedAt: proposal.submittedAt
		})
		.from(proposal)
		.where(eq(proposal.id, id));
	if (!p) return null;
	const [r] = await roundQuery(db).where(eq(round.id, p.roundId));
	if (!r) return null;
	const [items, history, checks, files, people, others, counts] = await Promise.all([
		db.select().from(costItem).where(eq(costItem.proposalId, id)).orderBy(asc(costItem.position)),
		db.select({ status: proposalStatus.status, at: proposalStatus.at, note: proposalStatus.note }).from(proposalStatus).where(eq(proposalStatus.proposalId, id)).orderBy(asc(proposalStatus.at)),
		db
			.select({ id: proposalCheck.id, at: proposalCheck.at, outcome: proposalCheck.outcome, criteria: proposalCheck.criteria, publicFeedback: proposalCheck.publicFeedback, messageToProposer: proposalCheck.messageToProposer, by: user.pseudonym })
			.from(proposalCheck)
			.leftJoin(user, eq(user.id, proposalCheck.checkedBy))
			.where(eq(proposalCheck.proposalId, id))
			.orderBy(desc(proposalCheck.at)),
		db
			.select({ id: proposalFile.id, mime: proposalFile.mime, sizeBytes: proposalFile.sizeBytes, createdAt: proposalFile.createdAt })
			.from(proposalFile)
			.where(and(eq(proposalFile.proposalId, id), eq(proposalFile.kind, 'scan')))
			.orderBy(asc(proposalFile.position)),
		db
			.select({ id: user.id, pseudonym: user.pseudonym, email: user.email })
			.from(user)
			.where(inArray(user.id, [p.applicantUserId, p.assistedBy].filter((x): x is string => !!x).concat(['-']))),
		db
			.select({ id: proposal.id, title: proposal.title, status: proposal.status })
			.from(proposal)
			.where(and(eq(proposal.roundId, p.roundId), sql`${proposal.id} <> ${id}`, notInArray(proposal.status, ['draft', 'unconfirmed', 'merged', 'withdrawn'])))
			.orderBy(asc(proposal.title)),
		db
			.select({
				supports: sql<number>`(SELECT count(*)::int FROM ${proposalSupport} WHERE proposal_id = ${id})`,
				comments: sql<number>`(SELECT count(*)::int FROM ${comment} WHERE proposal_id = ${id})`
			})
			.from(sql`(SELECT 1) AS one`)
	]);
	const person = (uid: string | null) => people.find((u) => u.id === uid) ?? null;
	const applicant = person(p.applicantUserId);
	return {
		round: toRound(r),
		proposal: {
			...p,
			requestedCents: p.requestedCents === null ? null : Number(p.requestedCents),
			submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null,
			applicant: applicant ? { pseudonym: applicant.pseudonym, email: applicant.email } : null,
			assistedByName: person(p.assistedBy)?.pseudonym ?? null,
			costItems: items.map((c) => ({ category: c.category, description: c.description, amountCents: Number(c.amountCents) })),
			history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), note: h.note })),
			checks: checks.map((c) => ({ ...c, at: c.at.toISOString() })),
			scans: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
			supports: Number(counts[0]?.supports ?? 0),
			comments: Number(counts[0]?.comments ?? 0)
		},
		mergeTargets: others
	};
}

/** Where an idea belongs, for the policy check before anything else is read. */
export async function proposalScope(db: DbOrTx, id: string): Promise<{ districtId: string; regionId: string | null; roundId: string } | null> {
	if (!isUuid(id)) return null;
	const [r] = await db
		.select({ districtId: programme.districtId, regionId: round.regionId, roundId: round.id })
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(eq(proposal.id, id));
	return r ?? null;
}

/** The address mails about an idea go to: the proposer's account, else the contact address given. */
async function recipientOf(tx: DbOrTx, proposalId: string): Promise<string | null> {
	const [r] = await tx
		.select({ account: user.email, contact: proposal.contactEmail })
		.from(proposal)
		.leftJoin(user, eq(user.id, proposal.applicantUserId))
		.where(eq(proposal.id, proposalId));
	const to = (r?.account ?? r?.contact ?? '').toLowerCase();
	return to || null;
}

export async function isOptedOut(db: DbOrTx, email: string): Promise<boolean> {
	const rows = await db.select({ email: mailOptOut.email }).from(mailOptOut).where(eq(mailOptOut.email, email.toLowerCase()));
	return rows.length > 0;
}

export async function optOut(db: DbOrTx, email: string, at: Date): Promise<void> {
	await db.insert(mailOptOut).values({ email: email.toLowerCase(), at }).onConflictDoNothing();
}

/** Queues a notification unless the address asked for no more mails (checked in the same transaction). */
async function notify(tx: Tx, to: string | null, build: (to: string) => Mail, at: Date): Promise<boolean> {
	if (!to || (await isOptedOut(tx, to))) return false;
	await enqueueOutbox(tx, { kind: 'mail', payload: build(to) }, at);
	return true;
}

async function lockProposal(tx: Tx, id: string) {
	const rows = await tx.execute(sql`SELECT id, status, round_id FROM ${proposal} WHERE id = ${id} FOR UPDATE`);
	const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: string; status: string; round_id: string }[];
	return list[0] ?? null;
}

export type StatusMailBuilder = (to: string) => Mail;

/**
 * For every other status change (assembly decisions, grants …): call inside the transaction that changes
 * the status, so the proposer's mail (issue 4: "on every status change") is queued with it, or not at all.
 * Build the mail with app/office.ts `statusMailFor`.
 */
export async function queueStatusMail(tx: Tx, proposalId: string, mail: StatusMailBuilder, at: Date): Promise<boolean> {
	return notify(tx, await recipientOf(tx, proposalId), mail, at);
}

export async function saveCheck(
	db: DbOrTx,
	c: {
		proposalId: string;
		districtId: string;
		actorId: string;
		criteria: Record<string, { verdict: 'met' | 'not_met' | 'not_applicable' | 'unclear'; reason: string }>;
		outcome: string;
		status: string;
		publicFeedback: string | null;
		messageToProposer: string | null;
		/** Statuses from which a pre-check may move the idea (read again under the row lock). */
		allowedFrom: readonly string[];
	},
	mail: StatusMailBuilder,
	at: Date
): Promise<{ kind: 'ok'; checkId: string; mailed: boolean } | { kind: 'conflict'; status: string }> {
	return db.transaction(async (tx) => {
		const locked = await lockProposal(tx, c.proposalId);
		if (!locked) return { kind: 'conflict', status: 'missing' };
		if (!c.allowedFrom.includes(locked.status)) return { kind: 'conflict', status: locked.status };
		const [row] = await tx
			.insert(proposalCheck)
			.values({ proposalId: c.proposalId, checkedBy: c.actorId, at, criteria: c.criteria, outcome: c.outcome, publicFeedback: c.publicFeedback, messageToProposer: c.messageToProposer })
			.returning({ id: proposalCheck.id });
		await tx.update(proposal).set({ status: c.status, updatedAt: at }).where(eq(proposal.id, c.proposalId));
		await tx.insert(proposalStatus).values({ proposalId: c.proposalId, status: c.status, at, actorId: c.actorId, note: c.publicFeedback });
		const subject = { type: 'proposal' as const, id: c.proposalId };
		const notMet = Object.entries(c.criteria).flatMap(([k, v]) => (v.verdict === 'not_met' ? [k] : []));
		await appendEvent(tx, { type: 'proposal.checked', actorId: c.actorId, subject, districtId: c.districtId, payload: { checkId: row!.id, outcome: c.outcome, notMet } }, at);
		await appendEvent(tx, { type: 'proposal.status_changed', actorId: c.actorId, subject, districtId: c.districtId, payload: { from: locked.status, to: c.status, note: c.publicFeedback } }, at);
		const mailed = await notify(tx, await recipientOf(tx, c.proposalId), mail, at);
		return { kind: 'ok', checkId: row!.id, mailed };
	});
}

export async function insertAssistedIdea(
	db: DbOrTx,
	p: {
		roundId: string;
		districtId: string;
		actorId: string;
		channel: string;
		title: string;
		description: string;
		benefit: string | null;
		placeDescription: string | null;
		contactEmail: string | null;
		items: { category: string; description: string; amountCents: number }[];
		scan: { mime: string; bytes: Uint8Array; sha256: string } | null;
	},
	at: Date
): Promise<{ id: string }> {
	return db.transaction(async (tx) => {
		const requestedCents = p.items.length > 0 ? p.items.reduce((s, i) => s + i.amountCents, 0) : null;
		const [row] = await tx
			.insert(proposal)
			.values({
				roundId: p.roundId,
				title: p.title,
				description: p.description,
				benefit: p.benefit,
				placeDescription: p.placeDescription,
				channel: p.channel,
				status: 'submitted',
				requestedCents,
				assistedBy: p.actorId,
				contactEmail: p.contactEmail,
				// Staff took the idea in person or from a signed form, so no mail confirmation is needed.
				submittedAt: at,
				confirmedAt: at,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: proposal.id });
		const id = row!.id;
		if (p.items.length > 0) await tx.insert(costItem).values(p.items.map((c, i) => ({ ...c, proposalId: id, position: i })));
		if (p.scan) {
			await tx.insert(proposalFile).values({ proposalId: id, kind: 'scan', position: 0, mime: p.scan.mime, sizeBytes: p.scan.bytes.length, sha256: p.scan.sha256, bytes: p.scan.bytes, createdBy: p.actorId, createdAt: at });
		}
		await tx.insert(proposalStatus).values({ proposalId: id, status: 'submitted', at, actorId: p.actorId });
		await appendEvent(
			tx,
			{ type: 'proposal.submitted', actorId: p.actorId, subject: { type: 'proposal', id }, districtId: p.districtId, payload: { channel: p.channel, requestedCents: requestedCents ?? 0, assisted: true } },
			at
		);
		return { id };
	});
}

export async function scanFile(db: DbOrTx, proposalId: string, fileId: string) {
	if (!isUuid(proposalId) || !isUuid(fileId)) return null;
	const [f] = await db
		.select({ mime: proposalFile.mime, bytes: proposalFile.bytes, sizeBytes: proposalFile.sizeBytes })
		.from(proposalFile)
		.where(and(eq(proposalFile.id, fileId), eq(proposalFile.proposalId, proposalId), eq(proposalFile.kind, 'scan')));
	return f ?? null;
}

/**
 * Moves supports and comments of `sourceId` to `targetId` and marks the source as merged, in one
 * transaction with both rows locked (in id order, so two opposite merges cannot deadlock). A person who
 * supported both keeps one support: the primary key (proposal, user) drops the second.
 */
export async function mergeIdeas(
	db: DbOrTx,
	m: { sourceId: string; targetId: string; districtId: string; actorId: string; note: string | null; check: (source: { status: string; roundId: string }, target: { status: string; roundId: string }) => string | null },
	mail: StatusMailBuilder,
	at: Date
): Promise<{ kind: 'ok'; supportsMoved: number; supportsDropped: number; commentsMoved: number } | { kind: 'refused'; reason: string }> {
	return db.transaction(async (tx) => {
		const [first, second] = [m.sourceId, m.targetId].sort();
		const a = await lockProposal(tx, first!);
		const b = await lockProposal(tx, second!);
		const source = a?.id === m.sourceId ? a : b;
		const target = a?.id === m.targetId ? a : b;
		if (!source || !target || source.id !== m.sourceId || target.id !== m.targetId) return { kind: 'refused', reason: 'not_found' };
		const refusal = m.check({ status: source.status, roundId: source.round_id }, { status: target.status, roundId: target.round_id });
		if (refusal) return { kind: 'refused', reason: refusal };
		const before = await tx.select({ n: sql<number>`count(*)::int` }).from(proposalSupport).where(eq(proposalSupport.proposalId, m.sourceId));
		const moved = await tx.execute(sql`
			INSERT INTO ${proposalSupport} (proposal_id, user_id, created_at)
			SELECT ${m.targetId}::uuid, user_id, created_at FROM ${proposalSupport} WHERE proposal_id = ${m.sourceId}
			ON CONFLICT DO NOTHING RETURNING user_id`);
		const movedRows = (Array.isArray(moved) ? moved : (moved as { rows: unknown[] }).rows).length;
		await tx.delete(proposalSupport).where(eq(proposalSupport.proposalId, m.sourceId));
		const comments = await tx.update(comment).set({ proposalId: m.targetId }).where(eq(comment.proposalId, m.sourceId)).returning({ id: comment.id });
		// Ideas merged into the source earlier now point at the target, so no address redirects twice.
		await tx.update(proposal).set({ mergedIntoId: m.targetId, updatedAt: at }).where(eq(proposal.mergedIntoId, m.sourceId));
		await tx.update(proposal).set({ status: 'merged', mergedIntoId: m.targetId, updatedAt: at }).where(eq(proposal.id, m.sourceId));
		await tx.insert(proposalStatus).values({ proposalId: m.sourceId, status: 'merged', at, actorId: m.actorId, note: m.note });
		const subject = { type: 'proposal' as const, id: m.sourceId };
		const payload = { into: m.targetId, supportsMoved: movedRows, supportsDropped: Number(before[0]?.n ?? 0) - movedRows, commentsMoved: comments.length };
		await appendEvent(tx, { type: 'proposal.merged', actorId: m.actorId, subject, districtId: m.districtId, payload }, at);
		await appendEvent(tx, { type: 'proposal.status_changed', actorId: m.actorId, subject, districtId: m.districtId, payload: { from: source.status, to: 'merged', note: m.note } }, at);
		await notify(tx, await recipientOf(tx, m.sourceId), mail, at);
		return { kind: 'ok', ...payload };
	});
}

export async function titlesInRound(db: DbOrTx, roundId: string): Promise<string[]> {
	const rows = await db.select({ title: proposal.title }).from(proposal).where(and(eq(proposal.roundId, roundId), notInArray(proposal.status, ['merged', 'withdrawn'])));
	return rows.map((r) => r.title);
}

/**
 * Creates all planned ideas or none. The round is locked for imports (advisory lock) and the duplicate
 * check runs again inside, so two imports of the same file at once cannot create an idea twice.
 */
export async function importIdeas(
	db: DbOrTx,
	p: {
		roundId: string;
		districtId: string;
		actorId: string | null;
		channel: string;
		source: string;
		ideas: { title: string; description: string; benefit: string | null; reference: string | null; amountCents: number | null; contactEmail: string | null }[];
		isDuplicate: (title: string, existing: string[]) => boolean;
	},
	at: Date
): Promise<{ created: string[]; duplicates: number }> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${p.roundId}`}))`);
		const existing = await titlesInRound(tx, p.roundId);
		const created: string[] = [];
		let duplicates = 0;
		for (const idea of p.ideas) {
			if (p.isDuplicate(idea.title, existing)) {
				duplicates++;
				continue;
			}
			const [row] = await tx
				.insert(proposal)
				.values({
					roundId: p.roundId,
					title: idea.title,
					description: idea.description,
					benefit: idea.benefit,
					channel: p.channel,
					status: 'submitted',
					requestedCents: idea.amountCents,
					assistedBy: p.actorId,
					contactEmail: idea.contactEmail,
					sourceUrl: idea.reference,
					submittedAt: at,
					confirmedAt: at,
					createdAt: at,
					updatedAt: at
				})
				.returning({ id: proposal.id });
			const id = row!.id;
			await tx.insert(proposalStatus).values({ proposalId: id, status: 'submitted', at, actorId: p.actorId });
			await appendEvent(
				tx,
				{ type: 'proposal.submitted', actorId: p.actorId, subject: { type: 'proposal', id }, districtId: p.districtId, payload: { channel: p.channel, requestedCents: idea.amountCents ?? 0, assisted: true } },
				at
			);
			existing.push(idea.title);
			created.push(id);
		}
		await appendEvent(
			tx,
			{ type: 'proposals.imported', actorId: p.actorId, subject: { type: 'round', id: p.roundId }, districtId: p.districtId, payload: { created: created.length, duplicates, channel: p.channel, source: p.source } },
			at
		);
		return { created, duplicates };
	});
}

// ── Daily digest ──────────────────────────────────────────────────────────────────────────────────

export async function districts(db: DbOrTx) {
	return db.select({ id: district.id, name: district.name }).from(district).orderBy(asc(district.id));
}

export async function ideasSubmittedBetween(db: DbOrTx, districtId: string, from: Date, to: Date) {
	const rows = await db
		.select({ id: proposal.id, title: proposal.title, channel: proposal.channel, roundSlug: round.slug, regionName: region.name, programmeName: programme.name, year: round.year })
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(
			and(
				eq(programme.districtId, districtId),
				sql`${proposal.submittedAt} >= ${from.toISOString()}::timestamptz AND ${proposal.submittedAt} < ${to.toISOString()}::timestamptz`,
				notInArray(proposal.status, ['draft', 'unconfirmed'])
			)
		)
		.orderBy(asc(proposal.submittedAt));
	return rows;
}

/** Case workers and district admins of the district (verified addresses, not opted out). */
export async function digestRecipients(db: DbOrTx, districtId: string): Promise<string[]> {
	const rows = await db
		.selectDistinct({ email: user.email })
		.from(roleAssignment)
		.innerJoin(user, eq(user.id, roleAssignment.userId))
		.where(
			and(
				inArray(roleAssignment.role, ['case_worker', 'district_admin']),
				eq(roleAssignment.scopeKind, 'district'),
				eq(roleAssignment.scopeId, districtId),
				eq(user.emailVerified, true),
				sql`lower(${user.email}) NOT IN (SELECT email FROM ${mailOptOut})`
			)
		)
		.orderBy(asc(user.email));
	return rows.map((r) => r.email.toLowerCase());
}

/**
 * Sends one district's digest for one day at most once: an advisory lock serialises concurrent runs (several
 * app servers, a CLI run at the same time) and the `digest.sent` event is the record that it happened.
 */
export async function sendDigestOnce(
	db: DbOrTx,
	d: { districtId: string; day: string; ideas: number; recipients: string[]; build: (to: string) => Mail },
	at: Date
): Promise<'sent' | 'already' | 'empty'> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`digest:${d.districtId}:${d.day}`}))`);
		const done = await tx
			.select({ id: event.id })
			.from(event)
			.where(and(eq(event.type, 'digest.sent'), eq(event.subjectType, 'district'), eq(event.subjectId, d.districtId), sql`${event.payload}->>'day' = ${d.day}`))
			.limit(1);
		if (done.length > 0) return 'already';
		let sent = 0;
		if (d.ideas > 0) for (const to of d.recipients) if (await notify(tx, to, d.build, at)) sent++;
		await appendEvent(tx, { type: 'digest.sent', actorId: null, subject: { type: 'district', id: d.districtId }, districtId: d.districtId, payload: { day: d.day, ideas: d.ideas, recipients: sent } }, at);
		return d.ideas > 0 ? 'sent' : 'empty';
	});
}

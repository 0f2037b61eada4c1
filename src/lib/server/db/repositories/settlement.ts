// Storage of implementation updates, settlements, receipts and messages (issue 6). Every change writes its
// event in the same transaction (house rule 7); mails go to the outbox in that transaction.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { DomainEvent } from '../../../core/events.ts';
import type { Db, DbOrTx } from '../client.ts';
import { appendEvent } from './events.ts';
import { enqueueOutbox } from './outbox.ts';
import {
	district,
	grantApplication,
	programme,
	projectGrant,
	progressPhoto,
	progressUpdate,
	proposal,
	proposalStatus,
	region,
	round,
	roundPhase,
	settlement,
	settlementFile,
	settlementMessage,
	settlementReminder,
	user
} from '../schema/index.ts';

/** Statuses of a funded idea (proposal-status.ts): decided with an amount, up to closed. */
export const FUNDED_STATUSES = ['approved', 'applied', 'granted', 'in_implementation', 'settled', 'closed'] as const;

export type SettlementRow = typeof settlement.$inferSelect;

export type ProjectFacts = {
	id: string;
	title: string;
	status: string;
	applicantUserId: string | null;
	applicantEmail: string | null;
	contactEmail: string | null;
	requestedCents: number | null;
	roundId: string;
	roundSlug: string;
	year: number;
	regionId: string | null;
	regionName: string | null;
	districtId: string;
	programmeName: string;
	rules: ProgrammeRules;
	/** End of the round's settlement phase (YYYY-MM-DD), if it has one. */
	settlementPhaseEnd: string | null;
	settlement: SettlementRow | null;
	/** The grant as issued by notice (grants area), if there is one: its amount and payments are the truth. */
	grant: { amountCents: number; paidCents: number; settlementDue: string; paymentMode: string } | null;
};

export async function projectFacts(db: DbOrTx, proposalId: string): Promise<ProjectFacts | null> {
	const [p] = await db
		.select({
			id: proposal.id,
			title: proposal.title,
			status: proposal.status,
			applicantUserId: proposal.applicantUserId,
			applicantEmail: user.email,
			contactEmail: proposal.contactEmail,
			requestedCents: proposal.requestedCents,
			roundId: round.id,
			roundSlug: round.slug,
			year: round.year,
			regionId: round.regionId,
			regionName: region.name,
			districtId: programme.districtId,
			programmeName: programme.name,
			rules: programme.rules
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.leftJoin(user, eq(user.id, proposal.applicantUserId))
		.where(eq(proposal.id, proposalId));
	if (!p) return null;
	const [phase] = await db.select({ endsAt: roundPhase.endsAt }).from(roundPhase).where(and(eq(roundPhase.roundId, p.roundId), eq(roundPhase.key, 'settlement')));
	const [s] = await db.select().from(settlement).where(eq(settlement.proposalId, proposalId));
	const [g] = await db
		.select({ amountCents: projectGrant.amountCents, paidCents: projectGrant.paidCents, settlementDue: projectGrant.settlementDue, paymentMode: projectGrant.paymentMode })
		.from(projectGrant)
		.where(eq(projectGrant.proposalId, proposalId));
	return {
		...p,
		requestedCents: p.requestedCents === null ? null : Number(p.requestedCents),
		// A phase ends at the start of its last day's successor (exclusive end), so the deadline is the day before in Berlin.
		settlementPhaseEnd: phase?.endsAt ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(phase.endsAt.getTime() - 1)) : null,
		settlement: s ? normalise(s) : null,
		grant: g ? { ...g, amountCents: Number(g.amountCents), paidCents: Number(g.paidCents) } : null
	};
}

const normalise = (s: SettlementRow): SettlementRow => ({
	...s,
	grantedCents: Number(s.grantedCents),
	paidCents: Number(s.paidCents),
	acceptedCents: s.acceptedCents === null ? null : Number(s.acceptedCents),
	refundCents: s.refundCents === null ? null : Number(s.refundCents)
});

async function changeStatus(tx: DbOrTx, p: { proposalId: string; districtId: string; actorId: string | null; from: string; to: string }, at: Date) {
	if (p.from === p.to) return;
	await tx.update(proposal).set({ status: p.to, updatedAt: at }).where(eq(proposal.id, p.proposalId));
	await tx.insert(proposalStatus).values({ proposalId: p.proposalId, status: p.to, at, actorId: p.actorId });
	await appendEvent(tx, { type: 'proposal.status_changed', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { from: p.from, to: p.to, note: null } }, at);
}

const ev = (tx: DbOrTx, e: DomainEvent, at: Date) => appendEvent(tx, e, at);

// ——— staff list ———

export type FundedRow = {
	proposalId: string;
	title: string;
	status: string;
	roundSlug: string;
	year: number;
	regionName: string | null;
	districtId: string;
	regionId: string | null;
	roundId: string;
	requestedCents: number | null;
	settlementId: string | null;
	grantedCents: number | null;
	deadline: string | null;
	submittedAt: Date | null;
	closedAt: Date | null;
	pendingReceipts: number;
};

export async function fundedProjects(db: Db, districtIds: string[] | null): Promise<FundedRow[]> {
	const pending = db
		.select({ settlementId: settlementFile.settlementId, n: sql<number>`count(*)::int`.as('n') })
		.from(settlementFile)
		.where(and(eq(settlementFile.kind, 'receipt'), eq(settlementFile.status, 'pending')))
		.groupBy(settlementFile.settlementId)
		.as('pending');
	const rows = await db
		.select({
			proposalId: proposal.id,
			title: proposal.title,
			status: proposal.status,
			roundSlug: round.slug,
			year: round.year,
			regionName: region.name,
			districtId: programme.districtId,
			regionId: round.regionId,
			roundId: round.id,
			requestedCents: proposal.requestedCents,
			settlementId: settlement.id,
			grantedCents: settlement.grantedCents,
			deadline: settlement.deadline,
			submittedAt: settlement.submittedAt,
			closedAt: settlement.closedAt,
			pendingReceipts: pending.n
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.leftJoin(settlement, eq(settlement.proposalId, proposal.id))
		.leftJoin(pending, eq(pending.settlementId, settlement.id))
		.where(and(inArray(proposal.status, [...FUNDED_STATUSES]), districtIds ? inArray(programme.districtId, districtIds) : undefined))
		.orderBy(asc(settlement.deadline), asc(proposal.title))
		.limit(500);
	return rows.map((r) => ({
		...r,
		requestedCents: r.requestedCents === null ? null : Number(r.requestedCents),
		grantedCents: r.grantedCents === null ? null : Number(r.grantedCents),
		pendingReceipts: Number(r.pendingReceipts ?? 0)
	}));
}

// ——— opening, payments ———

export async function openSettlement(
	db: Db,
	p: { proposalId: string; districtId: string; actorId: string; grantedCents: number; paidCents: number; deadline: string; fromStatuses: readonly string[] },
	at: Date
): Promise<{ kind: 'ok'; id: string } | { kind: 'exists' } | { kind: 'status' }> {
	return db.transaction(async (tx) => {
		const [row] = await tx.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, p.proposalId)).for('update');
		if (!row || !p.fromStatuses.includes(row.status)) return { kind: 'status' as const };
		const inserted = await tx
			.insert(settlement)
			.values({ proposalId: p.proposalId, grantedCents: p.grantedCents, paidCents: p.paidCents, deadline: p.deadline, openedBy: p.actorId, createdAt: at })
			.onConflictDoNothing()
			.returning({ id: settlement.id });
		const id = inserted[0]?.id;
		if (!id) return { kind: 'exists' as const };
		await changeStatus(tx, { proposalId: p.proposalId, districtId: p.districtId, actorId: p.actorId, from: row.status, to: 'in_implementation' }, at);
		await ev(tx, { type: 'settlement.opened', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: id, grantedCents: p.grantedCents, paidCents: p.paidCents, deadline: p.deadline } }, at);
		return { kind: 'ok' as const, id };
	});
}

export async function recordPaid(db: Db, p: { settlementId: string; proposalId: string; districtId: string; actorId: string; paidCents: number }, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [s] = await tx.select().from(settlement).where(eq(settlement.id, p.settlementId)).for('update');
		if (!s || s.closedAt) return false;
		await tx.update(settlement).set({ paidCents: p.paidCents }).where(eq(settlement.id, s.id));
		await ev(tx, { type: 'settlement.paid_recorded', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: s.id, before: Number(s.paidCents), after: p.paidCents } }, at);
		return true;
	});
}

// ——— files ———

export type FileMeta = {
	id: string;
	kind: string;
	receiptDate: string | null;
	amountCents: number | null;
	category: string | null;
	description: string | null;
	fileName: string;
	mime: string;
	sizeBytes: number;
	status: string;
	reason: string | null;
	replacesId: string | null;
	replacedBy: string | null;
	erased: boolean;
	createdAt: Date;
	checkedAt: Date | null;
};

export async function filesOf(db: DbOrTx, settlementId: string): Promise<FileMeta[]> {
	const rows = await db
		.select({
			id: settlementFile.id,
			kind: settlementFile.kind,
			receiptDate: settlementFile.receiptDate,
			amountCents: settlementFile.amountCents,
			category: settlementFile.category,
			description: settlementFile.description,
			fileName: settlementFile.fileName,
			mime: settlementFile.mime,
			sizeBytes: settlementFile.sizeBytes,
			status: settlementFile.status,
			reason: settlementFile.reason,
			replacesId: settlementFile.replacesId,
			erased: sql<boolean>`${settlementFile.bytes} IS NULL`,
			createdAt: settlementFile.createdAt,
			checkedAt: settlementFile.checkedAt
		})
		.from(settlementFile)
		.where(eq(settlementFile.settlementId, settlementId))
		.orderBy(asc(settlementFile.createdAt), asc(settlementFile.id));
	const replacedBy = new Map(rows.filter((r) => r.replacesId).map((r) => [r.replacesId!, r.id]));
	return rows.map((r) => ({ ...r, amountCents: r.amountCents === null ? null : Number(r.amountCents), erased: !!r.erased, replacedBy: replacedBy.get(r.id) ?? null }));
}

export async function fileBytes(db: DbOrTx, settlementId: string, fileId: string) {
	const [f] = await db
		.select({ bytes: settlementFile.bytes, mime: settlementFile.mime, fileName: settlementFile.fileName })
		.from(settlementFile)
		.where(and(eq(settlementFile.id, fileId), eq(settlementFile.settlementId, settlementId)));
	return f ?? null;
}

export async function insertFile(
	db: Db,
	p: {
		settlementId: string;
		proposalId: string;
		districtId: string;
		actorId: string;
		kind: 'receipt' | 'photo';
		receiptDate: string | null;
		amountCents: number | null;
		category: string | null;
		description: string | null;
		excluded: boolean;
		fileName: string;
		mime: string;
		bytes: Uint8Array;
		sha256: string;
		replacesId: string | null;
		maxFiles: number;
	},
	at: Date
): Promise<{ kind: 'ok'; id: string } | { kind: 'closed' } | { kind: 'not_replaceable' } | { kind: 'too_many' }> {
	return db.transaction(async (tx) => {
		// The lock serialises uploads of one settlement, so the count limit and "replace once" hold under
		// concurrent posts (the unique index on replaces_id is the second line of defence).
		const [s] = await tx.select({ closedAt: settlement.closedAt }).from(settlement).where(eq(settlement.id, p.settlementId)).for('update');
		if (!s || s.closedAt) return { kind: 'closed' as const };
		const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(settlementFile).where(eq(settlementFile.settlementId, p.settlementId))) as [{ n: number }];
		if (Number(n) >= p.maxFiles) return { kind: 'too_many' as const };
		if (p.replacesId) {
			const [old] = await tx
				.select({ status: settlementFile.status, kind: settlementFile.kind })
				.from(settlementFile)
				.where(and(eq(settlementFile.id, p.replacesId), eq(settlementFile.settlementId, p.settlementId)));
			const [taken] = await tx.select({ id: settlementFile.id }).from(settlementFile).where(eq(settlementFile.replacesId, p.replacesId));
			if (!old || old.status !== 'rejected' || old.kind !== 'receipt' || taken) return { kind: 'not_replaceable' as const };
		}
		const [row] = await tx
			.insert(settlementFile)
			.values({
				settlementId: p.settlementId,
				kind: p.kind,
				receiptDate: p.receiptDate,
				amountCents: p.amountCents,
				category: p.category,
				description: p.description,
				fileName: p.fileName,
				mime: p.mime,
				sizeBytes: p.bytes.length,
				sha256: p.sha256,
				bytes: p.bytes,
				status: p.kind === 'photo' ? 'accepted' : 'pending',
				replacesId: p.replacesId,
				createdBy: p.actorId,
				createdAt: at
			})
			.returning({ id: settlementFile.id });
		await ev(
			tx,
			{
				type: 'settlement.receipt_added',
				actorId: p.actorId,
				subject: { type: 'proposal', id: p.proposalId },
				districtId: p.districtId,
				payload: { settlementId: p.settlementId, fileId: row!.id, kind: p.kind, amountCents: p.amountCents, category: p.category, excluded: p.excluded, replaces: p.replacesId }
			},
			at
		);
		return { kind: 'ok' as const, id: row!.id };
	});
}

export async function checkFile(
	db: Db,
	p: { settlementId: string; fileId: string; proposalId: string; districtId: string; actorId: string; status: 'accepted' | 'rejected'; reason: string | null },
	at: Date
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [s] = await tx.select({ closedAt: settlement.closedAt }).from(settlement).where(eq(settlement.id, p.settlementId)).for('update');
		if (!s || s.closedAt) return false;
		// Only a pending receipt can be decided, so two case workers clicking at once decide it once.
		const changed = await tx
			.update(settlementFile)
			.set({ status: p.status, reason: p.reason, checkedBy: p.actorId, checkedAt: at })
			.where(and(eq(settlementFile.id, p.fileId), eq(settlementFile.settlementId, p.settlementId), eq(settlementFile.kind, 'receipt'), eq(settlementFile.status, 'pending')))
			.returning({ id: settlementFile.id });
		if (changed.length === 0) return false;
		await ev(tx, { type: 'settlement.receipt_checked', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: p.settlementId, fileId: p.fileId, status: p.status, reason: p.reason } }, at);
		return true;
	});
}

// ——— report, submit, close ———

export async function saveReport(db: Db, p: { settlementId: string; report: string }): Promise<boolean> {
	const r = await db.update(settlement).set({ report: p.report }).where(and(eq(settlement.id, p.settlementId), isNull(settlement.closedAt))).returning({ id: settlement.id });
	return r.length > 0;
}

export async function submitSettlement(db: Db, p: { settlementId: string; proposalId: string; districtId: string; actorId: string; claimedCents: number }, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [s] = await tx.select().from(settlement).where(eq(settlement.id, p.settlementId)).for('update');
		if (!s || s.closedAt || s.submittedAt) return false;
		await tx.update(settlement).set({ submittedAt: at }).where(eq(settlement.id, s.id));
		const [row] = await tx.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, p.proposalId));
		await changeStatus(tx, { proposalId: p.proposalId, districtId: p.districtId, actorId: p.actorId, from: row!.status, to: 'settled' }, at);
		await ev(tx, { type: 'settlement.submitted', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: s.id, claimedCents: p.claimedCents } }, at);
		return true;
	});
}

/**
 * Closes in one transaction with the settlement row locked: `decide` gets the current row and files and
 * says whether closing is allowed (core closeCheck), so no receipt can change between check and close.
 */
export async function closeSettlement<R extends { ok: true; paidCents: number; provenCents: number; refundCents: number } | { ok: false; reason: string }>(
	db: Db,
	p: { settlementId: string; proposalId: string; districtId: string; actorId: string },
	decide: (s: SettlementRow, files: FileMeta[], grant: { amountCents: number; paidCents: number } | null) => R,
	at: Date
): Promise<R | { ok: false; reason: 'gone' }> {
	return db.transaction(async (tx) => {
		const [s] = await tx.select().from(settlement).where(eq(settlement.id, p.settlementId)).for('update');
		if (!s) return { ok: false as const, reason: 'gone' as const };
		// The grant row is locked too, so no payment is booked between the check and the close.
		const [g] = await tx.select({ amountCents: projectGrant.amountCents, paidCents: projectGrant.paidCents }).from(projectGrant).where(eq(projectGrant.proposalId, p.proposalId)).for('update');
		const r = decide(normalise(s), await filesOf(tx, s.id), g ? { amountCents: Number(g.amountCents), paidCents: Number(g.paidCents) } : null);
		if (!r.ok) return r;
		await tx
			.update(settlement)
			.set({ closedAt: at, closedBy: p.actorId, acceptedCents: r.provenCents, refundCents: r.refundCents, ...(g ? { grantedCents: Number(g.amountCents), paidCents: r.paidCents } : {}) })
			.where(eq(settlement.id, s.id));
		const [row] = await tx.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, p.proposalId));
		await changeStatus(tx, { proposalId: p.proposalId, districtId: p.districtId, actorId: p.actorId, from: row!.status, to: 'closed' }, at);
		await ev(tx, { type: 'settlement.closed', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: s.id, paidCents: r.paidCents, provenCents: r.provenCents, refundCents: r.refundCents } }, at);
		return r;
	});
}

// ——— messages ———

export async function messagesOf(db: DbOrTx, settlementId: string) {
	return db
		.select({ id: settlementMessage.id, body: settlementMessage.body, fromStaff: settlementMessage.fromStaff, at: settlementMessage.createdAt, author: user.pseudonym })
		.from(settlementMessage)
		.leftJoin(user, eq(user.id, settlementMessage.authorId))
		.where(eq(settlementMessage.settlementId, settlementId))
		.orderBy(asc(settlementMessage.createdAt), asc(settlementMessage.id));
}

export async function insertMessage(
	db: Db,
	p: { settlementId: string; proposalId: string; districtId: string; actorId: string; fromStaff: boolean; body: string; mails: { to: string; subject: string; text: string }[] },
	at: Date
): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.insert(settlementMessage).values({ settlementId: p.settlementId, authorId: p.actorId, fromStaff: p.fromStaff, body: p.body, createdAt: at });
		for (const mail of p.mails) await enqueueOutbox(tx, { kind: 'mail', payload: mail }, at);
		await ev(tx, { type: 'settlement.message_sent', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: p.settlementId, fromStaff: p.fromStaff } }, at);
	});
}

/** Staff to tell about an applicant's message: who opened the settlement and who checked its receipts. */
export async function staffContacts(db: DbOrTx, settlementId: string): Promise<string[]> {
	const rows = await db.execute(sql`
		SELECT DISTINCT u.email FROM ${user} u WHERE u.id IN (
			SELECT opened_by FROM ${settlement} WHERE id = ${settlementId}
			UNION SELECT checked_by FROM ${settlementFile} WHERE settlement_id = ${settlementId}
			UNION SELECT author_id FROM ${settlementMessage} WHERE settlement_id = ${settlementId} AND from_staff)`);
	const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { email: string }[];
	return list.map((r) => r.email);
}

// ——— progress updates ———

export async function insertProgress(
	db: Db,
	p: { proposalId: string; districtId: string; actorId: string; body: string; photos: { bytes: Uint8Array; mime: string; width: number; height: number; sha256: string; alt: string }[] },
	at: Date
): Promise<string> {
	return db.transaction(async (tx) => {
		const [u] = await tx.insert(progressUpdate).values({ proposalId: p.proposalId, authorId: p.actorId, body: p.body, status: 'pending', createdAt: at }).returning({ id: progressUpdate.id });
		for (const [i, ph] of p.photos.entries()) {
			await tx.insert(progressPhoto).values({ updateId: u!.id, position: i, mime: ph.mime, width: ph.width, height: ph.height, sizeBytes: ph.bytes.length, sha256: ph.sha256, alt: ph.alt, bytes: ph.bytes });
		}
		await ev(tx, { type: 'progress.posted', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { updateId: u!.id, photos: p.photos.length } }, at);
		return u!.id;
	});
}

export async function progressOf(db: DbOrTx, proposalId: string, onlyPublished: boolean) {
	const updates = await db
		.select({ id: progressUpdate.id, body: progressUpdate.body, status: progressUpdate.status, reason: progressUpdate.reason, at: progressUpdate.createdAt })
		.from(progressUpdate)
		.where(and(eq(progressUpdate.proposalId, proposalId), onlyPublished ? eq(progressUpdate.status, 'published') : undefined))
		.orderBy(desc(progressUpdate.createdAt));
	const ids = updates.map((u) => u.id);
	const photos = ids.length
		? await db
				.select({ id: progressPhoto.id, updateId: progressPhoto.updateId, alt: progressPhoto.alt, width: progressPhoto.width, height: progressPhoto.height })
				.from(progressPhoto)
				.where(inArray(progressPhoto.updateId, ids))
				.orderBy(asc(progressPhoto.position))
		: [];
	return updates.map((u) => ({ ...u, photos: photos.filter((p) => p.updateId === u.id) }));
}

export async function progressQueue(db: Db, districtIds: string[] | null) {
	return db
		.select({ id: progressUpdate.id, proposalId: proposal.id, title: proposal.title, body: progressUpdate.body, at: progressUpdate.createdAt, districtId: programme.districtId, regionId: round.regionId, roundId: round.id })
		.from(progressUpdate)
		.innerJoin(proposal, eq(proposal.id, progressUpdate.proposalId))
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(and(eq(progressUpdate.status, 'pending'), districtIds ? inArray(programme.districtId, districtIds) : undefined))
		.orderBy(asc(progressUpdate.createdAt))
		.limit(200);
}

export async function progressFacts(db: DbOrTx, updateId: string) {
	const [u] = await db.select({ id: progressUpdate.id, proposalId: progressUpdate.proposalId, status: progressUpdate.status }).from(progressUpdate).where(eq(progressUpdate.id, updateId));
	return u ?? null;
}

export async function moderateProgress(db: Db, p: { updateId: string; proposalId: string; districtId: string; actorId: string; status: 'published' | 'rejected'; reason: string | null }, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const r = await tx
			.update(progressUpdate)
			.set({ status: p.status, reason: p.reason, moderatedBy: p.actorId, moderatedAt: at })
			.where(and(eq(progressUpdate.id, p.updateId), eq(progressUpdate.status, 'pending')))
			.returning({ id: progressUpdate.id });
		if (r.length === 0) return false;
		await ev(tx, { type: 'progress.moderated', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { updateId: p.updateId, status: p.status, reason: p.reason } }, at);
		return true;
	});
}

export async function progressPhotoBytes(db: DbOrTx, proposalId: string, photoId: string) {
	const [f] = await db
		.select({ bytes: progressPhoto.bytes, mime: progressPhoto.mime, status: progressUpdate.status })
		.from(progressPhoto)
		.innerJoin(progressUpdate, eq(progressUpdate.id, progressPhoto.updateId))
		.where(and(eq(progressPhoto.id, photoId), eq(progressUpdate.proposalId, proposalId)));
	return f ?? null;
}

// ——— public accounts ———

export type AccountRow = {
	proposalId: string;
	title: string;
	status: string;
	roundId: string;
	roundSlug: string;
	year: number;
	budgetCents: number;
	programmeName: string;
	regionName: string | null;
	districtId: string;
	districtName: string;
	requestedCents: number | null;
	grantedCents: number | null;
	paidCents: number;
	acceptedCents: number | null;
	refundCents: number | null;
	closed: boolean;
};

/** Funded projects with their amounts, no personal data: titles, statuses and sums only. */
export async function accountRows(db: Db, where: { districtId: string; year?: number; roundSlug?: string }): Promise<{ rounds: { id: string; slug: string; year: number; budgetCents: number; programmeName: string; regionName: string | null }[]; rows: AccountRow[] }> {
	const roundFilter = and(
		eq(programme.districtId, where.districtId),
		where.year !== undefined ? eq(round.year, where.year) : undefined,
		where.roundSlug !== undefined ? eq(round.slug, where.roundSlug) : undefined
	);
	const rounds = await db
		.select({ id: round.id, slug: round.slug, year: round.year, budgetCents: round.budgetCents, programmeName: programme.name, regionName: region.name })
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(roundFilter)
		.orderBy(asc(programme.name), asc(region.name));
	const rows = await db
		.select({
			proposalId: proposal.id,
			title: proposal.title,
			status: proposal.status,
			roundId: round.id,
			roundSlug: round.slug,
			year: round.year,
			budgetCents: round.budgetCents,
			programmeName: programme.name,
			regionName: region.name,
			districtId: district.id,
			districtName: district.name,
			requestedCents: proposal.requestedCents,
			grantedCents: sql<number | null>`coalesce(${projectGrant.amountCents}, ${settlement.grantedCents})`,
			paidCents: sql<number | null>`coalesce(${projectGrant.paidCents}, ${settlement.paidCents})`,
			acceptedCents: settlement.acceptedCents,
			refundCents: settlement.refundCents,
			closedAt: settlement.closedAt
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.innerJoin(district, eq(district.id, programme.districtId))
		.leftJoin(region, eq(region.id, round.regionId))
		.leftJoin(settlement, eq(settlement.proposalId, proposal.id))
		.leftJoin(projectGrant, eq(projectGrant.proposalId, proposal.id))
		.where(and(roundFilter, inArray(proposal.status, [...FUNDED_STATUSES])))
		.orderBy(asc(region.name), asc(proposal.title));
	const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	return {
		rounds: rounds.map((r) => ({ ...r, budgetCents: Number(r.budgetCents) })),
		rows: rows.map((r) => ({
			...r,
			budgetCents: Number(r.budgetCents),
			requestedCents: n(r.requestedCents),
			grantedCents: n(r.grantedCents),
			paidCents: n(r.paidCents) ?? 0,
			acceptedCents: n(r.acceptedCents),
			refundCents: n(r.refundCents),
			closed: r.closedAt !== null
		}))
	};
}

export async function districtBySlug(db: Db, slugOrId: string) {
	const [d] = await db.select().from(district).where(sql`${district.slug} = ${slugOrId} OR ${district.id} = ${slugOrId}`);
	return d ?? null;
}

export async function roundDistrict(db: Db, slug: string) {
	const [r] = await db.select({ districtId: programme.districtId, year: round.year }).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).where(eq(round.slug, slug));
	return r ?? null;
}

export async function accountYears(db: Db, districtId: string): Promise<number[]> {
	const rows = await db.selectDistinct({ year: round.year }).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).where(eq(programme.districtId, districtId)).orderBy(desc(round.year));
	return rows.map((r) => r.year);
}

// ——— reminders and retention ———

export async function openSettlements(db: Db) {
	const rows = await db
		.select({
			id: settlement.id,
			proposalId: proposal.id,
			title: proposal.title,
			deadline: settlement.deadline,
			submittedAt: settlement.submittedAt,
			year: round.year,
			districtId: programme.districtId,
			email: sql<string | null>`coalesce(${user.email}, ${proposal.contactEmail})`
		})
		.from(settlement)
		.innerJoin(proposal, eq(proposal.id, settlement.proposalId))
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(user, eq(user.id, proposal.applicantUserId))
		.where(isNull(settlement.closedAt));
	const sent = rows.length ? await db.select().from(settlementReminder).where(inArray(settlementReminder.settlementId, rows.map((r) => r.id))) : [];
	return rows.map((r) => ({ ...r, sent: sent.filter((s) => s.settlementId === r.id).map((s) => s.kind) }));
}

/** Records and queues one reminder; false when it was already sent (by an earlier or a concurrent run). */
export async function sendReminderOnce(db: Db, p: { settlementId: string; proposalId: string; districtId: string; kind: string; mail: { to: string; subject: string; text: string } | null }, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const r = await tx.insert(settlementReminder).values({ settlementId: p.settlementId, kind: p.kind, sentAt: at }).onConflictDoNothing().returning({ kind: settlementReminder.kind });
		if (r.length === 0) return false;
		if (p.mail) await enqueueOutbox(tx, { kind: 'mail', payload: p.mail }, at);
		await ev(tx, { type: 'settlement.reminder_sent', actorId: null, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: p.settlementId, kind: p.kind } }, at);
		return true;
	});
}

export async function closedSettlements(db: Db) {
	return db
		.select({ id: settlement.id, proposalId: settlement.proposalId, closedAt: settlement.closedAt, contactErasedAt: settlement.contactErasedAt, receiptsErasedAt: settlement.receiptsErasedAt, districtId: programme.districtId })
		.from(settlement)
		.innerJoin(proposal, eq(proposal.id, settlement.proposalId))
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(isNotNull(settlement.closedAt));
}

/**
 * Erases what retention says is due, in one transaction with its audit event. Contact data: the proposer's
 * mail address of an idea handed in without an account. Receipt files: the bytes (the numbers stay, they are
 * the public accounts). Contact and bank data of the grant application (grants area) go with the contact data.
 */
export async function applyRetention(db: Db, p: { settlementId: string; proposalId: string; districtId: string; contact: boolean; receipts: boolean }, at: Date): Promise<{ receiptFilesErased: number }> {
	return db.transaction(async (tx) => {
		let receiptFilesErased = 0;
		if (p.contact) {
			await tx.update(proposal).set({ contactEmail: null }).where(eq(proposal.id, p.proposalId));
			// The application's contact and bank data (grants area): the columns are nullable for this.
			await tx
				.update(grantApplication)
				.set({ contactName: null, contactEmail: null, contactPhone: null, contactAddress: null, accountHolder: null, ibanCipher: null, ibanCountry: null, ibanLast4: null, personalDataErasedAt: at })
				.where(and(eq(grantApplication.proposalId, p.proposalId), isNull(grantApplication.personalDataErasedAt)));
			await tx.update(settlement).set({ contactErasedAt: at }).where(eq(settlement.id, p.settlementId));
		}
		if (p.receipts) {
			const r = await tx.update(settlementFile).set({ bytes: null }).where(and(eq(settlementFile.settlementId, p.settlementId), isNotNull(settlementFile.bytes))).returning({ id: settlementFile.id });
			receiptFilesErased = r.length;
			await tx.update(settlement).set({ receiptsErasedAt: at }).where(eq(settlement.id, p.settlementId));
		}
		await ev(tx, { type: 'settlement.retention_applied', actorId: null, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { settlementId: p.settlementId, contactErased: p.contact, receiptFilesErased } }, at);
		return { receiptFilesErased };
	});
}

// ——— demo data (seed-settlement.ts) ———

/**
 * Demo: the demo resident carries out funded example projects of the Kiezkasse Adlershof, so implementation,
 * settlement and the public accounts can be tried. One project is settled and closed (with a refund), one is
 * being implemented with a receipt waiting for the check, and a few are decided and waiting for their
 * settlement to be opened. Idempotent: nothing happens once the closed demo settlement exists.
 */
export async function seedSettlementDemo(
	tx: DbOrTx,
	p: { year: number; at: Date; residentEmail: string; caseWorkerEmail: string; roundSlug: string; closed: string; running: string; waiting: string[]; receipt: Uint8Array; sha256: (b: Uint8Array) => string }
): Promise<{ settlements: number }> {
	const [resident] = await tx.select({ id: user.id }).from(user).where(eq(user.email, p.residentEmail));
	const [worker] = await tx.select({ id: user.id }).from(user).where(eq(user.email, p.caseWorkerEmail));
	const [r] = await tx.select({ id: round.id, districtId: programme.districtId }).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).where(eq(round.slug, p.roundSlug));
	if (!resident || !worker || !r) return { settlements: 0 };
	const byTitle = async (title: string) => (await tx.select({ id: proposal.id, status: proposal.status, requestedCents: proposal.requestedCents }).from(proposal).where(and(eq(proposal.roundId, r.id), eq(proposal.title, title))))[0];
	const closed = await byTitle(p.closed);
	const running = await byTitle(p.running);
	if (!closed || !running) return { settlements: 0 };
	if ((await tx.select({ id: settlement.id }).from(settlement).where(eq(settlement.proposalId, closed.id))).length > 0) return { settlements: 0 };
	const day = (m: number, d: number) => new Date(Date.UTC(p.year, m - 1, d, 10));
	const ids = [closed.id, running.id];
	for (const t of p.waiting) {
		const w = await byTitle(t);
		if (w) ids.push(w.id);
	}
	await tx.update(proposal).set({ applicantUserId: resident.id }).where(inArray(proposal.id, ids));
	const receipt = (settlementId: string, date: string, cents: number, category: string, description: string, status: string) => ({
		settlementId,
		kind: 'receipt',
		receiptDate: date,
		amountCents: cents,
		category,
		description,
		fileName: `${description.replace(/[^\p{L}\p{N} ._-]/gu, '_')}.pdf`,
		mime: 'application/pdf',
		sizeBytes: p.receipt.length,
		sha256: p.sha256(p.receipt),
		bytes: p.receipt,
		status,
		checkedBy: status === 'pending' ? null : worker.id,
		checkedAt: status === 'pending' ? null : day(11, 2),
		createdBy: resident.id,
		createdAt: day(10, 20)
	});
	// Closed: 238 € granted and paid in advance, 224.90 € proven, 13.10 € paid back.
	const granted = Number(closed.requestedCents ?? 23_800);
	const [a] = await tx
		.insert(settlement)
		.values({ proposalId: closed.id, grantedCents: granted, paidCents: granted, deadline: `${p.year}-11-30`, report: 'Die zwei Pavillons stehen seit dem Sommerfest im Hof des Kiezklubs und wurden bei vier Veranstaltungen genutzt.', submittedAt: day(10, 25), acceptedCents: 22_490, refundCents: granted - 22_490, closedAt: day(11, 5), closedBy: worker.id, openedBy: worker.id, createdAt: day(6, 1) })
		.returning({ id: settlement.id });
	await tx.insert(settlementFile).values([receipt(a!.id, `${p.year}-07-02`, 18_990, 'material', 'Baumarkt Pavillons', 'accepted'), receipt(a!.id, `${p.year}-07-10`, 3_500, 'print', 'Druckerei Plakate', 'accepted')]);
	await changeStatus(tx, { proposalId: closed.id, districtId: r.districtId, actorId: worker.id, from: closed.status, to: 'closed' }, day(11, 5));
	await tx.insert(progressUpdate).values({ proposalId: closed.id, authorId: resident.id, body: 'Die Pavillons sind aufgebaut! Beim Sommerfest haben sie Schatten für die Kinderecke gespendet.', status: 'published', moderatedBy: worker.id, moderatedAt: day(7, 20), createdAt: day(7, 18) });
	// Running: 385 € granted, paid in advance; one receipt waits for the check.
	const g2 = Number(running.requestedCents ?? 38_500);
	const [b] = await tx
		.insert(settlement)
		.values({ proposalId: running.id, grantedCents: g2, paidCents: g2, deadline: `${p.year}-12-15`, openedBy: worker.id, createdAt: day(6, 1) })
		.returning({ id: settlement.id });
	await tx.insert(settlementFile).values([receipt(b!.id, `${p.year}-09-12`, 21_450, 'material', 'Holz und Erde für Hochbeete', 'pending')]);
	await changeStatus(tx, { proposalId: running.id, districtId: r.districtId, actorId: worker.id, from: running.status, to: 'in_implementation' }, day(6, 1));
	return { settlements: 2 };
}

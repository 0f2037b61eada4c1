// Reads and writes of the grant part (issue 6): applications, grant notices, payments and the round's money.
// Every state change writes its status row and its audit event in the same transaction (house rule 7), and
// moves the proposal's status with a conditional UPDATE so a double or concurrent post changes it once.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { ConfirmedCostItem } from '../schema/grants.ts';
import type { DbOrTx } from '../client.ts';
import {
	assembly,
	assemblyItem,
	costItem,
	district,
	grantApplication,
	grantNoticeTemplate,
	grantNoticeTemplateVersion,
	grantPayment,
	programme,
	projectGrant,
	proposal,
	proposalStatus,
	region,
	round,
	settlement,
	user
} from '../schema/index.ts';
import { appendEvent } from './events.ts';
import { enqueueOutbox } from './outbox.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export type CaseRound = {
	id: string;
	slug: string;
	year: number;
	budgetCents: number;
	districtId: string;
	districtName: string;
	regionId: string | null;
	regionName: string | null;
	programmeId: string;
	programmeName: string;
	template: string;
	rules: ProgrammeRules;
};

const roundCols = {
	id: round.id,
	slug: round.slug,
	year: round.year,
	budgetCents: round.budgetCents,
	districtId: programme.districtId,
	districtName: district.name,
	regionId: round.regionId,
	regionName: region.name,
	programmeId: programme.id,
	programmeName: programme.name,
	template: programme.template,
	rules: programme.rules
};

export async function roundForGrants(db: DbOrTx, slug: string): Promise<CaseRound | null> {
	const [r] = await db
		.select(roundCols)
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.innerJoin(district, eq(district.id, programme.districtId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(eq(round.slug, slug.slice(0, 200)));
	return r ? { ...r, budgetCents: Number(r.budgetCents) } : null;
}

export type ApplicationRow = typeof grantApplication.$inferSelect;
export type GrantRow = Omit<typeof projectGrant.$inferSelect, 'noticePdf' | 'templateSnapshot'>;
export type PaymentRow = typeof grantPayment.$inferSelect & { recordedByName: string | null };

const grantCols = {
	id: projectGrant.id,
	proposalId: projectGrant.proposalId,
	applicationId: projectGrant.applicationId,
	roundId: projectGrant.roundId,
	reference: projectGrant.reference,
	amountCents: projectGrant.amountCents,
	paidCents: projectGrant.paidCents,
	purpose: projectGrant.purpose,
	periodStart: projectGrant.periodStart,
	periodEnd: projectGrant.periodEnd,
	settlementDue: projectGrant.settlementDue,
	paymentMode: projectGrant.paymentMode,
	conditions: projectGrant.conditions,
	noticeSha256: projectGrant.noticeSha256,
	templateVersionId: projectGrant.templateVersionId,
	issuedAt: projectGrant.issuedAt,
	issuedBy: projectGrant.issuedBy
};
const toGrant = <T extends { amountCents: number; paidCents: number }>(g: T): T => ({ ...g, amountCents: Number(g.amountCents), paidCents: Number(g.paidCents) });

/**
 * The approved amount of a funded proposal: what the assembly recorded (latest sitting first); for programmes
 * decided by vote or by the office, the requested amount is what was approved.
 */
async function approvedAmount(db: DbOrTx, proposalId: string, requested: number | null): Promise<number | null> {
	const [a] = await db
		.select({ cents: assemblyItem.approvedCents })
		.from(assemblyItem)
		.innerJoin(assembly, eq(assembly.id, assemblyItem.assemblyId))
		.where(and(eq(assemblyItem.proposalId, proposalId), sql`${assemblyItem.approvedCents} IS NOT NULL`))
		.orderBy(desc(assembly.sitting))
		.limit(1);
	if (a?.cents !== undefined && a.cents !== null) return Number(a.cents);
	return requested;
}

export type GrantCase = {
	proposal: { id: string; title: string; status: string; applicantUserId: string | null; requestedCents: number | null; contactEmail: string | null; organisationId: string | null };
	round: CaseRound;
	costItems: ConfirmedCostItem[];
	approvedCents: number | null;
	application: ApplicationRow | null;
	grant: GrantRow | null;
	payments: PaymentRow[];
	applicant: { name: string; email: string } | null;
};

export async function grantCase(db: DbOrTx, proposalId: string): Promise<GrantCase | null> {
	if (!isUuid(proposalId)) return null;
	const [p] = await db
		.select({
			id: proposal.id,
			title: proposal.title,
			status: proposal.status,
			applicantUserId: proposal.applicantUserId,
			requestedCents: proposal.requestedCents,
			contactEmail: proposal.contactEmail,
			organisationId: proposal.organisationId,
			roundSlug: round.slug
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.where(eq(proposal.id, proposalId));
	if (!p) return null;
	const r = await roundForGrants(db, p.roundSlug);
	if (!r) return null;
	const items = await db
		.select({ category: costItem.category, description: costItem.description, amountCents: costItem.amountCents })
		.from(costItem)
		.where(eq(costItem.proposalId, proposalId))
		.orderBy(asc(costItem.position));
	const [application] = await db.select().from(grantApplication).where(eq(grantApplication.proposalId, proposalId));
	const [g] = await db.select(grantCols).from(projectGrant).where(eq(projectGrant.proposalId, proposalId));
	const payments = g ? await paymentsOf(db, g.id) : [];
	const [applicant] = p.applicantUserId ? await db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, p.applicantUserId)) : [];
	const requested = p.requestedCents === null ? null : Number(p.requestedCents);
	const { roundSlug: _s, ...prop } = p;
	void _s;
	return {
		proposal: { ...prop, requestedCents: requested },
		round: r,
		costItems: items.map((i) => ({ ...i, amountCents: Number(i.amountCents) })),
		approvedCents: await approvedAmount(db, proposalId, requested),
		application: application ? { ...application, approvedCents: Number(application.approvedCents) } : null,
		grant: g ? toGrant(g) : null,
		payments,
		applicant: applicant ?? null
	};
}

async function paymentsOf(db: DbOrTx, grantId: string): Promise<PaymentRow[]> {
	const rows = await db
		.select({
			id: grantPayment.id,
			grantId: grantPayment.grantId,
			paidOn: grantPayment.paidOn,
			amountCents: grantPayment.amountCents,
			reference: grantPayment.reference,
			recordedBy: grantPayment.recordedBy,
			recordedAt: grantPayment.recordedAt,
			recordedByName: user.name
		})
		.from(grantPayment)
		.leftJoin(user, eq(user.id, grantPayment.recordedBy))
		.where(eq(grantPayment.grantId, grantId))
		.orderBy(asc(grantPayment.paidOn), asc(grantPayment.recordedAt));
	return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents) }));
}

export async function noticeTemplate(db: DbOrTx, programmeId: string) {
	const [t] = await db.select().from(grantNoticeTemplate).where(eq(grantNoticeTemplate.programmeId, programmeId));
	return t ?? null;
}

export type TemplateVersionRow = typeof grantNoticeTemplateVersion.$inferSelect;

/** The newest saved version of a programme's notice template, or null when none was saved yet. */
export async function latestTemplateVersion(db: DbOrTx, programmeId: string): Promise<TemplateVersionRow | null> {
	const [t] = await db.select().from(grantNoticeTemplateVersion).where(eq(grantNoticeTemplateVersion.programmeId, programmeId)).orderBy(desc(grantNoticeTemplateVersion.version)).limit(1);
	return t ?? null;
}

export async function templateVersion(db: DbOrTx, programmeId: string, version: number): Promise<TemplateVersionRow | null> {
	const [t] = await db
		.select()
		.from(grantNoticeTemplateVersion)
		.where(and(eq(grantNoticeTemplateVersion.programmeId, programmeId), eq(grantNoticeTemplateVersion.version, version)));
	return t ?? null;
}

/** All versions of a programme's template, newest first, with who saved them and how many notices used each. */
export async function templateVersions(db: DbOrTx, programmeId: string) {
	const rows = await db
		.select({
			version: grantNoticeTemplateVersion.version,
			createdAt: grantNoticeTemplateVersion.createdAt,
			createdByName: user.name,
			notices: sql<number>`(SELECT count(*)::int FROM ${projectGrant} WHERE ${projectGrant.templateVersionId} = ${grantNoticeTemplateVersion.id})`
		})
		.from(grantNoticeTemplateVersion)
		.leftJoin(user, eq(user.id, grantNoticeTemplateVersion.createdBy))
		.where(eq(grantNoticeTemplateVersion.programmeId, programmeId))
		.orderBy(desc(grantNoticeTemplateVersion.version));
	return rows.map((r) => ({ ...r, notices: Number(r.notices) }));
}

/**
 * Saves a new version: the next number after the newest. Two editors saving at once both read the same newest
 * number; the unique key refuses the second insert, which then reports a conflict (nothing is overwritten).
 */
export async function insertTemplateVersion(
	db: DbOrTx,
	t: Omit<typeof grantNoticeTemplateVersion.$inferInsert, 'id' | 'version'> & { districtId: string; expectedVersion: number }
): Promise<{ kind: 'ok'; version: number } | { kind: 'conflict' }> {
	const { districtId, expectedVersion, ...row } = t;
	return db
		.transaction(async (tx) => {
			const [cur] = await tx
				.select({ v: sql<number>`coalesce(max(${grantNoticeTemplateVersion.version}), 0)::int` })
				.from(grantNoticeTemplateVersion)
				.where(eq(grantNoticeTemplateVersion.programmeId, row.programmeId));
			const current = Number(cur?.v ?? 0);
			if (current !== expectedVersion) tx.rollback();
			const version = current + 1;
			const [ins] = await tx.insert(grantNoticeTemplateVersion).values({ ...row, version }).onConflictDoNothing().returning({ id: grantNoticeTemplateVersion.id });
			if (!ins) tx.rollback();
			await appendEvent(tx, { type: 'grant.template_saved', actorId: row.createdBy ?? null, subject: { type: 'programme', id: row.programmeId }, districtId, payload: { version, templateVersionId: ins!.id } }, row.createdAt);
			return { kind: 'ok' as const, version };
		})
		.catch((e: unknown) => {
			if (isRollback(e)) return { kind: 'conflict' as const };
			throw e;
		});
}

/** Programmes with their district, for the template list and the export filter. */
export async function programmesForGrants(db: DbOrTx) {
	return db
		.select({ id: programme.id, name: programme.name, slug: programme.slug, districtId: programme.districtId, districtName: district.name })
		.from(programme)
		.innerJoin(district, eq(district.id, programme.districtId))
		.orderBy(asc(district.name), asc(programme.name));
}

export async function programmeById(db: DbOrTx, id: string) {
	if (!isUuid(id)) return null;
	const [p] = await db
		.select({ id: programme.id, name: programme.name, slug: programme.slug, districtId: programme.districtId, districtName: district.name })
		.from(programme)
		.innerJoin(district, eq(district.id, programme.districtId))
		.where(eq(programme.id, id));
	return p ?? null;
}

/** A page of applications holding an encrypted IBAN, by id (key rotation walks them in order). */
export async function cipheredApplications(db: DbOrTx, afterId: string | null, limit: number) {
	return db
		.select({ id: grantApplication.id, ibanCipher: grantApplication.ibanCipher })
		.from(grantApplication)
		.where(and(sql`${grantApplication.ibanCipher} IS NOT NULL`, afterId ? sql`${grantApplication.id} > ${afterId}` : sql`true`))
		.orderBy(asc(grantApplication.id))
		.limit(limit);
}

/** Replaces one ciphertext only if it is still the one read (compare-and-swap): true when it was replaced. */
export async function swapIbanCipher(db: DbOrTx, id: string, from: string, to: string): Promise<boolean> {
	const r = await db
		.update(grantApplication)
		.set({ ibanCipher: to })
		.where(and(eq(grantApplication.id, id), eq(grantApplication.ibanCipher, from)))
		.returning({ id: grantApplication.id });
	return r.length > 0;
}

export async function noticePdf(db: DbOrTx, proposalId: string): Promise<{ pdf: Uint8Array; reference: string } | null> {
	if (!isUuid(proposalId)) return null;
	const [g] = await db.select({ pdf: projectGrant.noticePdf, reference: projectGrant.reference }).from(projectGrant).where(eq(projectGrant.proposalId, proposalId));
	return g ?? null;
}

/** Moves the proposal from one status to the next, once: false when another request moved it first. */
async function moveStatus(tx: DbOrTx, proposalId: string, from: string, to: string, actorId: string | null, districtId: string, at: Date): Promise<boolean> {
	const moved = await tx
		.update(proposal)
		.set({ status: to, updatedAt: at })
		.where(and(eq(proposal.id, proposalId), eq(proposal.status, from)))
		.returning({ id: proposal.id });
	if (moved.length === 0) return false;
	await tx.insert(proposalStatus).values({ proposalId, status: to, at, actorId });
	await appendEvent(tx, { type: 'proposal.status_changed', actorId, subject: { type: 'proposal', id: proposalId }, districtId, payload: { from, to, note: null } }, at);
	return true;
}

export type NewApplication = Omit<typeof grantApplication.$inferInsert, 'id'> & { districtId: string; onBehalf: boolean };

export async function insertApplication(db: DbOrTx, a: NewApplication): Promise<{ kind: 'ok'; id: string } | { kind: 'conflict' }> {
	return db.transaction(async (tx) => {
		const { districtId, onBehalf, ...row } = a;
		const at = row.submittedAt;
		if (!(await moveStatus(tx, row.proposalId, 'approved', 'applied', row.submittedBy ?? null, districtId, at))) {
			tx.rollback();
		}
		const [ins] = await tx.insert(grantApplication).values(row).onConflictDoNothing().returning({ id: grantApplication.id });
		if (!ins) tx.rollback();
		await appendEvent(tx, { type: 'grant.applied', actorId: row.submittedBy ?? null, subject: { type: 'proposal', id: row.proposalId }, districtId, payload: { applicationId: ins!.id, approvedCents: row.approvedCents, onBehalf } }, at);
		return { kind: 'ok' as const, id: ins!.id };
	}).catch((e: unknown) => {
		if (isRollback(e)) return { kind: 'conflict' as const };
		throw e;
	});
}

const isRollback = (e: unknown) => e instanceof Error && (e.name === 'TransactionRollbackError' || /rollback/i.test(e.message));

/** Next running number of grants in a round (the unique key on the reference makes a race a retry). */
export async function nextGrantSeq(db: DbOrTx, roundId: string): Promise<number> {
	const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(projectGrant).where(eq(projectGrant.roundId, roundId));
	return Number(r?.n ?? 0) + 1;
}

/** `mail`: the applicant's notice, queued in the same transaction so it goes out exactly when the grant exists. */
export type NewGrant = Omit<typeof projectGrant.$inferInsert, 'id' | 'paidCents'> & { districtId: string; mail?: (grantId: string) => unknown };

export async function insertGrant(db: DbOrTx, g: NewGrant): Promise<{ kind: 'ok'; id: string } | { kind: 'conflict' }> {
	return db.transaction(async (tx) => {
		const { districtId, mail, ...row } = g;
		const at = row.issuedAt;
		const actor = row.issuedBy ?? null;
		if (!(await moveStatus(tx, row.proposalId, 'applied', 'granted', actor, districtId, at))) tx.rollback();
		const [ins] = await tx.insert(projectGrant).values(row).onConflictDoNothing().returning({ id: projectGrant.id });
		if (!ins) tx.rollback();
		await appendEvent(
			tx,
			{ type: 'grant.issued', actorId: actor, subject: { type: 'proposal', id: row.proposalId }, districtId, payload: { grantId: ins!.id, reference: row.reference, amountCents: row.amountCents, paymentMode: row.paymentMode, noticeSha256: row.noticeSha256, templateVersion: row.templateSnapshot?.version ?? null } },
			at
		);
		// The notice is the go-ahead (domain.md §2: "grant notice before any commitment"): implementation starts.
		await moveStatus(tx, row.proposalId, 'granted', 'in_implementation', actor, districtId, at);
		const m = mail?.(ins!.id);
		if (m) await enqueueOutbox(tx, { kind: 'mail', payload: m }, at);
		return { kind: 'ok' as const, id: ins!.id };
	}).catch((e: unknown) => {
		if (isRollback(e)) return { kind: 'conflict' as const };
		throw e;
	});
}

/**
 * Books a payment. The conditional UPDATE raises `paid_cents` only while the sum stays within the grant; the
 * row lock it takes serialises concurrent payments on the same grant, and the check constraint
 * `project_grant_paid_within_amount` would refuse anything that slipped past (it cannot, but it is the guard).
 */
export async function insertPayment(
	db: DbOrTx,
	p: { grantId: string; proposalId: string; districtId: string; paidOn: string; amountCents: number; reference: string; actorId: string | null; at: Date; mail?: (paidCents: number) => unknown }
): Promise<{ kind: 'ok'; id: string; paidCents: number } | { kind: 'exceeds' }> {
	return db.transaction(async (tx) => {
		const [g] = await tx
			.update(projectGrant)
			.set({ paidCents: sql`${projectGrant.paidCents} + ${p.amountCents}` })
			.where(and(eq(projectGrant.id, p.grantId), sql`${projectGrant.paidCents} + ${p.amountCents} <= ${projectGrant.amountCents}`))
			.returning({ paidCents: projectGrant.paidCents });
		if (!g) return { kind: 'exceeds' as const };
		const [ins] = await tx
			.insert(grantPayment)
			.values({ grantId: p.grantId, paidOn: p.paidOn, amountCents: p.amountCents, reference: p.reference, recordedBy: p.actorId, recordedAt: p.at })
			.returning({ id: grantPayment.id });
		const paidCents = Number(g.paidCents);
		await appendEvent(
			tx,
			{ type: 'grant.payment_recorded', actorId: p.actorId, subject: { type: 'proposal', id: p.proposalId }, districtId: p.districtId, payload: { grantId: p.grantId, paymentId: ins!.id, amountCents: p.amountCents, paidOn: p.paidOn, paidCents } },
			p.at
		);
		const m = p.mail?.(paidCents);
		if (m) await enqueueOutbox(tx, { kind: 'mail', payload: m }, p.at);
		return { kind: 'ok' as const, id: ins!.id, paidCents };
	});
}

export async function recordEvent(db: DbOrTx, e: Parameters<typeof appendEvent>[1], at: Date) {
	await appendEvent(db, e, at);
}

/** Funded proposals of a round with their application, grant and payment sums (staff list and ledger). */
export async function roundCases(db: DbOrTx, roundId: string) {
	const rows = await db
		.select({
			proposalId: proposal.id,
			title: proposal.title,
			status: proposal.status,
			requestedCents: proposal.requestedCents,
			applicationId: grantApplication.id,
			applicantName: grantApplication.contactName,
			organisationName: grantApplication.organisationName,
			approvedCents: grantApplication.approvedCents,
			grantId: projectGrant.id,
			reference: projectGrant.reference,
			amountCents: projectGrant.amountCents,
			paidCents: projectGrant.paidCents,
			settlementDue: projectGrant.settlementDue,
			// The settlement's figures, frozen when the case worker closes it (settlement part of issue 6).
			settledCents: settlement.acceptedCents,
			refundedCents: settlement.refundCents,
			closedAt: settlement.closedAt
		})
		.from(proposal)
		.leftJoin(grantApplication, eq(grantApplication.proposalId, proposal.id))
		.leftJoin(projectGrant, eq(projectGrant.proposalId, proposal.id))
		.leftJoin(settlement, eq(settlement.proposalId, proposal.id))
		.where(and(eq(proposal.roundId, roundId), sql`${proposal.status} IN ('approved', 'applied', 'granted', 'in_implementation', 'settled', 'closed')`))
		.orderBy(asc(proposal.title));
	const out = [];
	for (const r of rows) {
		const req = r.requestedCents === null ? null : Number(r.requestedCents);
		out.push({
			...r,
			requestedCents: req,
			approvedCents: r.approvedCents !== null ? Number(r.approvedCents) : await approvedAmount(db, r.proposalId, req),
			amountCents: r.amountCents === null ? null : Number(r.amountCents),
			paidCents: r.paidCents === null ? null : Number(r.paidCents),
			closed: r.closedAt !== null,
			settledCents: r.closedAt !== null && r.settledCents !== null ? Number(r.settledCents) : 0,
			refundedCents: r.closedAt !== null && r.refundedCents !== null ? Number(r.refundedCents) : 0
		});
	}
	return out;
}

/** Payments of a round for the accounting export, oldest first. Holds no bank details. */
export async function roundPayments(db: DbOrTx, roundId: string) {
	const rows = await db
		.select({
			paidOn: grantPayment.paidOn,
			amountCents: grantPayment.amountCents,
			reference: grantPayment.reference,
			grantReference: projectGrant.reference,
			grantAmountCents: projectGrant.amountCents,
			paymentMode: projectGrant.paymentMode,
			title: proposal.title,
			recipient: grantApplication.accountHolder,
			recordedAt: grantPayment.recordedAt
		})
		.from(grantPayment)
		.innerJoin(projectGrant, eq(projectGrant.id, grantPayment.grantId))
		.innerJoin(proposal, eq(proposal.id, projectGrant.proposalId))
		.innerJoin(grantApplication, eq(grantApplication.id, projectGrant.applicationId))
		.where(eq(projectGrant.roundId, roundId))
		.orderBy(asc(grantPayment.paidOn), asc(grantPayment.recordedAt));
	return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents), grantAmountCents: Number(r.grantAmountCents) }));
}

/**
 * Payments of several districts for the cashier's export, oldest first, optionally within dates (inclusive)
 * and one programme. Holds the IBAN only as ciphertext; the use case decrypts it for the file alone.
 */
export async function districtPayments(db: DbOrTx, f: { districtIds: string[] | 'all'; from: string | null; to: string | null; programmeId: string | null }) {
	if (f.districtIds !== 'all' && f.districtIds.length === 0) return [];
	const conds = [
		f.districtIds === 'all' ? sql`true` : inArray(programme.districtId, f.districtIds),
		f.from ? gte(grantPayment.paidOn, f.from) : sql`true`,
		f.to ? lte(grantPayment.paidOn, f.to) : sql`true`,
		f.programmeId ? eq(programme.id, f.programmeId) : sql`true`
	];
	const rows = await db
		.select({
			paidOn: grantPayment.paidOn,
			amountCents: grantPayment.amountCents,
			reference: grantPayment.reference,
			grantReference: projectGrant.reference,
			grantAmountCents: projectGrant.amountCents,
			paymentMode: projectGrant.paymentMode,
			title: proposal.title,
			programmeName: programme.name,
			districtId: programme.districtId,
			districtName: district.name,
			roundSlug: round.slug,
			accountHolder: grantApplication.accountHolder,
			ibanCipher: grantApplication.ibanCipher,
			erased: grantApplication.personalDataErasedAt
		})
		.from(grantPayment)
		.innerJoin(projectGrant, eq(projectGrant.id, grantPayment.grantId))
		.innerJoin(proposal, eq(proposal.id, projectGrant.proposalId))
		.innerJoin(grantApplication, eq(grantApplication.id, projectGrant.applicationId))
		.innerJoin(round, eq(round.id, projectGrant.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.innerJoin(district, eq(district.id, programme.districtId))
		.where(and(...conds))
		.orderBy(asc(grantPayment.paidOn), asc(grantPayment.recordedAt));
	return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents), grantAmountCents: Number(r.grantAmountCents) }));
}

/** Grants (and their applications) of one applicant, for "my ideas". */
export async function grantsOfApplicant(db: DbOrTx, userId: string) {
	return db
		.select({ proposalId: grantApplication.proposalId, grantId: projectGrant.id, reference: projectGrant.reference })
		.from(grantApplication)
		.leftJoin(projectGrant, eq(projectGrant.applicationId, grantApplication.id))
		.where(eq(grantApplication.applicantUserId, userId));
}

/** For the demo seed: a proposal of a round found by its title. */
export async function proposalByTitle(db: DbOrTx, roundSlug: string, title: string): Promise<{ id: string; roundId: string } | null> {
	const [p] = await db
		.select({ id: proposal.id, roundId: round.id })
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.where(and(eq(round.slug, roundSlug), eq(proposal.title, title)));
	return p ?? null;
}

/** For the demo seed: makes an unowned funded proposal the given user's (so the demo resident can apply). */
export async function adoptFunded(db: DbOrTx, proposalId: string, userId: string): Promise<boolean> {
	const r = await db
		.update(proposal)
		.set({ applicantUserId: userId })
		.where(and(eq(proposal.id, proposalId), eq(proposal.status, 'approved'), sql`${proposal.applicantUserId} IS NULL`))
		.returning({ id: proposal.id });
	return r.length > 0;
}

// Reads and writes of the Kiezkassenversammlung (issue 5). Every change locks the assembly row (FOR UPDATE) and
// bumps `version` in the same transaction, so concurrent entries are serialised, checks see the current counts,
// and the projector's stream notices every change whichever app server made it.
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Entry, MethodConfig } from '../../../core/assembly/assembly.ts';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { Db, DbOrTx } from '../client.ts';
import { assembly, assemblyCard, assemblyItem, programme, proposal, proposalStatus, region, round } from '../schema/index.ts';
import { appendEvent } from './events.ts';

export type AssemblyRound = {
	id: string;
	slug: string;
	programmeName: string;
	year: number;
	regionId: string | null;
	regionName: string | null;
	districtId: string;
	budgetCents: number;
	rules: ProgrammeRules;
};

const roundColumns = {
	id: round.id,
	slug: round.slug,
	programmeName: programme.name,
	year: round.year,
	regionId: round.regionId,
	regionName: region.name,
	districtId: programme.districtId,
	budgetCents: round.budgetCents,
	rules: programme.rules
};

export async function roundBySlug(db: DbOrTx, slug: string): Promise<AssemblyRound | null> {
	const [r] = await db.select(roundColumns).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).leftJoin(region, eq(region.id, round.regionId)).where(eq(round.slug, slug));
	return r ? { ...r, budgetCents: Number(r.budgetCents) } : null;
}

export type AssemblyRow = typeof assembly.$inferSelect;

export async function assemblyWithRound(db: DbOrTx, id: string): Promise<{ a: AssemblyRow; round: AssemblyRound } | null> {
	const [a] = await db.select().from(assembly).where(eq(assembly.id, id));
	if (!a) return null;
	const [r] = await db.select(roundColumns).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).leftJoin(region, eq(region.id, round.regionId)).where(eq(round.id, a.roundId));
	return { a, round: { ...r!, budgetCents: Number(r!.budgetCents) } };
}

export async function assembliesOfRound(db: DbOrTx, roundId: string) {
	return db
		.select({ id: assembly.id, sitting: assembly.sitting, heldAt: assembly.heldAt, place: assembly.place, state: assembly.state, minutesSha256: assembly.minutesSha256 })
		.from(assembly)
		.where(eq(assembly.roundId, roundId))
		.orderBy(asc(assembly.sitting));
}

export type ItemRow = {
	proposalId: string;
	title: string;
	channel: string;
	status: string;
	requestedCents: number;
	position: number;
	recorded: boolean;
	yes: number | null;
	no: number | null;
	abstain: number | null;
	points: number | null;
	agreed: boolean | null;
	approvedCents: number | null;
};

export async function items(db: DbOrTx, assemblyId: string): Promise<ItemRow[]> {
	const rows = await db
		.select({
			proposalId: assemblyItem.proposalId,
			title: proposal.title,
			channel: proposal.channel,
			status: proposal.status,
			requestedCents: proposal.requestedCents,
			position: assemblyItem.position,
			recorded: assemblyItem.recorded,
			yes: assemblyItem.yes,
			no: assemblyItem.no,
			abstain: assemblyItem.abstain,
			points: assemblyItem.points,
			agreed: assemblyItem.agreed,
			approvedCents: assemblyItem.approvedCents
		})
		.from(assemblyItem)
		.innerJoin(proposal, eq(proposal.id, assemblyItem.proposalId))
		.where(eq(assemblyItem.assemblyId, assemblyId))
		.orderBy(asc(assemblyItem.position));
	return rows.map((r) => ({ ...r, requestedCents: Number(r.requestedCents ?? 0), approvedCents: r.approvedCents === null ? null : Number(r.approvedCents) }));
}

/** Eligible ideas of the round that are on no agenda yet (PRODUCT.md lifecycle: geprüft → vorgestellt). */
export async function eligibleNotOnAgenda(db: DbOrTx, roundId: string) {
	const onAgenda = db.select({ id: assemblyItem.proposalId }).from(assemblyItem).innerJoin(assembly, eq(assembly.id, assemblyItem.assemblyId)).where(eq(assembly.roundId, roundId));
	return db
		.select({ id: proposal.id, title: proposal.title, requestedCents: proposal.requestedCents })
		.from(proposal)
		.where(and(eq(proposal.roundId, roundId), eq(proposal.status, 'eligible'), isNull(proposal.mergedIntoId), sql`${proposal.requestedCents} IS NOT NULL`, notInArray(proposal.id, onAgenda)))
		.orderBy(asc(proposal.title));
}

/** What earlier closed sittings of the round funded (stored with their result at the close). */
export async function fundedEarlier(db: DbOrTx, roundId: string): Promise<number[]> {
	const rows = await db.select({ result: assembly.result }).from(assembly).where(and(eq(assembly.roundId, roundId), eq(assembly.state, 'closed')));
	return rows.flatMap((r) => Object.values((r.result?.fundedCents ?? {}) as Record<string, number>).map(Number));
}

export async function createAssembly(
	db: Db,
	c: { round: AssemblyRound; heldAt: Date; place: string; method: MethodConfig; by: string },
	at: Date
): Promise<{ id: string; sitting: number }> {
	return db.transaction(async (tx) => {
		// One new sitting at a time per round, so two staff opening at once get sittings 1 and 2, not a key error.
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`assembly:${c.round.id}`}))`);
		const [last] = await tx.select({ s: assembly.sitting }).from(assembly).where(eq(assembly.roundId, c.round.id)).orderBy(desc(assembly.sitting)).limit(1);
		const sitting = (last?.s ?? 0) + 1;
		const [row] = await tx
			.insert(assembly)
			.values({ roundId: c.round.id, sitting, heldAt: c.heldAt, place: c.place, method: c.method, state: 'preparing', createdBy: c.by, createdAt: at })
			.returning({ id: assembly.id });
		const id = row!.id;
		const eligible = await eligibleNotOnAgenda(tx, c.round.id);
		if (eligible.length) await tx.insert(assemblyItem).values(eligible.map((p, i) => ({ assemblyId: id, proposalId: p.id, position: i + 1 })));
		await appendEvent(tx, { type: 'assembly.opened', actorId: c.by, subject: { type: 'round', id: c.round.id }, districtId: c.round.districtId, payload: { assemblyId: id, sitting, agenda: eligible.length } }, at);
		return { id, sitting };
	});
}

async function lock(tx: DbOrTx, id: string): Promise<AssemblyRow | null> {
	const [a] = await tx.select().from(assembly).where(eq(assembly.id, id)).for('update');
	return a ?? null;
}

const bump = (id: string, tx: DbOrTx, set: Partial<AssemblyRow> = {}) =>
	tx
		.update(assembly)
		.set({ ...set, version: sql`${assembly.version} + 1` })
		.where(eq(assembly.id, id));

export type Refusal = 'not_found' | 'closed' | 'started' | 'not_running';

export async function setMethod(db: Db, id: string, method: MethodConfig, heldAt: Date, place: string): Promise<'ok' | Refusal> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, id);
		if (!a) return 'not_found';
		// Locked from the start on (public-sector.md E-04): the rules cannot change once votes may be recorded.
		if (a.state !== 'preparing') return 'started';
		await bump(id, tx, { method, heldAt, place });
		return 'ok';
	});
}

/** An idea brought in on the spot (domain.md §1.4 "spontaneously at the assembly"), entered by staff for the proposer. */
export async function addSpontaneous(
	db: Db,
	c: { assemblyId: string; districtId: string; title: string; description: string; requestedCents: number; by: string },
	at: Date
): Promise<{ ok: true; proposalId: string } | { ok: false; reason: Refusal }> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, c.assemblyId);
		if (!a) return { ok: false, reason: 'not_found' };
		if (a.state === 'closed') return { ok: false, reason: 'closed' };
		const [row] = await tx
			.insert(proposal)
			.values({
				roundId: a.roundId,
				title: c.title,
				description: c.description,
				channel: 'assembly',
				status: 'presented',
				requestedCents: c.requestedCents,
				assistedBy: c.by,
				submittedAt: at,
				confirmedAt: at,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: proposal.id });
		const pid = row!.id;
		await tx.insert(proposalStatus).values({ proposalId: pid, status: 'presented', at, actorId: c.by, note: null });
		const [pos] = await tx.select({ n: sql<number>`coalesce(max(${assemblyItem.position}), 0)` }).from(assemblyItem).where(eq(assemblyItem.assemblyId, c.assemblyId));
		await tx.insert(assemblyItem).values({ assemblyId: c.assemblyId, proposalId: pid, position: Number(pos?.n ?? 0) + 1 });
		await appendEvent(tx, { type: 'proposal.submitted', actorId: c.by, subject: { type: 'proposal', id: pid }, districtId: c.districtId, payload: { channel: 'assembly', requestedCents: c.requestedCents, assisted: true } }, at);
		await bump(c.assemblyId, tx);
		return { ok: true, proposalId: pid };
	});
}

/** Starts the sitting: the method is locked, the budget fixed, the agenda's eligible ideas become "presented". */
export async function start(db: Db, id: string, districtId: string, by: string, at: Date, budget: (roundId: string, tx: DbOrTx) => Promise<number>): Promise<'ok' | Refusal> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, id);
		if (!a) return 'not_found';
		if (a.state !== 'preparing') return 'started';
		const budgetCents = await budget(a.roundId, tx);
		const onAgenda = await tx.select({ id: assemblyItem.proposalId }).from(assemblyItem).where(eq(assemblyItem.assemblyId, id));
		const ids = onAgenda.map((r) => r.id);
		if (ids.length) {
			const moved = await tx
				.update(proposal)
				.set({ status: 'presented', updatedAt: at })
				.where(and(inArray(proposal.id, ids), eq(proposal.status, 'eligible')))
				.returning({ id: proposal.id });
			for (const p of moved) {
				await tx.insert(proposalStatus).values({ proposalId: p.id, status: 'presented', at, actorId: by, note: null });
				await appendEvent(tx, { type: 'proposal.status_changed', actorId: by, subject: { type: 'proposal', id: p.id }, districtId, payload: { from: 'eligible', to: 'presented', note: null } }, at);
			}
		}
		await bump(id, tx, { state: 'running', startedAt: at, budgetCents });
		await appendEvent(tx, { type: 'assembly.started', actorId: by, subject: { type: 'round', id: a.roundId }, districtId, payload: { assemblyId: id, method: a.method, budgetCents } }, at);
		return 'ok';
	});
}

/** +1 at the door: one atomic increment, so concurrent clicks on several devices are all counted, none lost. */
export async function countIn(db: Db, id: string, resident: boolean): Promise<{ residents: number; others: number } | null> {
	const [r] = await db
		.update(assembly)
		.set(resident ? { residents: sql`${assembly.residents} + 1`, version: sql`${assembly.version} + 1` } : { others: sql`${assembly.others} + 1`, version: sql`${assembly.version} + 1` })
		.where(and(eq(assembly.id, id), inArray(assembly.state, ['preparing', 'running'])))
		.returning({ residents: assembly.residents, others: assembly.others });
	return r ?? null;
}

/**
 * −1 at the door, for a mistaken click. Refused when fewer people entitled to vote would be present than votes (or,
 * for dots, points / k) already recorded for some proposal, so the recorded counts stay valid (`fits`).
 */
export async function countOut(db: Db, id: string, resident: boolean, fits: (a: AssemblyRow, after: { residents: number; others: number }, items: ItemRow[]) => boolean): Promise<{ residents: number; others: number } | 'closed' | 'zero' | 'votes' | null> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, id);
		if (!a) return null;
		if (a.state === 'closed') return 'closed';
		const after = { residents: a.residents - (resident ? 1 : 0), others: a.others - (resident ? 0 : 1) };
		if (after.residents < 0 || after.others < 0) return 'zero';
		if (!fits(a, after, await items(tx, id))) return 'votes';
		await bump(id, tx, after);
		return after;
	});
}

export async function addCard(db: Db, id: string, answers: Record<string, string>): Promise<boolean> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, id);
		if (!a || a.state === 'closed') return false;
		await tx.insert(assemblyCard).values({ assemblyId: id, answers });
		return true;
	});
}

export async function cardCount(db: DbOrTx, id: string): Promise<number> {
	const [r] = await db.select({ n: sql<number>`count(*)` }).from(assemblyCard).where(eq(assemblyCard.assemblyId, id));
	return Number(r?.n ?? 0);
}

export async function cards(db: DbOrTx, id: string): Promise<Record<string, string>[]> {
	return (await db.select({ a: assemblyCard.answers }).from(assemblyCard).where(eq(assemblyCard.assemblyId, id))).map((r) => r.a);
}

/**
 * Records one proposal's counts. `check` runs inside the transaction with the locked row, so the "votes ≤ people
 * entitled to vote present" rule sees the attendance as it is, and two entries for one proposal are applied one
 * after the other: the later replaces the earlier (absolute counts), nothing is added twice.
 */
export async function record<P>(
	db: Db,
	c: { assemblyId: string; proposalId: string; by: string },
	at: Date,
	check: (a: AssemblyRow, requestedCents: number) => { ok: true; entry: Entry } | { ok: false; problems: P }
): Promise<{ ok: true } | { ok: false; reason: Refusal | 'not_on_agenda' } | { ok: false; reason: 'invalid'; problems: P }> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, c.assemblyId);
		if (!a) return { ok: false, reason: 'not_found' };
		if (a.state !== 'running') return { ok: false, reason: 'not_running' };
		const [it] = await tx
			.select({ requested: proposal.requestedCents })
			.from(assemblyItem)
			.innerJoin(proposal, eq(proposal.id, assemblyItem.proposalId))
			.where(and(eq(assemblyItem.assemblyId, c.assemblyId), eq(assemblyItem.proposalId, c.proposalId)));
		if (!it) return { ok: false, reason: 'not_on_agenda' };
		const checked = check(a, Number(it.requested ?? 0));
		if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
		const e = checked.entry;
		await tx
			.update(assemblyItem)
			.set({
				recorded: true,
				yes: e.kind === 'yes_no' ? e.yes : null,
				no: e.kind === 'yes_no' ? e.no : null,
				abstain: e.kind === 'yes_no' ? e.abstain : null,
				points: e.kind === 'dots' ? e.points : null,
				agreed: e.kind === 'consensus' ? e.agreed : null,
				approvedCents: e.approvedCents,
				recordedAt: at,
				recordedBy: c.by
			})
			.where(and(eq(assemblyItem.assemblyId, c.assemblyId), eq(assemblyItem.proposalId, c.proposalId)));
		await bump(c.assemblyId, tx);
		return { ok: true };
	});
}

export type CloseOutcome = { statuses: Record<string, 'approved' | 'rejected'>; result: Record<string, unknown>; payload: { funded: string[]; spentCents: number; remainingCents: number } };

/**
 * The close, in one transaction: the state moves to closed (a second close finds it closed), `compute` turns the
 * recorded items into the funded list and the minutes, proposals get their status with a history row and an
 * event each, and the minutes are stored for publication.
 */
export async function close(
	db: Db,
	c: { assemblyId: string; districtId: string; by: string },
	at: Date,
	compute: (a: AssemblyRow, items: ItemRow[], tx: DbOrTx) => Promise<CloseOutcome & { pdf: Uint8Array; sha256: string }>
): Promise<'ok' | Refusal> {
	return db.transaction(async (tx) => {
		const a = await lock(tx, c.assemblyId);
		if (!a) return 'not_found';
		if (a.state === 'closed') return 'closed';
		if (a.state !== 'running') return 'not_running';
		const list = await items(tx, c.assemblyId);
		const out = await compute(a, list, tx);
		for (const it of list) {
			const to = out.statuses[it.proposalId];
			if (!to || it.status === to) continue;
			await tx.update(proposal).set({ status: to, updatedAt: at }).where(eq(proposal.id, it.proposalId));
			await tx.insert(proposalStatus).values({ proposalId: it.proposalId, status: to, at, actorId: c.by, note: null });
			await appendEvent(tx, { type: 'proposal.status_changed', actorId: c.by, subject: { type: 'proposal', id: it.proposalId }, districtId: c.districtId, payload: { from: it.status, to, note: null } }, at);
		}
		await bump(c.assemblyId, tx, { state: 'closed', closedAt: at, closedBy: c.by, result: out.result, minutesPdf: out.pdf, minutesSha256: out.sha256 });
		await appendEvent(tx, { type: 'assembly.closed', actorId: c.by, subject: { type: 'round', id: a.roundId }, districtId: c.districtId, payload: { assemblyId: c.assemblyId, ...out.payload, minutesSha256: out.sha256 } }, at);
		return 'ok';
	});
}

export async function minutes(db: DbOrTx, id: string): Promise<{ pdf: Uint8Array; sitting: number; slug: string } | null> {
	const [r] = await db
		.select({ pdf: assembly.minutesPdf, sitting: assembly.sitting, slug: round.slug })
		.from(assembly)
		.innerJoin(round, eq(round.id, assembly.roundId))
		.where(and(eq(assembly.id, id), eq(assembly.state, 'closed')));
	return r?.pdf ? { pdf: r.pdf, sitting: r.sitting, slug: r.slug } : null;
}

export async function versionOf(db: DbOrTx, id: string): Promise<number | null> {
	const [r] = await db.select({ v: assembly.version }).from(assembly).where(eq(assembly.id, id));
	return r ? r.v : null;
}

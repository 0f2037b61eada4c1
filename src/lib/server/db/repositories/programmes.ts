// Programmes and rounds configured by the district admin (issue 4). Every write runs in one transaction with
// its audit event (house rule 7). Changes that a lock may forbid take a row lock first and let the use case
// decide on the locked state, so a phase started at the same moment cannot slip a rule change past the lock.
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DomainEvent } from '../../../core/events.ts';
import type { Phase } from '../../../core/process/phase-control.ts';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { DbOrTx, Db, Tx } from '../client.ts';
import { district, event, populationSnapshot, programme, region, round, roundPhase, user } from '../schema/index.ts';
import { appendEvent } from './events.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type ProgrammeRow = { id: string; districtId: string; districtSlug: string; slug: string; name: string; template: string; rules: ProgrammeRules };
export type RoundRow = {
	id: string;
	slug: string;
	year: number;
	regionId: string | null;
	regionName: string | null;
	budgetCents: number;
	budgetNote: string | null;
	phases: Phase[];
};

export async function listDistricts(db: DbOrTx): Promise<{ id: string; slug: string; name: string }[]> {
	return db.select({ id: district.id, slug: district.slug, name: district.name }).from(district).orderBy(asc(district.id));
}

export async function listProgrammes(db: DbOrTx, districtIds: readonly string[]) {
	if (districtIds.length === 0) return [];
	const result = await db
		.select({
			id: programme.id,
			name: programme.name,
			template: programme.template,
			districtName: district.name,
			rounds: sql<number>`(SELECT count(*)::int FROM ${round} WHERE ${round.programmeId} = ${programme.id})`
		})
		.from(programme)
		.innerJoin(district, eq(district.id, programme.districtId))
		.where(inArray(programme.districtId, [...districtIds]))
		.orderBy(asc(district.id), asc(programme.name));
	return result;
}

export async function programmeById(db: DbOrTx, id: string): Promise<ProgrammeRow | null> {
	if (!UUID.test(id)) return null;
	const [p] = await db
		.select({ id: programme.id, districtId: programme.districtId, districtSlug: district.slug, slug: programme.slug, name: programme.name, template: programme.template, rules: programme.rules })
		.from(programme)
		.innerJoin(district, eq(district.id, programme.districtId))
		.where(eq(programme.id, id));
	return p ?? null;
}

/** Creates a programme unless its slug is taken in the district (unique index), with its event. */
export async function insertProgramme(
	db: Db,
	p: { districtId: string; slug: string; template: string; name: string; rules: ProgrammeRules; actorId: string },
	at: Date
): Promise<{ id: string } | null> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.insert(programme)
			.values({ districtId: p.districtId, slug: p.slug, template: p.template, name: p.name, rules: p.rules, createdAt: at })
			.onConflictDoNothing()
			.returning({ id: programme.id });
		const row = rows[0];
		if (!row) return null;
		await appendEvent(tx, { type: 'programme.created', actorId: p.actorId, subject: { type: 'programme', id: row.id }, districtId: p.districtId, payload: { template: p.template, name: p.name } }, at);
		return row;
	});
}

async function phasesOf(db: DbOrTx, roundIds: string[]): Promise<Map<string, Phase[]>> {
	const map = new Map<string, Phase[]>();
	if (roundIds.length === 0) return map;
	const rows = await db.select().from(roundPhase).where(inArray(roundPhase.roundId, roundIds)).orderBy(asc(roundPhase.roundId), asc(roundPhase.position));
	for (const r of rows) {
		const list = map.get(r.roundId) ?? [];
		list.push({ key: r.key, startsAt: r.startsAt.toISOString(), endsAt: iso(r.endsAt) });
		map.set(r.roundId, list);
	}
	return map;
}

export async function roundsOfProgramme(db: DbOrTx, programmeId: string): Promise<RoundRow[]> {
	const rows = await db
		.select({ id: round.id, slug: round.slug, year: round.year, regionId: round.regionId, regionName: region.name, budgetCents: round.budgetCents, budgetNote: round.budgetNote })
		.from(round)
		.leftJoin(region, eq(region.id, round.regionId))
		.where(eq(round.programmeId, programmeId))
		.orderBy(desc(round.year), asc(round.regionId));
	const phases = await phasesOf(db, rows.map((r) => r.id));
	return rows.map((r) => ({ ...r, budgetCents: Number(r.budgetCents), phases: phases.get(r.id) ?? [] }));
}

export async function roundOfProgramme(db: DbOrTx, programmeId: string, roundId: string): Promise<RoundRow | null> {
	if (!UUID.test(roundId)) return null;
	const rows = await db
		.select({ id: round.id, slug: round.slug, year: round.year, regionId: round.regionId, regionName: region.name, budgetCents: round.budgetCents, budgetNote: round.budgetNote })
		.from(round)
		.leftJoin(region, eq(region.id, round.regionId))
		.where(and(eq(round.programmeId, programmeId), eq(round.id, roundId)));
	const r = rows[0];
	if (!r) return null;
	return { ...r, budgetCents: Number(r.budgetCents), phases: (await phasesOf(db, [r.id])).get(r.id) ?? [] };
}

/** The district's regions with the latest register count (population_snapshot). */
export async function regionsWithResidents(db: DbOrTx, districtId: string): Promise<{ id: string; slug: string; name: string; residents: number; asOf: string | null }[]> {
	const result = await db.execute(sql`
		SELECT g.id, g.slug, g.name, pop.residents, pop.as_of
		FROM ${region} g
		LEFT JOIN LATERAL (
			SELECT ${populationSnapshot.residents} AS residents, ${populationSnapshot.asOf}::text AS as_of FROM ${populationSnapshot}
			WHERE ${populationSnapshot.regionId} = g.id ORDER BY ${populationSnapshot.asOf} DESC LIMIT 1
		) pop ON true
		WHERE g.district_id = ${districtId}
		ORDER BY g.id`);
	const rows = (result as unknown as { rows: { id: string; slug: string; name: string; residents: number | null; as_of: string | null }[] }).rows;
	return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, residents: Number(r.residents ?? 0), asOf: r.as_of }));
}

export async function existingRoundRegions(db: DbOrTx, programmeId: string, year: number): Promise<Set<string>> {
	const rows = await db.select({ regionId: round.regionId }).from(round).where(and(eq(round.programmeId, programmeId), eq(round.year, year)));
	return new Set(rows.flatMap((r) => (r.regionId ? [r.regionId] : [])));
}

/**
 * Creates the year's rounds; regions that already have one are skipped (unique index programme × region ×
 * year, ON CONFLICT DO NOTHING), so a second click or a concurrent request creates nothing twice.
 */
export async function insertRounds(
	db: Db,
	p: {
		programmeId: string;
		districtId: string;
		year: number;
		rounds: { regionId: string; slug: string; budgetCents: number }[];
		phases: Phase[];
		allocation: Record<string, unknown>;
		actorId: string;
	},
	at: Date
): Promise<{ created: number; skipped: number }> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`rounds:${p.programmeId}:${p.year}`}))`);
		// A slug is global; another district's programme may use the same one, then the district's slug disambiguates.
		const taken = await tx.select({ slug: round.slug }).from(round).where(inArray(round.slug, p.rounds.map((r) => r.slug)));
		const takenSet = new Set(taken.map((t) => t.slug));
		let created = 0;
		let total = 0;
		for (const r of p.rounds) {
			const slug = takenSet.has(r.slug) ? `${r.slug}-${p.districtId}` : r.slug;
			const rows = await tx
				.insert(round)
				.values({ programmeId: p.programmeId, regionId: r.regionId, year: p.year, slug, budgetCents: r.budgetCents, createdAt: at })
				.onConflictDoNothing()
				.returning({ id: round.id });
			const row = rows[0];
			if (!row) continue;
			created++;
			total += r.budgetCents;
			if (p.phases.length > 0) {
				await tx.insert(roundPhase).values(p.phases.map((ph, i) => ({ roundId: row.id, key: ph.key, position: i, startsAt: new Date(ph.startsAt), endsAt: ph.endsAt ? new Date(ph.endsAt) : null })));
			}
			await appendEvent(tx, { type: 'round.created', actorId: p.actorId, subject: { type: 'round', id: row.id }, districtId: p.districtId, payload: { year: p.year, budgetCents: r.budgetCents, regionId: r.regionId } }, at);
		}
		const skipped = p.rounds.length - created;
		if (created > 0) {
			await appendEvent(
				tx,
				{ type: 'programme.rounds_created', actorId: p.actorId, subject: { type: 'programme', id: p.programmeId }, districtId: p.districtId, payload: { year: p.year, allocation: p.allocation, created, skipped, totalCents: total } },
				at
			);
		}
		return { created, skipped };
	});
}

/**
 * Changes a programme's rules under a row lock. `decide` sees the rules and rounds as they are inside the
 * transaction and returns the new rules with their event, or a refusal that is passed back unchanged.
 */
export async function updateRulesLocked<R>(
	db: Db,
	programmeId: string,
	decide: (current: ProgrammeRow, rounds: RoundRow[]) => { ok: true; rules: ProgrammeRules; event: DomainEvent | null; result: R } | { ok: false; result: R },
	at: Date
): Promise<R | null> {
	return db.transaction(async (tx) => {
		const locked = await tx.select({ id: programme.id }).from(programme).where(eq(programme.id, programmeId)).for('update');
		if (locked.length === 0) return null;
		const current = await programmeById(tx, programmeId);
		if (!current) return null;
		const d = decide(current, await roundsOfProgramme(tx, programmeId));
		if (!d.ok) return d.result;
		if (d.event) {
			await tx.update(programme).set({ rules: d.rules }).where(eq(programme.id, programmeId));
			await appendEvent(tx, d.event, at);
		}
		return d.result;
	});
}

/**
 * Changes one round (budget or phases) under a lock of the programme row, the same lock the rules take, so
 * a phase that starts voting and a rule change cannot pass each other.
 */
export async function updateRoundLocked<R>(
	db: Db,
	programmeId: string,
	roundId: string,
	decide: (round: RoundRow) => { ok: true; budget?: { cents: number; note: string }; phases?: Phase[]; event: DomainEvent | null; result: R } | { ok: false; result: R },
	at: Date
): Promise<R | null> {
	return db.transaction(async (tx: Tx) => {
		const locked = await tx.select({ id: programme.id }).from(programme).where(eq(programme.id, programmeId)).for('update');
		if (locked.length === 0) return null;
		const r = await roundOfProgramme(tx, programmeId, roundId);
		if (!r) return null;
		const d = decide(r);
		if (!d.ok) return d.result;
		if (!d.event) return d.result;
		if (d.budget) await tx.update(round).set({ budgetCents: d.budget.cents, budgetNote: d.budget.note }).where(eq(round.id, roundId));
		if (d.phases) {
			for (const [i, p] of d.phases.entries()) {
				await tx
					.update(roundPhase)
					.set({ startsAt: new Date(p.startsAt), endsAt: p.endsAt ? new Date(p.endsAt) : null, position: i })
					.where(and(eq(roundPhase.roundId, roundId), eq(roundPhase.key, p.key)));
			}
		}
		await appendEvent(tx, d.event, at);
		return d.result;
	});
}

export type AuditRow = { id: string; type: string; at: string; actor: string | null; subjectType: string; roundSlug: string | null; regionName: string | null; year: number | null; payload: Record<string, unknown> };

/** The audit log of a programme: its own events and those of its rounds, newest first. */
export async function auditOfProgramme(db: DbOrTx, programmeId: string, limit: number, roundId?: string): Promise<AuditRow[]> {
	const roundIds = sql`(SELECT ${round.id}::text FROM ${round} WHERE ${round.programmeId} = ${programmeId})`;
	const where = roundId
		? and(eq(event.subjectType, 'round'), eq(event.subjectId, roundId))
		: or(and(eq(event.subjectType, 'programme'), eq(event.subjectId, programmeId)), and(eq(event.subjectType, 'round'), sql`${event.subjectId} IN ${roundIds}`));
	const rows = await db
		.select({
			id: event.id,
			type: event.type,
			at: event.at,
			actor: user.pseudonym,
			subjectType: event.subjectType,
			payload: event.payload,
			roundSlug: round.slug,
			year: round.year,
			regionName: region.name
		})
		.from(event)
		.leftJoin(user, eq(user.id, event.actorId))
		.leftJoin(round, and(eq(event.subjectType, 'round'), sql`${round.id}::text = ${event.subjectId}`))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(where)
		.orderBy(desc(event.id))
		.limit(limit);
	return rows.map((r) => ({
		id: String(r.id),
		type: r.type,
		at: r.at.toISOString(),
		actor: r.actor,
		subjectType: r.subjectType,
		roundSlug: r.roundSlug,
		regionName: r.regionName,
		year: r.year,
		payload: (r.payload ?? {}) as Record<string, unknown>
	}));
}

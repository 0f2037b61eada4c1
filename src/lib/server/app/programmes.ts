/**
 * Use cases of the district admin for programmes and rounds (issue 4; PRODUCT.md "Programmes" and
 * "Lifecycle"). Each starts with the policy (core/access: programme.configure, round.configure, audit.read;
 * house rule 5), then checks the input's shape (forms/programme.ts), then the rules (core/process), and
 * writes the change with its audit event in one transaction (repositories/programmes.ts; house rule 7).
 */
import { can, type Actor, type Capability } from '../../core/access/policy.ts';
import { allocateBudget } from '../../core/process/allocation.ts';
import { checkTimeline, diffPhases, phaseStatesAt, phaseTable, roundLocksVotingRules, startPhase, votingRulesLock, nextPhase, type Phase } from '../../core/process/phase-control.ts';
import { TEMPLATES, TEMPLATE_KEYS, defaultPhaseDates, type ProgrammeRules } from '../../core/process/programme.ts';
import { diffRules, lockedChanges, validateRules } from '../../core/process/rules.ts';
import { slugify } from '../../core/shared/slug.ts';
import {
	allocationToValues,
	issueField,
	parseBudgetForm,
	parseCreateProgramme,
	parsePhaseDates,
	parseRoundsForm,
	parseRulesForm,
	rulesToValues,
	type BudgetValues,
	type CreateProgrammeValues,
	type PhaseDateValues,
	type RoundsValues,
	type RulesValues
} from '../../forms/programme.ts';
import type { Db } from '../db/client.ts';
import {
	auditOfProgramme,
	existingRoundRegions,
	insertProgramme,
	insertRounds,
	listDistricts,
	listProgrammes,
	programmeById,
	regionsWithResidents,
	roundOfProgramme,
	roundsOfProgramme,
	updateRoundLocked,
	updateRulesLocked,
	type AuditRow,
	type ProgrammeRow,
	type RoundRow
} from '../db/repositories/programmes.ts';

type Errors = Record<string, string>;
export type Refused = { kind: 'forbidden' } | { kind: 'not_found' };
export type Invalid<V> = { kind: 'invalid'; values: V; errors: Errors };

/**
 * Refuses before any lookup when the role is missing, so guessing ids tells a case worker nothing. Without a
 * subject, `can` asks whether the actor holds the capability anywhere (core/access `covers`).
 */
function roleCheck(actor: Actor | null, capability: Capability): boolean {
	return can(actor, capability).allowed;
}

async function loadProgramme(db: Db, actor: Actor | null, id: string, capability: Capability): Promise<Refused | { kind: 'ok'; programme: ProgrammeRow }> {
	if (!roleCheck(actor, capability)) return { kind: 'forbidden' };
	const p = await programmeById(db, id);
	if (!p) return { kind: 'not_found' };
	if (!can(actor, capability, { districtId: p.districtId }).allowed) return { kind: 'forbidden' };
	return { kind: 'ok', programme: p };
}

type Lock = { year: number; regionName: string | null; phase: string } | null;
function lockOf(rounds: RoundRow[], now: Date): Lock {
	const l = votingRulesLock(rounds, now);
	return l ? { year: l.round.year, regionName: l.round.regionName, phase: l.phase } : null;
}

// ——— programmes list and creation ———

export async function programmesHome(db: Db, actor: Actor | null) {
	if (!roleCheck(actor, 'programme.configure')) return { kind: 'forbidden' as const };
	const districts = (await listDistricts(db)).filter((d) => can(actor, 'programme.configure', { districtId: d.id }).allowed);
	const programmes = await listProgrammes(
		db,
		districts.map((d) => d.id)
	);
	return { kind: 'ok' as const, districts, programmes, templates: [...TEMPLATE_KEYS] };
}

export async function createProgramme(db: Db, actor: Actor | null, form: FormData, now: Date): Promise<Refused | Invalid<CreateProgrammeValues> | { kind: 'ok'; id: string }> {
	if (!roleCheck(actor, 'programme.configure') || !actor) return { kind: 'forbidden' };
	const parsed = parseCreateProgramme(form);
	const districts = (await listDistricts(db)).filter((d) => can(actor, 'programme.configure', { districtId: d.id }).allowed);
	if (!parsed.ok) return { kind: 'invalid', values: parsed.values, errors: parsed.errors };
	// With one district the form sends none; an admin of several districts picks one.
	const districtId = parsed.value.districtId || (districts.length === 1 ? districts[0]!.id : '');
	if (!districts.some((d) => d.id === districtId)) {
		if (districtId && !can(actor, 'programme.configure', { districtId }).allowed) return { kind: 'forbidden' };
		return { kind: 'invalid', values: parsed.values, errors: { districtId: 'programmes_error_district' } };
	}
	const slug = slugify(parsed.value.name);
	if (slug.length < 2) return { kind: 'invalid', values: parsed.values, errors: { name: 'programmes_error_name_length' } };
	// A template is copied, not referenced: later edits change this programme only (PRODUCT.md problem 5).
	const rules: ProgrammeRules = structuredClone(TEMPLATES[parsed.value.template]);
	const row = await insertProgramme(db, { districtId, slug, template: parsed.value.template, name: parsed.value.name, rules, actorId: actor.userId }, now);
	if (!row) return { kind: 'invalid', values: parsed.values, errors: { name: 'programmes_error_name_taken' } };
	return { kind: 'ok', id: row.id };
}

// ——— rules ———

export async function programmePage(db: Db, actor: Actor | null, id: string, now: Date) {
	const l = await loadProgramme(db, actor, id, 'programme.configure');
	if (l.kind !== 'ok') return l;
	const rounds = await roundsOfProgramme(db, id);
	const p = l.programme;
	return {
		kind: 'ok' as const,
		programme: { id: p.id, name: p.name, template: p.template, districtId: p.districtId },
		values: rulesToValues(p.rules),
		lock: lockOf(rounds, now),
		years: [...new Set(rounds.map((r) => r.year))]
	};
}

export async function saveRules(db: Db, actor: Actor | null, id: string, form: FormData, now: Date): Promise<Refused | Invalid<RulesValues> | { kind: 'ok'; changed: number }> {
	const l = await loadProgramme(db, actor, id, 'programme.configure');
	if (l.kind !== 'ok') return l;
	const userId = actor!.userId;
	type R = Invalid<RulesValues> | { kind: 'ok'; changed: number };
	const r = await updateRulesLocked<R>(
		db,
		id,
		(current, rounds) => {
			const parsed = parseRulesForm(form, current.rules);
			const errors: Errors = { ...parsed.errors };
			const add = (field: string, code: string) => {
				const f = issueField(field, parsed.categoryRows);
				errors[f] ??= `programmes_error_${code}`;
			};
			// The lock is decided here, inside the transaction that holds the programme row (repositories/programmes.ts).
			if (lockOf(rounds, now)) for (const i of lockedChanges(current.rules, parsed.rules)) add(i.field, i.code);
			if (Object.keys(parsed.errors).length === 0) for (const i of validateRules(parsed.rules)) add(i.field, i.code);
			if (Object.keys(errors).length > 0) return { ok: false, result: { kind: 'invalid', values: parsed.values, errors } };
			const changes = diffRules(current.rules, parsed.rules);
			return {
				ok: true,
				rules: parsed.rules,
				event:
					changes.length === 0
						? null
						: { type: 'programme.rules_changed', actorId: userId, subject: { type: 'programme', id }, districtId: current.districtId, payload: { changes } },
				result: { kind: 'ok', changed: changes.length }
			};
		},
		now
	);
	return r ?? { kind: 'not_found' };
}

// ——— rounds for all regions ———

export type PreviewRow = { regionId: string; regionName: string; residents: number; cents: number; atFloor: boolean; exists: boolean };

export async function roundsPage(db: Db, actor: Actor | null, id: string, now: Date) {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const rounds = await roundsOfProgramme(db, id);
	// The form proposes the next budget year whose first phase is still ahead: rounds are set up before they
	// start (in November, this year's vote is over and next year's call is being prepared).
	const thisYear = now.getUTCFullYear();
	const first = defaultPhaseDates(l.programme.rules, thisYear)[0];
	const year = first && new Date(first.startsAt) <= now ? thisYear + 1 : thisYear;
	return {
		kind: 'ok' as const,
		programme: { id: l.programme.id, name: l.programme.name },
		defaults: allocationToValues(l.programme.rules.allocation, year),
		rounds: rounds.map((r) => {
			const states = phaseStatesAt(r.phases, now);
			const running = r.phases.filter((_, i) => states[i] === 'running').map((p) => p.key);
			return { id: r.id, slug: r.slug, year: r.year, regionName: r.regionName, budgetCents: r.budgetCents, budgetNote: r.budgetNote, running };
		})
	};
}

async function computePreview(db: Db, p: ProgrammeRow, form: FormData): Promise<Invalid<RoundsValues> | { kind: 'ok'; values: RoundsValues; year: number; rows: PreviewRow[]; totalCents: number; allocation: ProgrammeRules['allocation']; asOf: string | null }> {
	const parsed = parseRoundsForm(form);
	if (!parsed.ok) return { kind: 'invalid', values: parsed.values, errors: parsed.errors };
	const regions = await regionsWithResidents(db, p.districtId);
	if (regions.length === 0) return { kind: 'invalid', values: parsed.values, errors: { form: 'programmes_error_no_regions' } };
	const existing = await existingRoundRegions(db, p.id, parsed.value.year);
	const a = parsed.value.allocation;
	let amounts: { id: string; cents: number; atFloor: boolean }[];
	if (a.kind === 'fixed') amounts = regions.map((r) => ({ id: r.id, cents: a.perRegionCents, atFloor: false }));
	else {
		const res = allocateBudget({ totalCents: a.totalCents, floorCents: a.floorCents, stepCents: a.stepCents, regions: regions.map((r) => ({ id: r.id, residents: r.residents })) });
		if (!res.ok) {
			const field = res.error === 'floor_exceeds_total' ? 'floor' : res.error === 'total_not_a_multiple_of_step' ? 'step' : 'total';
			return { kind: 'invalid', values: parsed.values, errors: { [field]: `programmes_error_allocation_${res.error}` } };
		}
		amounts = res.value;
	}
	const byId = new Map(amounts.map((x) => [x.id, x]));
	const rows = regions.map((r) => ({ regionId: r.id, regionName: r.name, residents: r.residents, cents: byId.get(r.id)!.cents, atFloor: byId.get(r.id)!.atFloor, exists: existing.has(r.id) }));
	return { kind: 'ok', values: parsed.values, year: parsed.value.year, rows, totalCents: rows.reduce((s, r) => s + r.cents, 0), allocation: a, asOf: regions.find((r) => r.asOf)?.asOf ?? null };
}

export async function previewRounds(db: Db, actor: Actor | null, id: string, form: FormData) {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const p = await computePreview(db, l.programme, form);
	if (p.kind !== 'ok') return p;
	return { kind: 'preview' as const, values: p.values, year: p.year, rows: p.rows, totalCents: p.totalCents, asOf: p.asOf };
}

/** Saves what the preview showed: the amounts are computed again from the same rule, never taken from the post. */
export async function createRounds(db: Db, actor: Actor | null, id: string, form: FormData, now: Date) {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const p = await computePreview(db, l.programme, form);
	if (p.kind !== 'ok') return p;
	const regions = new Map((await regionsWithResidents(db, l.programme.districtId)).map((r) => [r.id, r]));
	const r = await insertRounds(
		db,
		{
			programmeId: id,
			districtId: l.programme.districtId,
			year: p.year,
			rounds: p.rows.map((row) => ({ regionId: row.regionId, slug: `${l.programme.slug}-${p.year}-${regions.get(row.regionId)!.slug}`, budgetCents: row.cents })),
			phases: defaultPhaseDates(l.programme.rules, p.year),
			allocation: { ...p.allocation },
			actorId: actor!.userId
		},
		now
	);
	return { kind: 'ok' as const, year: p.year, ...r };
}

// ——— one round: budget, dates, phase ———

export async function roundAdminPage(db: Db, actor: Actor | null, id: string, roundId: string, now: Date) {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const r = await roundOfProgramme(db, id, roundId);
	if (!r) return { kind: 'not_found' as const };
	const states = phaseStatesAt(r.phases, now);
	const table = new Map(phaseTable().map((row) => [row.key as string, row]));
	return {
		kind: 'ok' as const,
		programme: { id: l.programme.id, name: l.programme.name },
		round: { id: r.id, slug: r.slug, year: r.year, regionName: r.regionName, budgetCents: r.budgetCents, budgetNote: r.budgetNote },
		phases: r.phases.map((p, i) => ({ ...p, state: states[i]!, allows: table.get(p.key)?.allows ?? [], locksVotingRules: table.get(p.key)?.locksVotingRules ?? false })),
		next: nextPhase(r.phases, now)?.key ?? null,
		budgetLocked: roundLocksVotingRules(r.phases, now)
	};
}

export async function adjustBudget(db: Db, actor: Actor | null, id: string, roundId: string, form: FormData, now: Date): Promise<Refused | Invalid<BudgetValues> | { kind: 'ok' }> {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const parsed = parseBudgetForm(form);
	if (!parsed.ok) return { kind: 'invalid', values: parsed.values, errors: parsed.errors };
	const { cents, note } = parsed.value;
	const r = await updateRoundLocked<Invalid<BudgetValues> | { kind: 'ok' }>(
		db,
		id,
		roundId,
		(round) => {
			// The budget is what a tally spends; once votes are cast it is as fixed as the tally rule.
			if (roundLocksVotingRules(round.phases, now)) return { ok: false, result: { kind: 'invalid', values: parsed.values, errors: { amount: 'programmes_error_budget_locked' } } };
			if (round.budgetCents === cents && round.budgetNote === note) return { ok: true, event: null, result: { kind: 'ok' } };
			return {
				ok: true,
				budget: { cents, note },
				event: { type: 'round.budget_adjusted', actorId: actor!.userId, subject: { type: 'round', id: roundId }, districtId: l.programme.districtId, payload: { before: round.budgetCents, after: cents, note } },
				result: { kind: 'ok' }
			};
		},
		now
	);
	return r ?? { kind: 'not_found' };
}

export async function changePhaseDates(db: Db, actor: Actor | null, id: string, roundId: string, form: FormData, now: Date): Promise<Refused | Invalid<PhaseDateValues> | { kind: 'ok'; changed: number }> {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	type R = Invalid<PhaseDateValues> | { kind: 'ok'; changed: number };
	const r = await updateRoundLocked<R>(
		db,
		id,
		roundId,
		(round) => {
			const parsed = parsePhaseDates(
				form,
				round.phases.map((p) => p.key)
			);
			if (Object.keys(parsed.errors).length > 0) return { ok: false, result: { kind: 'invalid', values: parsed.values, errors: parsed.errors } };
			// Fields the form leaves out (a started phase's start, a finished phase's end) keep their value.
			const after: Phase[] = round.phases.map((p) => {
				const d = parsed.dates[p.key] ?? {};
				// The form shows calendar days; the same day sent back keeps the stored time (a phase started by hand at 14:00).
				const sameDay = (a: string | null | undefined, b: string | null) => !!a && !!b && a.slice(0, 10) === b.slice(0, 10);
				const startsAt = d.start === undefined || sameDay(d.start, p.startsAt) ? p.startsAt : d.start;
				const endsAt = d.end === undefined || sameDay(d.end, p.endsAt) ? p.endsAt : d.end;
				return { key: p.key, startsAt, endsAt };
			});
			const issues = checkTimeline(round.phases, after, now);
			if (issues.length > 0) {
				const errors: Errors = {};
				for (const i of issues) errors[i.field] ??= `programmes_error_timeline_${i.code}`;
				return { ok: false, result: { kind: 'invalid', values: parsed.values, errors } };
			}
			const changes = diffPhases(round.phases, after);
			if (changes.length === 0) return { ok: true, event: null, result: { kind: 'ok', changed: 0 } };
			return {
				ok: true,
				phases: after,
				event: { type: 'round.phases_changed', actorId: actor!.userId, subject: { type: 'round', id: roundId }, districtId: l.programme.districtId, payload: { changes } },
				result: { kind: 'ok', changed: changes.length }
			};
		},
		now
	);
	return r ?? { kind: 'not_found' };
}

export async function startPhaseNow(db: Db, actor: Actor | null, id: string, roundId: string, form: FormData, now: Date): Promise<Refused | { kind: 'conflict'; reason: string } | { kind: 'ok'; key: string }> {
	const l = await loadProgramme(db, actor, id, 'round.configure');
	if (l.kind !== 'ok') return l;
	const key = String(form.get('phase') ?? '').slice(0, 40);
	type R = { kind: 'conflict'; reason: string } | { kind: 'ok'; key: string };
	const r = await updateRoundLocked<R>(
		db,
		id,
		roundId,
		(round) => {
			const s = startPhase(round.phases, key, now);
			if (!s.ok) return { ok: false, result: { kind: 'conflict', reason: s.error } };
			const ended = round.phases.filter((p, i) => p.endsAt !== s.phases[i]!.endsAt && i < round.phases.findIndex((x) => x.key === key)).map((p) => p.key);
			return {
				ok: true,
				phases: s.phases,
				event: { type: 'round.phase_started', actorId: actor!.userId, subject: { type: 'round', id: roundId }, districtId: l.programme.districtId, payload: { key, ended } },
				result: { kind: 'ok', key }
			};
		},
		now
	);
	return r ?? { kind: 'not_found' };
}

// ——— audit ———

export async function programmeAudit(db: Db, actor: Actor | null, id: string, roundId: string | null): Promise<Refused | { kind: 'ok'; programme: { id: string; name: string }; events: AuditRow[] }> {
	const l = await loadProgramme(db, actor, id, 'audit.read');
	if (l.kind !== 'ok') return l;
	if (roundId && !(await roundOfProgramme(db, id, roundId))) return { kind: 'not_found' };
	const events = await auditOfProgramme(db, id, 200, roundId ?? undefined);
	return { kind: 'ok', programme: { id: l.programme.id, name: l.programme.name }, events };
}

/** The use cases with the database and the clock bound, for the container (routes never see the database). */
export function programmesService(db: Db, clock: () => Date) {
	return {
		home: (actor: Actor | null) => programmesHome(db, actor),
		create: (actor: Actor | null, form: FormData) => createProgramme(db, actor, form, clock()),
		page: (actor: Actor | null, id: string) => programmePage(db, actor, id, clock()),
		saveRules: (actor: Actor | null, id: string, form: FormData) => saveRules(db, actor, id, form, clock()),
		roundsPage: (actor: Actor | null, id: string) => roundsPage(db, actor, id, clock()),
		previewRounds: (actor: Actor | null, id: string, form: FormData) => previewRounds(db, actor, id, form),
		createRounds: (actor: Actor | null, id: string, form: FormData) => createRounds(db, actor, id, form, clock()),
		roundPage: (actor: Actor | null, id: string, roundId: string) => roundAdminPage(db, actor, id, roundId, clock()),
		adjustBudget: (actor: Actor | null, id: string, roundId: string, form: FormData) => adjustBudget(db, actor, id, roundId, form, clock()),
		changePhaseDates: (actor: Actor | null, id: string, roundId: string, form: FormData) => changePhaseDates(db, actor, id, roundId, form, clock()),
		startPhase: (actor: Actor | null, id: string, roundId: string, form: FormData) => startPhaseNow(db, actor, id, roundId, form, clock()),
		audit: (actor: Actor | null, id: string, roundId: string | null) => programmeAudit(db, actor, id, roundId)
	};
}
export type ProgrammesService = ReturnType<typeof programmesService>;

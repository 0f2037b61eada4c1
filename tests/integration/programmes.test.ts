// Issue 4: the district admin configures programmes and rounds; PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import {
	adjustBudget,
	changePhaseDates,
	createProgramme,
	createRounds,
	previewRounds,
	programmeAudit,
	programmePage,
	programmesHome,
	roundsPage,
	saveRules,
	startPhaseNow
} from '../../src/lib/server/app/programmes.ts';
import { event, programme, round, roundPhase } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { TEMPLATES } from '../../src/lib/core/process/programme.ts';
import { rulesToValues, type RulesValues } from '../../src/lib/forms/programme.ts';
import type { Actor, Role } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const day = (s: string) => new Date(`${s}T12:00:00Z`);

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

/** What the rules page posts for the given values (every field, as a browser sends it). */
function rulesForm(v: RulesValues): FormData {
	const f: Record<string, string | string[]> = {
		applicantTypes: v.applicantTypes,
		eligibilityChecklist: v.eligibilityChecklist,
		cap: v.cap,
		decisionBody: v.decisionBody,
		whoMayVote: v.whoMayVote,
		ballot: v.ballot,
		tallyRule: v.tallyRule,
		settlement: v.settlement
	};
	v.costCategories.forEach((c, i) => {
		f[`costCategories.${i}.key`] = c.key;
		f[`costCategories.${i}.label`] = c.label;
		f[`costCategories.${i}.eligible`] = c.eligible;
		f[`costCategories.${i}.reason`] = c.reason;
	});
	for (let i = 0; i < 4; i++) f[`tieBreak.${i}`] = v.tieBreak[i] ?? '';
	for (const [key, p] of Object.entries(v.phases)) {
		if (p.use) f[`phases.${key}.use`] = 'yes';
		f[`phases.${key}.start`] = p.start;
		f[`phases.${key}.end`] = p.end;
	}
	return form(f);
}

const TK_ROUNDS = { year: '2027', kind: 'proportional_with_floor', total: '100.000', floor: '2.600', step: '100', perRegion: '' };

describe.each(BACKENDS)('programmes on %s', (backend) => {
	let h: DbHandle;
	const actors = {} as Record<Role, Actor>;
	let programmeId = '';
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		for (const role of ['resident', 'moderator', 'case_worker', 'district_admin', 'platform_admin'] as Role[]) {
			const id = randomUUID();
			const scope = role === 'platform_admin' ? { scopeKind: 'platform', scopeId: '' } : role === 'moderator' ? { scopeKind: 'region', scopeId: '091001' } : { scopeKind: 'district', scopeId: '09' };
			await ensureUserWithPassword(h.db, { id, email: `${role}-${id}@example.org`, pseudonym: `${role} ${id.slice(0, 6)}`, passwordHash: 'x', grants: role === 'resident' ? [] : [{ role, ...scope }] }, NOW);
			const s = role === 'platform_admin' ? { kind: 'platform' as const } : role === 'moderator' ? { kind: 'region' as const, id: '091001', districtId: '09' } : { kind: 'district' as const, id: '09' };
			actors[role] = { userId: id, emailVerified: true, grants: role === 'resident' ? [] : [{ role, scope: s }] };
		}
	});
	afterAll(async () => {
		await h.close();
	});

	it('creates a programme from the Stadtteilbudget template, with its event', async () => {
		const r = await createProgramme(h.db, actors.district_admin, form({ template: 'stadtteilbudget', name: 'Stadtteilbudget Treptow-Köpenick' }), NOW);
		expect(r.kind).toBe('ok');
		if (r.kind !== 'ok') return;
		programmeId = r.id;
		const [p] = await h.db.select().from(programme).where(eq(programme.id, r.id));
		expect(p).toMatchObject({ districtId: '09', template: 'stadtteilbudget', slug: 'stadtteilbudget-treptow-koepenick' });
		expect(p!.rules).toEqual(TEMPLATES.stadtteilbudget);
		const events = await h.db.select().from(event).where(eq(event.subjectId, r.id));
		expect(events.map((e) => [e.type, e.actorId])).toEqual([['programme.created', actors.district_admin.userId]]);
		const again = await createProgramme(h.db, actors.district_admin, form({ template: 'kiezkasse', name: 'Stadtteilbudget Treptow-Köpenick' }), NOW);
		expect(again).toMatchObject({ kind: 'invalid', errors: { name: 'programmes_error_name_taken' } });
		const bad = await createProgramme(h.db, actors.district_admin, form({ template: 'lotto', name: 'x' }), NOW);
		expect(bad).toMatchObject({ kind: 'invalid', values: { template: 'lotto', name: 'x' }, errors: { template: 'programmes_error_template', name: 'programmes_error_name_length' } });
	});

	// role → may configure programmes (policy table at the use-case level: every entry point refuses the same way)
	const roles: [Role, boolean][] = [
		['resident', false],
		['moderator', false],
		['case_worker', false],
		['district_admin', true],
		['platform_admin', true]
	];
	it.each(roles)('%s may configure: %s', async (role, allowed) => {
		const a = actors[role];
		const home = await programmesHome(h.db, a);
		expect(home.kind === 'ok').toBe(allowed);
		expect((await programmePage(h.db, a, programmeId, NOW)).kind === 'ok').toBe(allowed);
		expect((await roundsPage(h.db, a, programmeId, NOW)).kind === 'ok').toBe(allowed);
		expect((await programmeAudit(h.db, a, programmeId, null)).kind === 'ok').toBe(allowed);
		if (!allowed) {
			const before = await h.db.select().from(event);
			expect((await createProgramme(h.db, a, form({ template: 'kiezkasse', name: `Fremd ${role}` }), NOW)).kind).toBe('forbidden');
			expect((await saveRules(h.db, a, programmeId, rulesForm(rulesToValues(TEMPLATES.kiezkasse)), NOW)).kind).toBe('forbidden');
			expect((await createRounds(h.db, a, programmeId, form(TK_ROUNDS), NOW)).kind).toBe('forbidden');
			expect((await programmePage(h.db, a, randomUUID(), NOW)).kind).toBe('forbidden');
			expect(await h.db.select().from(event)).toHaveLength(before.length);
		}
	});
	it('refuses an anonymous visitor and a district admin of another district', async () => {
		expect((await programmePage(h.db, null, programmeId, NOW)).kind).toBe('forbidden');
		const other: Actor = { userId: randomUUID(), emailVerified: true, grants: [{ role: 'district_admin', scope: { kind: 'district', id: '01' } }] };
		expect((await programmePage(h.db, other, programmeId, NOW)).kind).toBe('forbidden');
		expect((await programmePage(h.db, actors.district_admin, 'not-a-uuid', NOW)).kind).toBe('not_found');
	});

	it('refuses an excluded category without a reason, keeping what was typed; saves it with one, auditing before and after', async () => {
		const v = rulesToValues(TEMPLATES.stadtteilbudget);
		const i = v.costCategories.findIndex((c) => c.key === 'print');
		v.costCategories[i] = { ...v.costCategories[i]!, eligible: 'no', reason: '' };
		v.costCategories.push({ key: '', label: '', eligible: 'yes', reason: '' }, { key: 'insurance', label: 'Versicherung', eligible: 'no', reason: '' });
		v.cap = '-5';
		const r = await saveRules(h.db, actors.district_admin, programmeId, rulesForm(v), NOW);
		expect(r.kind).toBe('invalid');
		if (r.kind !== 'invalid') return;
		// The spare row left empty in between does not shift the field names: errors point at the typed rows.
		expect(r.errors).toMatchObject({ [`costCategories.${i}.reason`]: 'programmes_error_reason_required', [`costCategories.${v.costCategories.length - 1}.reason`]: 'programmes_error_reason_required', cap: 'programmes_error_cap_positive' });
		expect(r.values.costCategories[v.costCategories.length - 1]!.label).toBe('Versicherung');
		expect(r.values.cap).toBe('-5');

		v.costCategories[i]!.reason = 'Druck bezahlt das Bezirksamt selbst.';
		v.costCategories.splice(-2, 2);
		v.cap = '2.500';
		const ok = await saveRules(h.db, actors.district_admin, programmeId, rulesForm(v), NOW);
		expect(ok).toEqual({ kind: 'ok', changed: 2 });
		const [p] = await h.db.select().from(programme).where(eq(programme.id, programmeId));
		expect(p!.rules.costCategories.find((c) => c.key === 'print')).toEqual({ key: 'print', label: 'Druck und Öffentlichkeitsarbeit', eligible: false, reason: 'Druck bezahlt das Bezirksamt selbst.' });
		expect(p!.rules.capPerProjectCents).toBe(250_000);
		const [e] = await h.db.select().from(event).where(and(eq(event.subjectId, programmeId), eq(event.type, 'programme.rules_changed')));
		const changes = (e!.payload as { changes: { field: string; before: unknown; after: unknown }[] }).changes;
		expect(changes.map((c) => c.field)).toEqual(['costCategories', 'capPerProjectCents']);
		expect(changes[1]).toEqual({ field: 'capPerProjectCents', before: 1_000_000, after: 250_000 });
		// Saving the same rules again changes nothing and writes no event.
		expect(await saveRules(h.db, actors.district_admin, programmeId, rulesForm(v), NOW)).toEqual({ kind: 'ok', changed: 0 });
		expect(await h.db.select().from(event).where(and(eq(event.subjectId, programmeId), eq(event.type, 'programme.rules_changed')))).toHaveLength(1);
	});

	it('refuses a ballot the tally rule cannot count', async () => {
		const v = rulesToValues(TEMPLATES.stadtteilbudget);
		v.ballot = 'yes_no_abstain';
		const r = await saveRules(h.db, actors.district_admin, programmeId, rulesForm(v), NOW);
		expect(r).toMatchObject({ kind: 'invalid', errors: { ballot: 'programmes_error_ballot_tally_mismatch' } });
	});

	it('previews the rounds for all 20 regions summing to the total, then creates them once', async () => {
		const p = await previewRounds(h.db, actors.district_admin, programmeId, form(TK_ROUNDS));
		expect(p.kind).toBe('preview');
		if (p.kind !== 'preview') return;
		expect(p.rows).toHaveLength(20);
		expect(p.totalCents).toBe(10_000_000);
		expect(p.rows.find((r) => r.regionName === 'Altglienicke')).toMatchObject({ residents: 31_244, cents: 1_030_000, exists: false });
		expect(p.rows.filter((r) => r.atFloor).every((r) => r.cents === 260_000)).toBe(true);
		expect(await h.db.select().from(round).where(eq(round.programmeId, programmeId))).toHaveLength(0);

		const [a, b] = await Promise.all([createRounds(h.db, actors.district_admin, programmeId, form(TK_ROUNDS), NOW), createRounds(h.db, actors.district_admin, programmeId, form(TK_ROUNDS), NOW)]);
		expect([a, b].map((x) => (x.kind === 'ok' ? x.created : -1)).sort()).toEqual([0, 20]);
		const rounds = await h.db.select().from(round).where(eq(round.programmeId, programmeId));
		expect(rounds).toHaveLength(20);
		expect(rounds.reduce((s, r) => s + Number(r.budgetCents), 0)).toBe(10_000_000);
		expect(rounds.find((r) => r.regionId === '092007')!.slug).toBe('stadtteilbudget-treptow-koepenick-2027-adlershof');
		const again = await previewRounds(h.db, actors.district_admin, programmeId, form(TK_ROUNDS));
		expect(again.kind === 'preview' && again.rows.every((r) => r.exists)).toBe(true);
		const phases = await h.db.select().from(roundPhase).where(eq(roundPhase.roundId, rounds[0]!.id));
		expect(phases.map((x) => x.key).sort()).toEqual(['ideas', 'implementation', 'review', 'voting']);
		const summary = await h.db.select().from(event).where(and(eq(event.subjectId, programmeId), eq(event.type, 'programme.rounds_created')));
		expect(summary.map((e) => e.payload)).toEqual([{ year: 2027, allocation: { kind: 'proportional_with_floor', totalCents: 10_000_000, floorCents: 260_000, stepCents: 10_000 }, created: 20, skipped: 0, totalCents: 10_000_000 }]);
	});

	it('refuses an allocation that cannot work, pointing at the field', async () => {
		const r = await previewRounds(h.db, actors.district_admin, programmeId, form({ ...TK_ROUNDS, floor: '6.000' }));
		expect(r).toMatchObject({ kind: 'invalid', errors: { floor: 'programmes_error_allocation_floor_exceeds_total' }, values: { floor: '6.000' } });
		const y = await previewRounds(h.db, actors.district_admin, programmeId, form({ ...TK_ROUNDS, year: 'zwei' }));
		expect(y).toMatchObject({ kind: 'invalid', errors: { year: 'programmes_error_year' } });
		const fixed = await previewRounds(h.db, actors.district_admin, programmeId, form({ year: '2028', kind: 'fixed', perRegion: '5.000' }));
		expect(fixed.kind === 'preview' && fixed.totalCents).toBe(20 * 500_000);
	});

	it('adjusts one region by hand only with a reason, and audits before and after', async () => {
		const [r] = await h.db.select().from(round).where(and(eq(round.programmeId, programmeId), eq(round.regionId, '093011')));
		const none = await adjustBudget(h.db, actors.district_admin, programmeId, r!.id, form({ amount: '3.000', note: '' }), NOW);
		expect(none).toMatchObject({ kind: 'invalid', errors: { note: 'programmes_error_note_length' }, values: { amount: '3.000' } });
		const note = 'Zweite Versammlung für Restmittel aus dem Vorjahr (BA-Beschluss).';
		expect(await adjustBudget(h.db, actors.district_admin, programmeId, r!.id, form({ amount: '3.000', note }), NOW)).toEqual({ kind: 'ok' });
		const [after] = await h.db.select().from(round).where(eq(round.id, r!.id));
		expect(after).toMatchObject({ budgetCents: 300_000, budgetNote: note });
		const [e] = await h.db.select().from(event).where(and(eq(event.subjectId, r!.id), eq(event.type, 'round.budget_adjusted')));
		expect(e!.payload).toEqual({ before: Number(r!.budgetCents), after: 300_000, note });
		expect((await adjustBudget(h.db, actors.case_worker, programmeId, r!.id, form({ amount: '9.000', note }), NOW)).kind).toBe('forbidden');
		expect((await adjustBudget(h.db, actors.district_admin, programmeId, randomUUID(), form({ amount: '9.000', note }), NOW)).kind).toBe('not_found');
	});

	it('starts the next phase by hand, moves dates, and locks the voting rules once voting starts', async () => {
		const [r] = await h.db.select().from(round).where(and(eq(round.programmeId, programmeId), eq(round.regionId, '092007')));
		// 2027: ideas from 1 February (day 31); on 10 February the office ends it early and starts the pre-check.
		const feb = day('2027-02-10');
		expect(await startPhaseNow(h.db, actors.district_admin, programmeId, r!.id, form({ phase: 'voting' }), feb)).toEqual({ kind: 'conflict', reason: 'not_next' });
		expect(await startPhaseNow(h.db, actors.district_admin, programmeId, r!.id, form({ phase: 'review' }), feb)).toEqual({ kind: 'ok', key: 'review' });
		const phases = await h.db.select().from(roundPhase).where(eq(roundPhase.roundId, r!.id));
		expect(phases.find((p) => p.key === 'ideas')!.endsAt!.toISOString()).toBe(feb.toISOString());
		expect(phases.find((p) => p.key === 'review')!.startsAt.toISOString()).toBe(feb.toISOString());

		const moved = await changePhaseDates(h.db, actors.district_admin, programmeId, r!.id, form({ 'phases.voting.start': '2027-05-15', 'phases.voting.end': '2027-06-01' }), feb);
		expect(moved).toEqual({ kind: 'ok', changed: 1 });
		const past = await changePhaseDates(h.db, actors.district_admin, programmeId, r!.id, form({ 'phases.voting.start': '2027-01-15' }), feb);
		expect(past).toMatchObject({ kind: 'invalid', errors: { 'phases.voting.start': 'programmes_error_timeline_start_in_past' }, values: { voting: { start: '2027-01-15' } } });
		const broken = await changePhaseDates(h.db, actors.district_admin, programmeId, r!.id, form({ 'phases.voting.end': '31.02.2027' }), feb);
		expect(broken).toMatchObject({ kind: 'invalid', errors: { 'phases.voting.end': 'programmes_error_date' } });

		// Before voting the rules can change; once it runs in any region, the voting rules are locked.
		const before = (await programmePage(h.db, actors.district_admin, programmeId, feb)) as { kind: 'ok'; lock: unknown; values: RulesValues };
		expect(before.lock).toBeNull();
		const may = day('2027-05-20');
		const during = (await programmePage(h.db, actors.district_admin, programmeId, may)) as { kind: 'ok'; lock: unknown; values: RulesValues };
		expect(during.lock).toMatchObject({ year: 2027, phase: 'voting' });
		const v = structuredClone(during.values);
		v.ballot = 'knapsack';
		v.tieBreak = ['more-supporters', 'id'];
		v.cap = '2.000';
		const refused = await saveRules(h.db, actors.district_admin, programmeId, rulesForm(v), may);
		expect(refused).toMatchObject({ kind: 'invalid', errors: { ballot: 'programmes_error_locked', 'tieBreak.0': 'programmes_error_locked' } });
		// The page leaves the locked fields out; the other rules still change.
		const f = rulesForm(during.values);
		for (const k of ['decisionBody', 'whoMayVote', 'ballot', 'tallyRule', 'tieBreak.0', 'tieBreak.1', 'tieBreak.2', 'tieBreak.3']) f.delete(k);
		f.set('cap', '2.000');
		expect(await saveRules(h.db, actors.district_admin, programmeId, f, may)).toEqual({ kind: 'ok', changed: 1 });
		const [p] = await h.db.select().from(programme).where(eq(programme.id, programmeId));
		expect(p!.rules.ballot).toBe('approval');
		expect(p!.rules.capPerProjectCents).toBe(200_000);
		const [hall] = await h.db.select().from(round).where(and(eq(round.programmeId, programmeId), eq(round.regionId, '093011')));
		expect(await adjustBudget(h.db, actors.district_admin, programmeId, hall!.id, form({ amount: '1.000', note: 'Kürzung nach Haushaltssperre.' }), may)).toMatchObject({ errors: { amount: 'programmes_error_budget_locked' } });
	});

	it('lists the audit entries of the programme and of one round', async () => {
		const a = await programmeAudit(h.db, actors.district_admin, programmeId, null);
		expect(a.kind).toBe('ok');
		if (a.kind !== 'ok') return;
		const types = a.events.map((e) => e.type);
		for (const t of ['programme.created', 'programme.rules_changed', 'programme.rounds_created', 'round.created', 'round.budget_adjusted', 'round.phase_started', 'round.phases_changed']) expect(types).toContain(t);
		expect(types.filter((t) => t === 'round.created')).toHaveLength(20);
		expect(a.events.find((e) => e.type === 'round.budget_adjusted')).toMatchObject({ regionName: 'Grünau', year: 2027, actor: expect.stringContaining('district_admin') });
		const [r] = await h.db.select().from(round).where(and(eq(round.programmeId, programmeId), eq(round.regionId, '092007')));
		const one = await programmeAudit(h.db, actors.district_admin, programmeId, r!.id);
		expect(one.kind === 'ok' && one.events.map((e) => e.type)).toEqual(['round.phases_changed', 'round.phase_started', 'round.created']);
		// Events of the seeded Kiezkasse are not in this programme's log.
		expect(a.events.every((e) => e.subjectType === 'programme' || e.roundSlug?.startsWith('stadtteilbudget-'))).toBe(true);
	});
});

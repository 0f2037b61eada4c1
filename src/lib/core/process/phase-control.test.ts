import { describe, expect, it } from 'vitest';
import { PHASE_ALLOWS, PHASES } from './programme.ts';
import { checkTimeline, diffPhases, nextPhase, phaseTable, roundLocksVotingRules, roundOver, startPhase, votingRulesLock, type Phase } from './phase-control.ts';

const d = (s: string) => `${s}T00:00:00.000Z`;
// A Kiezkasse year: ideas in spring, pre-check, assembly in May, implementation until December.
const kiezkasse: Phase[] = [
	{ key: 'ideas', startsAt: d('2026-02-15'), endsAt: d('2026-04-15') },
	{ key: 'review', startsAt: d('2026-04-15'), endsAt: d('2026-05-05') },
	{ key: 'assembly', startsAt: d('2026-05-05'), endsAt: d('2026-06-10') },
	{ key: 'implementation', startsAt: d('2026-06-10'), endsAt: d('2026-12-31') }
];
const at = (s: string) => new Date(`${s}T12:00:00Z`);

describe('the capability table', () => {
	it('has a row for every phase; only assembly and voting lock the voting rules', () => {
		const rows = phaseTable();
		expect(rows.map((r) => r.key)).toEqual([...PHASES]);
		expect(rows.filter((r) => r.locksVotingRules).map((r) => r.key)).toEqual(['assembly', 'voting']);
		for (const r of rows) expect(r.allows).toBe(PHASE_ALLOWS[r.key]);
	});
	it('lets voting happen only where the rules are locked', () => {
		for (const r of phaseTable()) if (r.allows.includes('vote')) expect(r.locksVotingRules).toBe(true);
	});
});

describe('the lock rule', () => {
	// date → which phase locks the rules (null: free to change)
	const table: [string, string, string | null][] = [
		['before anything starts', '2026-01-10', null],
		['while ideas are collected', '2026-03-01', null],
		['during the pre-check', '2026-04-20', null],
		['on the day of the assembly', '2026-05-05', 'assembly'],
		['after the assembly, during implementation', '2026-08-01', 'assembly'],
		['after the round is over', '2027-01-05', null]
	];
	it.each(table)('%s (%s) → %s', (_n, day, expected) => {
		expect(roundLocksVotingRules(kiezkasse, at(day))).toBe(expected);
	});
	it('locks the programme while any round locks it, and names that round', () => {
		const rounds = [
			{ id: 'a', phases: kiezkasse.map((p) => ({ ...p, startsAt: p.startsAt.replace('2026', '2027'), endsAt: p.endsAt?.replace('2026', '2027') ?? null })) },
			{ id: 'b', phases: kiezkasse }
		];
		expect(votingRulesLock(rounds, at('2026-05-06'))).toEqual({ round: rounds[1], phase: 'assembly' });
		expect(votingRulesLock(rounds, at('2026-03-01'))).toBeNull();
	});
	it('knows when a round is over', () => {
		expect(roundOver(kiezkasse, at('2026-12-30'))).toBe(false);
		expect(roundOver(kiezkasse, at('2027-01-01'))).toBe(true);
		expect(roundOver([], at('2027-01-01'))).toBe(false);
	});
});

describe('startPhase', () => {
	it('starts the next phase now and ends the running one', () => {
		const now = at('2026-04-01');
		expect(nextPhase(kiezkasse, now)?.key).toBe('review');
		const r = startPhase(kiezkasse, 'review', now);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.phases[0]).toEqual({ key: 'ideas', startsAt: d('2026-02-15'), endsAt: now.toISOString() });
		expect(r.phases[1]).toEqual({ key: 'review', startsAt: now.toISOString(), endsAt: d('2026-05-05') });
		expect(r.phases.slice(2)).toEqual(kiezkasse.slice(2));
	});
	it('refuses to skip a phase, to restart one, or an unknown one', () => {
		expect(startPhase(kiezkasse, 'assembly', at('2026-04-01'))).toEqual({ ok: false, error: 'not_next' });
		expect(startPhase(kiezkasse, 'ideas', at('2026-04-01'))).toEqual({ ok: false, error: 'already_started' });
		expect(startPhase(kiezkasse, 'voting', at('2026-04-01'))).toEqual({ ok: false, error: 'unknown_phase' });
	});
});

describe('checkTimeline', () => {
	const now = at('2026-04-01');
	const edit = (key: string, change: Partial<Phase>) => kiezkasse.map((p) => (p.key === key ? { ...p, ...change } : p));
	const issues = (after: Phase[]) => checkTimeline(kiezkasse, after, now).map((i) => `${i.field}:${i.code}`);
	it('accepts moving a planned phase later', () => {
		expect(issues(edit('assembly', { startsAt: d('2026-05-12'), endsAt: d('2026-06-12') }))).toEqual([]);
		expect(diffPhases(kiezkasse, edit('assembly', { startsAt: d('2026-05-12') }))).toEqual([{ key: 'assembly', startsAt: [d('2026-05-05'), d('2026-05-12')] }]);
	});
	const table: [string, Phase[], string][] = [
		['a started phase keeps its start', edit('ideas', { startsAt: d('2026-02-20') }), 'phases.ideas.start:started_fixed'],
		['a planned phase cannot start in the past', edit('review', { startsAt: d('2026-03-20') }), 'phases.review.start:start_in_past'],
		['an end comes after the start', edit('assembly', { endsAt: d('2026-05-01') }), 'phases.assembly.end:end_before_start'],
		['phases keep their order', edit('implementation', { startsAt: d('2026-05-01') }), 'phases.implementation.start:phase_order'],
		['a running phase cannot end in the past', edit('ideas', { endsAt: d('2026-03-30') }), 'phases.ideas.end:end_in_past'],
		['a broken date is refused', edit('review', { startsAt: 'soon' }), 'phases.review.start:invalid_date']
	];
	it.each(table)('%s', (_n, after, expected) => {
		expect(issues(after)).toContain(expected);
	});
	it('keeps the end of a finished phase', () => {
		expect(checkTimeline(kiezkasse, edit('ideas', { endsAt: d('2026-04-20') }), at('2026-05-01')).map((i) => i.code)).toContain('finished_fixed');
	});
});

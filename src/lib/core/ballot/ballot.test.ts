import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkBallot, remainingCents, type BallotProject, type BallotRule, type Choice } from './ballot.ts';

const projects: BallotProject[] = [
	{ id: 'a', costCents: 500_000 },
	{ id: 'b', costCents: 300_000 },
	{ id: 'c', costCents: 200_000 },
	{ id: 'd', costCents: 100_000 }
];
const pick = (...ids: string[]): Choice[] => ids.map((projectId) => ({ projectId, points: 1 }));
const kinds = (r: ReturnType<typeof checkBallot>) => (r.ok ? [] : r.problems.map((p) => p.kind));

describe('checkBallot', () => {
	it.each<[string, BallotRule, Choice[], string[]]>([
		['approval within k', { kind: 'approval', maxPicks: 2 }, pick('a', 'b'), []],
		['approval over k', { kind: 'approval', maxPicks: 2 }, pick('a', 'b', 'c'), ['too_many_picks']],
		['an empty ballot is an abstention', { kind: 'approval', maxPicks: 2 }, [], []],
		['an unknown project', { kind: 'approval', maxPicks: 2 }, pick('zz'), ['unknown_project']],
		['the same project twice', { kind: 'approval', maxPicks: 3 }, pick('a', 'a'), ['duplicate_project']],
		['approval with 2 points', { kind: 'approval', maxPicks: 3 }, [{ projectId: 'a', points: 2 }], ['not_a_whole_number']],
		['knapsack exactly the budget', { kind: 'knapsack', budgetCents: 1_000_000 }, pick('a', 'b', 'c'), []],
		['knapsack one cent over', { kind: 'knapsack', budgetCents: 999_999 }, pick('a', 'b', 'c'), ['over_budget']],
		['cumulative within', { kind: 'cumulative', totalPoints: 5, maxPerProject: 3 }, [{ projectId: 'a', points: 3 }, { projectId: 'b', points: 2 }], []],
		['cumulative too many in all', { kind: 'cumulative', totalPoints: 5, maxPerProject: 5 }, [{ projectId: 'a', points: 3 }, { projectId: 'b', points: 3 }], ['too_many_points']],
		['cumulative too many on one', { kind: 'cumulative', totalPoints: 5, maxPerProject: 2 }, [{ projectId: 'a', points: 3 }], ['too_many_points_on_project']],
		['score in range', { kind: 'score', maxScore: 5 }, [{ projectId: 'a', points: 5 }, { projectId: 'd', points: 0 }], []],
		['score out of range', { kind: 'score', maxScore: 5 }, [{ projectId: 'a', points: 6 }], ['score_out_of_range']],
		['negative points', { kind: 'score', maxScore: 5 }, [{ projectId: 'a', points: -1 }], ['not_a_whole_number']],
		['fractional points', { kind: 'cumulative', totalPoints: 5, maxPerProject: 5 }, [{ projectId: 'a', points: 1.5 }], ['not_a_whole_number']]
	])('%s', (_name, rule, choices, expected) => {
		expect(kinds(checkBallot(rule, projects, choices))).toEqual(expected);
	});

	it('names the numbers in its reasons', () => {
		const r = checkBallot({ kind: 'knapsack', budgetCents: 600_000 }, projects, pick('a', 'b'));
		expect(r).toEqual({ ok: false, problems: [{ kind: 'over_budget', spentCents: 800_000, budgetCents: 600_000 }] });
	});

	it('stores choices in list order without zeros, whatever order the voter saw', () => {
		const r = checkBallot({ kind: 'score', maxScore: 3 }, projects, [
			{ projectId: 'd', points: 2 },
			{ projectId: 'b', points: 0 },
			{ projectId: 'a', points: 1 }
		]);
		expect(r).toEqual({ ok: true, choices: [{ projectId: 'a', points: 1 }, { projectId: 'd', points: 2 }] });
	});

	it('accepts a knapsack ballot exactly when the meter does not go below zero (property)', () => {
		fc.assert(
			fc.property(fc.subarray(projects.map((p) => p.id)), fc.integer({ min: 0, max: 1_200_000 }), (ids, budget) => {
				const rule = { kind: 'knapsack', budgetCents: budget } as const;
				const ok = checkBallot(rule, projects, pick(...ids)).ok;
				expect(ok).toBe(remainingCents(rule, projects, new Set(ids)) >= 0);
			})
		);
	});

	it('accepts an approval ballot exactly when it has at most k picks (property)', () => {
		fc.assert(
			fc.property(fc.subarray(projects.map((p) => p.id)), fc.integer({ min: 0, max: 4 }), (ids, k) => {
				expect(checkBallot({ kind: 'approval', maxPicks: k }, projects, pick(...ids)).ok).toBe(ids.length <= k);
			})
		);
	});

	it('never accepts more cumulative points than allowed (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 6 }), (pts, total, per) => {
				const r = checkBallot({ kind: 'cumulative', totalPoints: total, maxPerProject: per }, projects, pts.map((points, i) => ({ projectId: projects[i]!.id, points })));
				if (r.ok) {
					expect(r.choices.reduce((s, c) => s + c.points, 0)).toBeLessThanOrEqual(total);
					for (const c of r.choices) expect(c.points).toBeLessThanOrEqual(per);
				} else expect(r.problems.length).toBeGreaterThan(0);
			})
		);
	});
});

/**
 * Optional integer ballot weights: a ballot of weight w is tallied exactly as w identical ballots, and an
 * election without weights (or with every weight 1) gives the same result and hash as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { voterCount, type Election } from './election.ts';
import { greedySpec, mesSpec, phragmenSpec, type RuleSpec } from './spec.ts';
import { electionHash, tally } from './tally.ts';

const RULES: RuleSpec[] = [
	greedySpec('votes'),
	greedySpec('votes-per-cost'),
	greedySpec('points'),
	greedySpec('positional'),
	mesSpec('cost'),
	mesSpec('approval', { completion: 'add1', thenGreedy: true, comparison: true }),
	mesSpec('points'),
	phragmenSpec()
];

const arb = fc
	.record({
		costs: fc.array(fc.constantFrom(100n, 200n, 300n, 500n, 1000n), { minLength: 5, maxLength: 5 }),
		budget: fc.bigInt({ min: 0n, max: 2000n }),
		ballots: fc.array(
			fc.record({ projects: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }), pts: fc.integer({ min: 1, max: 3 }), weight: fc.integer({ min: 1, max: 4 }) }),
			{ minLength: 1, maxLength: 12 }
		)
	})
	.map(({ costs, budget, ballots }) => {
		const projects = costs.map((cost, i) => ({ id: `p${i}`, cost }));
		const weighted: Election = { voteType: 'cumulative', budget, scale: 0, meta: [], projects, ballots: ballots.map((b) => ({ projects: b.projects, points: b.projects.map(() => b.pts), weight: b.weight })) };
		const expanded: Election = { ...weighted, ballots: ballots.flatMap((b) => Array.from({ length: b.weight }, () => ({ projects: b.projects, points: b.projects.map(() => b.pts) }))) };
		return { weighted, expanded };
	});

describe('ballot weights', () => {
	it('a ballot of weight w gives the same winners as w copies of it, for every rule', () => {
		fc.assert(
			fc.property(arb, ({ weighted, expanded }) => {
				for (const spec of RULES) {
					const a = tally(weighted, spec);
					const b = tally(expanded, spec);
					expect(a.winners).toEqual(b.winners);
					expect(a.spent).toBe(b.spent);
					expect(a.weightedVoters ?? a.voters).toBe(b.voters);
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('weights of 1 change nothing: same winners, same hash, no weightedVoters', () => {
		const base: Election = {
			voteType: 'approval',
			budget: 500n,
			scale: 0,
			meta: [],
			projects: [
				{ id: 'a', cost: 300n },
				{ id: 'b', cost: 300n },
				{ id: 'c', cost: 200n }
			],
			ballots: [{ projects: [0] }, { projects: [0, 2] }, { projects: [1] }]
		};
		const ones: Election = { ...base, ballots: base.ballots.map((b) => ({ ...b, weight: 1 })) };
		for (const spec of RULES.filter((s) => !(s.rule === 'mes' && s.utility === 'points'))) expect(tally(ones, spec)).toEqual(tally(base, spec));
		expect(electionHash(ones)).toBe(electionHash(base));
	});

	it('a hand-computed greedy example: weights turn the result', () => {
		// a: 2 ballots × 100 = 200, b: 3 ballots × 50 = 150 → weighted, a wins; unweighted, b (3 > 2) wins.
		const e: Election = {
			voteType: 'approval',
			budget: 300n,
			scale: 0,
			meta: [],
			projects: [
				{ id: 'a', cost: 300n },
				{ id: 'b', cost: 300n }
			],
			ballots: [{ projects: [0] }, { projects: [0] }, { projects: [1] }, { projects: [1] }, { projects: [1] }]
		};
		expect(tally(e, greedySpec('votes')).winners).toEqual(['b']);
		const w: Election = { ...e, ballots: e.ballots.map((b) => ({ ...b, weight: b.projects[0] === 0 ? 100 : 50 })) };
		const r = tally(w, greedySpec('votes'));
		expect(r.winners).toEqual(['a']);
		expect(r.weightedVoters).toBe(350);
		expect(voterCount(w)).toBe(350);
		expect(electionHash(w)).not.toBe(electionHash(e));
	});

	it('refuses a weight that is not a positive integer', () => {
		const e: Election = { voteType: 'approval', budget: 1n, scale: 0, meta: [], projects: [{ id: 'a', cost: 1n }], ballots: [{ projects: [0], weight: 1.5 }] };
		expect(() => tally(e, greedySpec('votes'))).toThrow(/positive integer/);
		expect(() => tally({ ...e, ballots: [{ projects: [0], weight: 0 }] }, greedySpec('votes'))).toThrow(/positive integer/);
	});
});

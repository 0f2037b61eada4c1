import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../process/programme.ts';
import { voteConfigFor, type VoteConfig } from '../ballot/vote.ts';
import { ballotAgeWeights, cleanAgeBand, reweightedResult, type ReweightedBallot } from './ballot-weights.ts';

const POP = { under_18: 0, '18_26': 1000, '27_44': 1000, '45_54': 0, '55_64': 0, '65_plus': 1000 };

describe('age-band weights for the ballots', () => {
	it('a hand-computed example: weights, small cells, no answer, Kish', () => {
		// 18–26: 10 ballots, 27–44: 30, 65+: 3 (small cell), prefer not to say: 2, no answer: 5.
		const w = ballotAgeWeights({ '18_26': 10, '27_44': 30, '65_plus': 3, prefer_not_to_say: 2, '': 5 }, POP);
		// Among the weighted bands the population is 50/50 and the ballots 25/75: weights 2 and 2/3.
		expect(w.intWeights['18_26']).toBe(200);
		expect(w.intWeights['27_44']).toBe(67);
		expect(w.intWeights['65_plus']).toBe(100);
		expect(w.intWeights['prefer_not_to_say']).toBe(100);
		expect(w.intWeights['']).toBe(100);
		const row = (b: string) => w.rows.find((r) => r.band === b)!;
		expect(row('18_26')).toMatchObject({ ballots: 10, weight: 2, rule: 'weighted', capped: false });
		expect(row('27_44')).toMatchObject({ ballots: 30, weight: 0.67, rule: 'weighted' });
		// 3 ballots: hidden, not weighted
		expect(row('65_plus')).toMatchObject({ ballots: null, weight: null, intWeight: null, rule: 'small_cell' });
		expect(row('prefer_not_to_say')).toMatchObject({ ballots: 7, weight: 1, rule: 'no_answer' });
		expect(row('45_54')).toMatchObject({ ballots: 0, rule: 'small_cell' });
		expect(w.ballots).toBe(50);
		expect(w.weightedBallots).toBe(40);
		// n_eff = (Σ n w)² / Σ n w² = 50.1² / (40 + 30·0.67² + 10) = 2510.01 / 63.467
		expect(w.effectiveSize).toBeCloseTo(2510.01 / 63.467, 6);
	});

	it('caps large weights at 5 and marks them', () => {
		// 18–26: 5 ballots against 95 of 27–44 with equal populations: raw weight 10 → capped.
		const w = ballotAgeWeights({ '18_26': 5, '27_44': 95 }, POP);
		const young = w.rows.find((r) => r.band === '18_26')!;
		expect(young.capped).toBe(true);
		expect(young.weight).toBeLessThanOrEqual(5);
		// renormalised: the weighted ballots still count as 100 voters (up to rounding)
		expect(Math.abs(5 * w.intWeights['18_26']! + 95 * w.intWeights['27_44']! - 100 * 100)).toBeLessThanOrEqual(100);
	});

	it('with fewer than two bands of k ballots nothing is re-balanced', () => {
		const w = ballotAgeWeights({ '18_26': 4, '27_44': 30 }, POP);
		expect(Object.values(w.intWeights).every((x) => x === 100)).toBe(true);
	});

	it('keeps only known answers', () => {
		expect(cleanAgeBand('65_plus')).toBe('65_plus');
		expect(cleanAgeBand('prefer_not_to_say')).toBe('prefer_not_to_say');
		expect(cleanAgeBand('99')).toBeNull();
		expect(cleanAgeBand(undefined)).toBeNull();
	});
});

describe('the re-weighted result', () => {
	const projects = [
		{ id: 'skate', title: 'Skatepark', costCents: 500_000 },
		{ id: 'bench', title: 'Bänke', costCents: 500_000 }
	];
	function config(): VoteConfig {
		const made = voteConfigFor({ round: { slug: 'r', title: 'R', budgetCents: 500_000 }, rules: { ...TEMPLATES.buergerhaushalt, tallyRule: 'greedy' }, projects }, 'seed');
		if (!made.ok) throw new Error(made.problem);
		return made.config;
	}
	// 10 young voters want the skatepark, 30 of 27–44 plus 5 of 65+ want benches → benches win officially.
	// Re-weighted (young ×3.0 of the three bands' equal populations): 10·… skate rises.
	const ballots: ReweightedBallot[] = [
		...Array.from({ length: 10 }, () => ({ choices: [{ projectId: 'skate', points: 1 }], ageBand: '18_26' })),
		...Array.from({ length: 8 }, () => ({ choices: [{ projectId: 'bench', points: 1 }], ageBand: '27_44' })),
		...Array.from({ length: 5 }, () => ({ choices: [{ projectId: 'bench', points: 1 }], ageBand: '65_plus' })),
		...Array.from({ length: 2 }, () => ({ choices: [{ projectId: 'bench', points: 1 }], ageBand: null }))
	];

	it('recounts the official rule with the weights and names the projects that would change', () => {
		const r = reweightedResult(config(), ballots, ['bench'], POP)!;
		// weighted bands 18–26 (10), 27–44 (8), 65+ (5): equal populations, 23 ballots → weights 0.77, 0.96, 1.53
		expect(r.weights.intWeights).toMatchObject({ '18_26': 77, '27_44': 96, '65_plus': 153, '': 100 });
		// skate: 10 × 77 = 770; bench: 8 × 96 + 5 × 153 + 2 × 100 = 1733 → bench stays
		expect(r.reweighted).toEqual(['bench']);
		expect(r.gained).toEqual([]);
		expect(r.recountMatches).toBe(true);
	});

	it('a result that turns: the under-represented band carries the skatepark', () => {
		const tilted: ReweightedBallot[] = [
			...Array.from({ length: 5 }, () => ({ choices: [{ projectId: 'skate', points: 1 }], ageBand: '18_26' })),
			...Array.from({ length: 7 }, () => ({ choices: [{ projectId: 'bench', points: 1 }], ageBand: '27_44' }))
		];
		const r = reweightedResult(config(), tilted, ['bench'], POP)!;
		// equal populations: weights 12/10 = 1.2 and 12/14 = 0.857… → skate 5 × 120 = 600, bench 7 × 86 = 602
		expect(r.weights.intWeights).toMatchObject({ '18_26': 120, '27_44': 86 });
		expect(r.reweighted).toEqual(['bench']);
		const r2 = reweightedResult(config(), [...tilted, { choices: [{ projectId: 'bench', points: 1 }], ageBand: '27_44' }], ['bench'], POP)!;
		// 5 vs 8: weights 13/10 = 1.3 and 13/16 = 0.8125 → skate 650 > bench 8 × 81 = 648: the skatepark would win
		expect(r2.reweighted).toEqual(['skate']);
		expect(r2.gained).toEqual(['skate']);
		expect(r2.lost).toEqual(['bench']);
	});
});

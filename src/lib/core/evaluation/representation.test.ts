import { describe, expect, it } from 'vitest';
import { dissimilarity, postStratificationWeights, PREFER_NOT_TO_SAY, representation, suppressedCells, wilson } from './representation.ts';

describe('representation statistics (hand-computed examples)', () => {
	it('Wilson interval: 10 of 40', () => {
		// p = 0.25, z² = 3.8415: centre = (0.25 + 3.8415/80) / (1 + 3.8415/40) = 0.298018 / 1.096037 = 0.271905;
		// half = 1.96·√(0.1875/40 + 3.8415/6400) / 1.096037 = 1.96·0.072717 / 1.096037 = 0.130037
		const [lo, hi] = wilson(10, 40);
		expect(lo).toBeCloseTo(0.14187, 4);
		expect(hi).toBeCloseTo(0.40194, 4);
	});
	it('Wilson interval at the edges stays within [0, 1]', () => {
		expect(wilson(0, 10)[0]).toBe(0);
		expect(wilson(10, 10)[1]).toBe(1);
		expect(wilson(0, 0)).toEqual([0, 1]);
	});
	it('dissimilarity: half the sum of absolute share differences', () => {
		// participants 60/40, population 50/50 → ½(0.1 + 0.1) = 0.1
		expect(dissimilarity({ a: 60, b: 40 }, { a: 500, b: 500 })).toBeCloseTo(0.1, 12);
		expect(dissimilarity({ a: 1, b: 1 }, { a: 7, b: 7 })).toBe(0);
		expect(dissimilarity({ a: 10 }, { b: 10 })).toBe(1);
	});
	it('hides counts below k and one more when a single hidden cell could be worked out from the total', () => {
		expect([...suppressedCells({ a: 3, b: 10, c: 20 })].sort()).toEqual(['a', 'b']);
		expect([...suppressedCells({ a: 3, b: 2, c: 20 })].sort()).toEqual(['a', 'b']);
		expect([...suppressedCells({ a: 0, b: 10, c: 20 })]).toEqual([]);
		expect([...suppressedCells({ a: 5, b: 10 })]).toEqual([]);
	});
	it('flags a group only when its whole interval lies below (or above) the population share', () => {
		// 100 participants: 10 aged 65+, population share 25 % → interval [0.055, 0.174] < 0.25 → under
		const t = representation('age', { under_65: 90, over_65: 10, [PREFER_NOT_TO_SAY]: 7 }, { under_65: 75, over_65: 25 });
		const old = t.rows.find((r) => r.group === 'over_65')!;
		expect(old.participants).toBe(10);
		expect(old.share).toBeCloseTo(0.1, 12);
		expect(old.flag).toBe('under');
		expect(old.ratio).toBeCloseTo(0.4, 12);
		expect(t.rows.find((r) => r.group === 'under_65')!.flag).toBe('over');
		expect(t.answered).toBe(100);
		expect(t.preferNotToSay).toBe(7);
		expect(t.dissimilarity).toBeCloseTo(0.15, 12);
	});
	it('does not flag what a small sample cannot tell', () => {
		const t = representation('age', { young: 8, old: 5 }, { young: 75, old: 25 });
		expect(t.rows.map((r) => r.flag)).toEqual([null, null]);
	});
	it('shows nothing but population shares when fewer than k answered', () => {
		const t = representation('gender', { female: 2, male: 1 }, { female: 51, male: 49 });
		expect(t.answered).toBeNull();
		expect(t.dissimilarity).toBeNull();
		expect(t.rows.every((r) => r.participants === null && r.share === null)).toBe(true);
	});
	it('never shows a count below k in any row', () => {
		const t = representation('age', { a: 4, b: 30, c: 40, d: 1 }, { a: 10, b: 10, c: 10, d: 10 });
		for (const r of t.rows) if (r.participants !== null) expect(r.participants).toBeGreaterThanOrEqual(5);
	});
	it('post-stratification weights: population share / sample share, normalised', () => {
		// sample 80 young / 20 old, population 50/50 → weights 0.625 and 2.5; weighted total 50 + 50 = 100
		const w = postStratificationWeights({ young: 80, old: 20 }, { young: 500, old: 500 });
		expect(w.young).toBeCloseTo(0.625, 12);
		expect(w.old).toBeCloseTo(2.5, 12);
	});
	it('post-stratification weights are trimmed to the cap and keep the sample size', () => {
		const w = postStratificationWeights({ young: 99, old: 1, [PREFER_NOT_TO_SAY]: 10 }, { young: 50, old: 50 }, 3);
		expect(w.old).toBeLessThanOrEqual(3 + 1e-9);
		expect(w[PREFER_NOT_TO_SAY]).toBe(1);
		expect(w.young! * 99 + w.old! * 1).toBeCloseTo(100, 9);
	});
});

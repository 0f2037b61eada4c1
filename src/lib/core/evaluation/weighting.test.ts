import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, weightingTable } from './weighting.ts';

describe('effectiveSampleSize (Kish)', () => {
	it('equals n without weighting and shrinks with unequal weights', () => {
		expect(effectiveSampleSize([{ n: 40, w: 1 }])).toBe(40);
		// 30 at 2/3 and 10 at 2: (20 + 20)² / (30·4/9 + 10·4) = 1600 / (40/3 + 40) = 30.
		expect(effectiveSampleSize([{ n: 30, w: 2 / 3 }, { n: 10, w: 2 }])).toBeCloseTo(30, 12);
	});
});

describe('weightingTable', () => {
	it('weights each cell by population share over sample share, by hand', () => {
		// 30 young, 10 old answered; the population is half and half → young 0.5/0.75 = 2/3, old 0.5/0.25 = 2.
		const t = weightingTable('age', { young: 30, old: 10 }, { young: 500, old: 500 });
		expect(t.answered).toBe(40);
		expect(t.rows.map((r) => [r.group, r.participants, r.capped])).toEqual([
			['young', 30, false],
			['old', 10, false]
		]);
		expect(t.rows[0]!.weight).toBeCloseTo(2 / 3, 12);
		expect(t.rows[1]!.weight).toBeCloseTo(2, 12);
		expect(t.effectiveSize).toBeCloseTo(30, 12);
	});

	it('caps weights and says so', () => {
		// 95 young, 5 old, half and half: raw weight of the old would be 0.5/0.05 = 10, capped to 5 (then renormalised).
		const t = weightingTable('age', { young: 95, old: 5 }, { young: 1, old: 1 }, 5, 5);
		const old = t.rows.find((r) => r.group === 'old')!;
		expect(old.capped).toBe(true);
		expect(old.weight!).toBeLessThanOrEqual(5 + 1e-9);
		const young = t.rows.find((r) => r.group === 'young')!;
		expect(young.weight! * 95 + old.weight! * 5).toBeCloseTo(100, 9);
	});

	it('hides the weight of small cells (it would reveal their count) and everything below k answers', () => {
		const t = weightingTable('age', { a: 3, b: 20, c: 30 }, { a: 10, b: 10, c: 10 });
		expect(t.rows.find((r) => r.group === 'a')).toMatchObject({ participants: null, weight: null });
		// Complementary suppression hides the next smallest, b, too.
		expect(t.rows.find((r) => r.group === 'b')).toMatchObject({ participants: null, weight: null });
		expect(t.rows.find((r) => r.group === 'c')!.participants).toBe(30);
		const few = weightingTable('age', { a: 2, b: 2 }, { a: 1, b: 1 });
		expect(few.answered).toBeNull();
		expect(few.effectiveSize).toBeNull();
		expect(few.rows.every((r) => r.weight === null)).toBe(true);
	});

	it('gives no weight to a group nobody from answered', () => {
		const t = weightingTable('age', { a: 10, b: 0 }, { a: 1, b: 1 });
		expect(t.rows.find((r) => r.group === 'b')).toMatchObject({ participants: 0, weight: null });
		expect(t.rows.find((r) => r.group === 'a')!.weight).toBeCloseTo(1, 12);
	});
});

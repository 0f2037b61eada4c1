import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shuffled } from './order.ts';

describe('project order per voter', () => {
	it('is a permutation and the same for the same seed (property)', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.string(), { maxLength: 30 }), fc.string(), (items, seed) => {
				const a = shuffled(items, seed);
				expect(a.slice().sort()).toEqual(items.slice().sort());
				expect(shuffled(items, seed)).toEqual(a);
			})
		);
	});

	it('puts every project in every position about equally often over 1,000 voters (public-sector.md §5.4)', () => {
		const items = ['a', 'b', 'c', 'd', 'e'];
		const counts = items.map(() => new Array<number>(items.length).fill(0));
		for (let v = 0; v < 1000; v++) shuffled(items, `voter-${v}`).forEach((id, pos) => counts[items.indexOf(id)]![pos]!++);
		// Expected 200 per cell; a χ² over 16 degrees of freedom stays below 39.3 with 99.9 %.
		const chi2 = counts.flat().reduce((s, c) => s + (c - 200) ** 2 / 200, 0);
		expect(chi2).toBeLessThan(39.3);
	});

	it('does not change its input', () => {
		const items = ['x', 'y', 'z'];
		shuffled(items, 's');
		expect(items).toEqual(['x', 'y', 'z']);
	});
});

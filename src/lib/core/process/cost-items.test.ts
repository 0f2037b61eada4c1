import { describe, expect, it } from 'vitest';
import { checkCostItems, type CostItemInput } from './cost-items.ts';
import { TEMPLATES } from './programme.ts';

const kiezkasse = TEMPLATES.kiezkasse;
const item = (category: string, amountCents: number): CostItemInput => ({ category, description: 'x', amountCents });

describe('checkCostItems (Kiezkasse template)', () => {
	it.each([
		['eligible material and fees', [item('material', 30_000), item('fees', 20_000)], 400_000, []],
		['catering is excluded with the programme reason', [item('material', 30_000), item('catering', 5_000)], 400_000, ['excluded_category@1']],
		['staff costs are excluded', [item('staff', 100_000)], 400_000, ['excluded_category@0']],
		['an unknown category', [item('yacht', 100)], 400_000, ['unknown_category@0']],
		['more than the round budget', [item('material', 300_000), item('fees', 200_000)], 400_000, ['over_budget']],
		['exactly the round budget', [item('material', 400_000)], 400_000, []]
	])('%s', (_name, items, budget, expected) => {
		const got = checkCostItems(kiezkasse, items, budget).map((p) => ('index' in p ? `${p.kind}@${p.index}` : p.kind));
		expect(got).toEqual(expected);
	});

	it('names the reason from the programme for an excluded category', () => {
		const [p] = checkCostItems(kiezkasse, [item('catering', 100)], null);
		expect(p).toEqual({ index: 0, kind: 'excluded_category', reason: 'Verpflegung wird aus der Kiezkasse nicht gefördert.' });
	});

	it('applies a cap per project when the programme has one', () => {
		const rules = { ...kiezkasse, capPerProjectCents: 150_000 };
		expect(checkCostItems(rules, [item('material', 150_000)], null)).toEqual([]);
		expect(checkCostItems(rules, [item('material', 150_001)], null)).toEqual([{ kind: 'over_cap', capCents: 150_000, totalCents: 150_001 }]);
	});
});

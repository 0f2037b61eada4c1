/**
 * The programme's cost rules applied to an idea's cost items (issue 4; domain.md §1.2–1.3): a category the
 * programme excludes is refused with the programme's own reason, and the sum must stay within the cap per
 * project and the round's budget. Pure, so the idea form, the pre-check and imports give the same answer.
 */
import type { Cents } from '../shared/money.ts';
import type { ProgrammeRules } from './programme.ts';

export type CostItemInput = { category: string; description: string; amountCents: Cents };

export type CostItemProblem =
	| { index: number; kind: 'unknown_category' }
	| { index: number; kind: 'excluded_category'; reason: string }
	| { kind: 'over_cap'; capCents: Cents; totalCents: Cents }
	| { kind: 'over_budget'; budgetCents: Cents; totalCents: Cents };

export function checkCostItems(rules: Pick<ProgrammeRules, 'costCategories' | 'capPerProjectCents'>, items: readonly CostItemInput[], roundBudgetCents: Cents | null): CostItemProblem[] {
	const problems: CostItemProblem[] = [];
	items.forEach((item, index) => {
		const cat = rules.costCategories.find((c) => c.key === item.category);
		if (!cat) problems.push({ index, kind: 'unknown_category' });
		else if (!cat.eligible) problems.push({ index, kind: 'excluded_category', reason: cat.reason ?? cat.label });
	});
	const totalCents = items.reduce((s, i) => s + i.amountCents, 0);
	if (rules.capPerProjectCents !== null && totalCents > rules.capPerProjectCents) problems.push({ kind: 'over_cap', capCents: rules.capPerProjectCents, totalCents });
	// An idea cannot ask for more than the whole fund it competes for.
	if (roundBudgetCents !== null && totalCents > roundBudgetCents) problems.push({ kind: 'over_budget', budgetCents: roundBudgetCents, totalCents });
	return problems;
}

/**
 * Shape validation of the idea form (issue 4; ARCHITECTURE: forms/ holds input schemas only). Works on
 * plain form posts, so the same parser serves the page without JavaScript. Cost items come as numbered
 * rows (`items[N].category`, `.description`, `.amount`); fully empty rows are ignored, so a form can offer
 * spare rows without JavaScript. Programme rules (excluded categories, cap) are checked afterwards in core
 * (core/process/cost-items.ts), because they depend on the round.
 */
import { parseEuroInput, type Cents } from '../core/shared/money.ts';

export const MAX_COST_ROWS = 8;
/** No Kiezkasse or citizens' budget project comes near this; above it a typo is far more likely. */
export const MAX_ITEM_CENTS: Cents = 100_000_000;

export type IdeaErrorKey =
	| 'error_idea_title_length'
	| 'error_idea_description_length'
	| 'error_idea_benefit_length'
	| 'error_idea_place_length'
	| 'error_idea_items_missing'
	| 'error_idea_item_category'
	| 'error_idea_item_description'
	| 'error_idea_item_amount'
	| 'error_idea_item_excluded'
	| 'error_idea_over_cap'
	| 'error_idea_over_budget';

export type IdeaItem = { category: string; description: string; amount: string };
export type IdeaValues = { title: string; description: string; benefit: string; placeDescription: string; items: IdeaItem[] };
export type IdeaInput = {
	title: string;
	description: string;
	benefit: string | null;
	placeDescription: string | null;
	items: { category: string; description: string; amountCents: Cents }[];
};
/** Field names as in the form, so errors point at the field: `title`, `items.2.amount` … */
export type IdeaErrors = Record<string, IdeaErrorKey>;

const str = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	// Normalise line endings and trim; cut absurd input early (a later length check reports it).
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
};
const len = (s: string) => [...s].length;

/** `values` always refills the form; `rows` gives the form row of each parsed cost item (empty rows are skipped). */
export function parseIdea(form: FormData): { ok: true; value: IdeaInput; values: IdeaValues; rows: number[] } | { ok: false; values: IdeaValues; errors: IdeaErrors } {
	const title = str(form, 'title', 120).replace(/\s+/g, ' ');
	const description = str(form, 'description', 5000);
	const benefit = str(form, 'benefit', 2000);
	const placeDescription = str(form, 'placeDescription', 300);
	const items: IdeaItem[] = [];
	for (let i = 0; i < MAX_COST_ROWS; i++) {
		items.push({
			category: str(form, `items.${i}.category`, 40),
			description: str(form, `items.${i}.description`, 200),
			amount: str(form, `items.${i}.amount`, 20)
		});
	}
	const errors: IdeaErrors = {};
	if (len(title) < 5 || len(title) > 120) errors.title = 'error_idea_title_length';
	if (len(description) < 20 || len(description) > 5000) errors.description = 'error_idea_description_length';
	if (len(benefit) > 2000) errors.benefit = 'error_idea_benefit_length';
	if (len(placeDescription) > 300) errors.placeDescription = 'error_idea_place_length';

	const parsed: IdeaInput['items'] = [];
	const rows: number[] = [];
	items.forEach((row, i) => {
		// A row counts as filled when its description or amount is; the category select always has a value.
		if (row.description === '' && row.amount === '') return;
		const amountCents = parseEuroInput(row.amount);
		if (row.category === '') errors[`items.${i}.category`] = 'error_idea_item_category';
		if (len(row.description) < 2 || len(row.description) > 200) errors[`items.${i}.description`] = 'error_idea_item_description';
		if (amountCents === null || amountCents <= 0 || amountCents > MAX_ITEM_CENTS) errors[`items.${i}.amount`] = 'error_idea_item_amount';
		else {
			parsed.push({ category: row.category, description: row.description, amountCents });
			rows.push(i);
		}
	});
	const filled = items.filter((r) => r.description !== '' || r.amount !== '').length;
	if (filled === 0) errors['items.0.description'] = 'error_idea_items_missing';

	const values: IdeaValues = { title, description, benefit, placeDescription, items };
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return { ok: true, values, rows, value: { title, description, benefit: benefit || null, placeDescription: placeDescription || null, items: parsed } };
}

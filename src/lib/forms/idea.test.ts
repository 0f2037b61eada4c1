import { describe, expect, it } from 'vitest';
import { MAX_COST_ROWS, parseIdea } from './idea.ts';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const good = {
	title: 'Hochbeete für den Kiezgarten',
	description: 'Wir bauen drei Hochbeete aus Lärchenholz, die alle Nachbar:innen nutzen können.',
	benefit: 'Ein Treffpunkt für Jung und Alt.',
	'items.0.category': 'material',
	'items.0.description': 'Lärchenholz und Erde',
	'items.0.amount': '1.234,50',
	'items.1.category': 'fees',
	'items.1.description': 'Honorar Workshop',
	'items.1.amount': '300'
};

describe('parseIdea', () => {
	it('accepts a complete idea with two cost items in German number format', () => {
		const r = parseIdea(form(good));
		expect(r.ok && r.value.items).toEqual([
			{ category: 'material', description: 'Lärchenholz und Erde', amountCents: 123_450 },
			{ category: 'fees', description: 'Honorar Workshop', amountCents: 30_000 }
		]);
	});

	it.each([
		['empty title', { title: '' }, 'title'],
		['negative amount', { 'items.0.amount': '-50' }, 'items.0.amount'],
		['absurd amount', { 'items.0.amount': '99999999999' }, 'items.0.amount'],
		['text as amount', { 'items.0.amount': 'viel' }, 'items.0.amount'],
		['zero amount', { 'items.1.amount': '0' }, 'items.1.amount'],
		['cost item without description', { 'items.1.description': '' }, 'items.1.description'],
		['short description', { description: 'zu kurz' }, 'description']
	])('%s is refused at its field, keeping what was typed', (_n, change, field) => {
		const r = parseIdea(form({ ...good, ...change }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(Object.keys(r.errors)).toEqual([field]);
		expect(r.values.title).toBe((change as Record<string, string>).title ?? good.title);
		expect(r.values.items[0]?.description).toBe(good['items.0.description']);
	});

	it('asks for at least one cost item', () => {
		const only = { title: good.title, description: good.description };
		const r = parseIdea(form(only));
		expect(!r.ok && r.errors).toEqual({ 'items.0.description': 'error_idea_items_missing' });
	});

	it('keeps markup as text (escaping is the page’s job) and ignores spare empty rows', () => {
		const r = parseIdea(form({ ...good, title: '<script>alert(1)</script> Beete', [`items.${MAX_COST_ROWS - 1}.category`]: 'material' }));
		expect(r.ok && r.value.title).toBe('<script>alert(1)</script> Beete');
		expect(r.ok && r.value.items.length).toBe(2);
	});
});

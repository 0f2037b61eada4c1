import { describe, expect, it } from 'vitest';
import { intentOf, MAX_COST_ROWS, parseContact, parseIdea, parseImageSlots } from './idea.ts';

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

describe('drafts, organisation and location', () => {
	it('a draft needs only a title; what is there must still be valid', () => {
		const r = parseIdea(form({ title: 'Nur ein Titel' }), { draft: true });
		expect(r.ok && r.value.items).toEqual([]);
		const bad = parseIdea(form({ title: 'Nur ein Titel', 'items.0.category': 'material', 'items.0.description': 'Holz', 'items.0.amount': 'viel' }), { draft: true });
		expect(!bad.ok && bad.errors).toEqual({ 'items.0.amount': 'error_idea_item_amount' });
		expect(parseIdea(form({ title: 'x' }), { draft: true }).ok).toBe(false);
	});

	it('reads the intent of the pressed button; anything else hands in', () => {
		expect(intentOf(form({ intent: 'draft' }))).toBe('draft');
		expect(intentOf(form({ intent: 'submit' }))).toBe('submit');
		expect(intentOf(form({}))).toBe('submit');
	});

	it('takes an organisation id and a point; refuses an id that is no id, drops a point that is no coordinate', () => {
		const org = '0b9f5a52-3c5e-4c4f-9a51-0c1d1e2f3a4b';
		const r = parseIdea(form({ ...good, organisationId: org, 'location.lon': '13.55', 'location.lat': '52.43' }));
		expect(r.ok && [r.value.organisationId, r.value.location]).toEqual([org, [13.55, 52.43]]);
		const bad = parseIdea(form({ ...good, organisationId: "1' OR 1=1", 'location.lon': 'x' }));
		expect(!bad.ok && bad.errors).toEqual({ organisationId: 'ideaform_error_organisation' });
		const none = parseIdea(form({ ...good, 'location.lon': 'x', 'location.lat': '52' }));
		expect(none.ok && none.value.location).toBeNull();
	});
});

describe('parseImageSlots', () => {
	const file = (size: number, name = 'bild.jpg') => new File([new Uint8Array(size)], name, { type: 'image/jpeg' });
	it('ignores empty file inputs and takes a chosen file with its description', () => {
		const f = form({ 'images.1.alt': 'Die Ecke am Kiezklub' });
		f.set('images.0.file', new File([], ''));
		f.set('images.1.file', file(10));
		const r = parseImageSlots(f);
		expect(r.chosen).toBe(1);
		expect(r.errors).toEqual({});
		expect(r.slots.map((s) => [s.slot, s.alt])).toEqual([[1, 'Die Ecke am Kiezklub']]);
	});

	it('refuses a file over 8 MB and an image without a description, at their fields', () => {
		const f = form({ 'images.0.alt': 'Zu groß', 'images.2.alt': '' });
		f.set('images.0.file', file(8 * 1024 * 1024 + 1));
		f.set('images.2.file', file(10));
		const r = parseImageSlots(f);
		expect(r.errors).toEqual({ 'images.0.file': 'ideaform_error_image_too_large', 'images.2.alt': 'ideaform_error_image_alt' });
		expect(r.slots).toEqual([]);
		expect(r.chosen).toBe(2);
	});
});

describe('parseContact', () => {
	it('takes a name and an address (lower-cased), and names each missing one', () => {
		const r = parseContact(form({ contactName: '  Zeynep  K. ', contactEmail: 'Zeynep@Example.org' }));
		expect(r.ok && r.value).toEqual({ name: 'Zeynep K.', email: 'zeynep@example.org' });
		const bad = parseContact(form({ contactName: 'Z', contactEmail: 'keine adresse' }));
		expect(!bad.ok && bad.errors).toEqual({ contactName: 'ideaform_error_contact_name', contactEmail: 'ideaform_error_contact_email' });
		expect(!bad.ok && bad.values).toEqual({ contactName: 'Z', contactEmail: 'keine adresse' });
	});
});

import { describe, expect, it } from 'vitest';
import { guessMapping, normalizeTitle, planImport } from './import.ts';

// Header row as in a mein.berlin idea export (German interface).
const HEADERS = ['Referenznummer', 'Titel', 'Beschreibung', 'Kategorie', 'Budget'];

describe('guessMapping', () => {
	it('maps mein.berlin headers', () => {
		expect(guessMapping(HEADERS)).toEqual({ title: 'Titel', description: 'Beschreibung', benefit: '', category: 'Kategorie', reference: 'Referenznummer', amount: 'Budget', contactEmail: '' });
	});
	it('maps English headers and ignores unknown ones', () => {
		expect(guessMapping(['Title', 'Description', 'Reference No.', 'Likes'])).toMatchObject({ title: 'Title', description: 'Description', reference: 'Reference No.', amount: '' });
	});
});

describe('planImport', () => {
	const mapping = guessMapping(HEADERS);
	const row = (ref: string, title: string, budget = '', description = 'Eine Beschreibung') => ({ Referenznummer: ref, Titel: title, Beschreibung: description, Kategorie: 'Umwelt', Budget: budget });

	it('plans new ideas, flags duplicates in the round and in the file, and invalid rows', () => {
		const plan = planImport(
			[row('1', 'Hochbeete am Kiezklub', '1200'), row('2', 'Bank  am DORFANGER'), row('3', 'Hochbeete am kiezklub'), row('4', ''), row('5', 'Laternenumzug', 'viel'), { Referenznummer: '', Titel: ' ', Beschreibung: '', Kategorie: '', Budget: '' }],
			mapping,
			['Bank am Dorfanger']
		);
		expect(plan.rows.map((r) => [r.line, r.kind])).toEqual([
			[2, 'create'],
			[3, 'duplicate'],
			[4, 'duplicate'],
			[5, 'invalid'],
			[6, 'invalid']
		]);
		expect(plan).toMatchObject({ create: 1, duplicates: 2, invalid: 2 });
		expect(plan.rows[0]).toMatchObject({ idea: { title: 'Hochbeete am Kiezklub', amountCents: 120_000, category: 'Umwelt', reference: '1' } });
		expect(plan.rows[1]).toMatchObject({ of: 'round' });
		expect(plan.rows[2]).toMatchObject({ of: 'file' });
		expect(plan.rows[3]).toMatchObject({ problem: 'title_missing' });
		expect(plan.rows[4]).toMatchObject({ problem: 'amount_invalid' });
	});

	it('fills a missing description from the title and treats 0 € as "no amount" (mein.berlin: 0 = not specified)', () => {
		const plan = planImport([row('9', 'Nistkästen', '0', '')], mapping, []);
		expect(plan.rows[0]).toMatchObject({ kind: 'create', idea: { description: 'Nistkästen', amountCents: null } });
	});

	it('normalises titles for comparison', () => {
		expect(normalizeTitle('  Bank\tam  Dorfanger ')).toBe(normalizeTitle('bank am dorfanger'));
	});
});

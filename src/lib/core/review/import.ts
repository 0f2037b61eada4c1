/**
 * Importing ideas from a table (issue 4: "import ideas from a CSV or XLSX export, for example a
 * mein.berlin idea collection"; since 2024 the Kiezkasse ideas of Treptow-Köpenick are collected on
 * mein.berlin.de, domain.md §1.4). Pure: the rows come in as strings, the plan says per row what an import
 * would do. Duplicates are ideas with the same title in the round (or twice in the file).
 */
import { parseEuroInput, type Cents } from '../shared/money.ts';

export const IMPORT_FIELDS = ['title', 'description', 'benefit', 'category', 'reference', 'amount', 'contactEmail'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Record<ImportField, string>;

/** Header names seen in mein.berlin exports and in hand-made lists, lower-cased (German and English). */
const SYNONYMS: Record<ImportField, string[]> = {
	title: ['title', 'titel', 'name', 'idee', 'vorschlag', 'bezeichnung', 'projekt'],
	description: ['description', 'beschreibung', 'text', 'idee beschreibung', 'kurzbeschreibung'],
	benefit: ['benefit', 'nutzen', 'nutzen für den kiez', 'mehrwert'],
	category: ['category', 'kategorie', 'thema', 'themenfeld'],
	reference: ['reference', 'reference number', 'referenznummer', 'reference no.', 'id', 'nummer', 'vorgangsnummer', 'link', 'url'],
	amount: ['budget', 'amount', 'betrag', 'kosten', 'summe', 'requested budget', 'beantragter betrag'],
	contactEmail: ['email', 'e-mail', 'contact email', 'kontakt', 'kontakt-e-mail']
};

/** Proposes a mapping from the header row; staff confirm or change it in the form. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
	const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, ''])) as ColumnMapping;
	const taken = new Set<string>();
	for (const field of IMPORT_FIELDS) {
		const hit = headers.find((h) => !taken.has(h) && SYNONYMS[field].includes(h.trim().toLowerCase()));
		if (hit !== undefined) {
			mapping[field] = hit;
			taken.add(hit);
		}
	}
	return mapping;
}

export const normalizeTitle = (t: string) => t.normalize('NFC').toLocaleLowerCase('de').replace(/\s+/g, ' ').trim();

export type PlannedIdea = {
	title: string;
	description: string;
	benefit: string | null;
	category: string | null;
	reference: string | null;
	amountCents: Cents | null;
	contactEmail: string | null;
};

export type PlanRow =
	| { line: number; kind: 'create'; idea: PlannedIdea }
	| { line: number; kind: 'duplicate'; title: string; of: 'round' | 'file' }
	| { line: number; kind: 'invalid'; title: string; problem: 'title_missing' | 'title_too_long' | 'description_too_long' | 'amount_invalid' | 'email_invalid' };

export type ImportPlan = { rows: PlanRow[]; create: number; duplicates: number; invalid: number };

export const MAX_IMPORT_ROWS = 2000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const len = (s: string) => [...s].length;

/**
 * `line` is the row number as a spreadsheet shows it (the header is line 1). A missing description is
 * filled from the title, because mein.berlin exports of short ideas sometimes carry only a title.
 */
export function planImport(rows: readonly Record<string, string>[], mapping: ColumnMapping, existingTitles: readonly string[]): ImportPlan {
	const seen = new Set(existingTitles.map(normalizeTitle));
	const inFile = new Set<string>();
	const out: PlanRow[] = [];
	const cell = (row: Record<string, string>, f: ImportField) => (mapping[f] ? (row[mapping[f]] ?? '').replace(/\r\n?/g, '\n').trim() : '');
	rows.forEach((row, i) => {
		const line = i + 2;
		const title = cell(row, 'title').replace(/\s+/g, ' ');
		if (IMPORT_FIELDS.every((f) => cell(row, f) === '')) return; // an empty line in the sheet
		if (title === '') return void out.push({ line, kind: 'invalid', title, problem: 'title_missing' });
		if (len(title) > 120) return void out.push({ line, kind: 'invalid', title, problem: 'title_too_long' });
		const description = cell(row, 'description') || title;
		if (len(description) > 5000) return void out.push({ line, kind: 'invalid', title, problem: 'description_too_long' });
		const rawAmount = cell(row, 'amount');
		const amountCents = rawAmount === '' ? null : parseEuroInput(rawAmount);
		if (rawAmount !== '' && (amountCents === null || amountCents > 100_000_000)) return void out.push({ line, kind: 'invalid', title, problem: 'amount_invalid' });
		const contactEmail = cell(row, 'contactEmail').toLowerCase();
		if (contactEmail !== '' && !EMAIL.test(contactEmail)) return void out.push({ line, kind: 'invalid', title, problem: 'email_invalid' });
		const key = normalizeTitle(title);
		if (seen.has(key)) return void out.push({ line, kind: 'duplicate', title, of: 'round' });
		if (inFile.has(key)) return void out.push({ line, kind: 'duplicate', title, of: 'file' });
		inFile.add(key);
		out.push({
			line,
			kind: 'create',
			idea: {
				title,
				description,
				benefit: cell(row, 'benefit').slice(0, 2000) || null,
				category: cell(row, 'category').slice(0, 100) || null,
				reference: cell(row, 'reference').slice(0, 300) || null,
				amountCents: amountCents === 0 ? null : amountCents,
				contactEmail: contactEmail || null
			}
		});
	});
	return {
		rows: out,
		create: out.filter((r) => r.kind === 'create').length,
		duplicates: out.filter((r) => r.kind === 'duplicate').length,
		invalid: out.filter((r) => r.kind === 'invalid').length
	};
}

import { describe, expect, it } from 'vitest';
import { checkDocument, entryDays, entryStatus, monthGrid, parseMonth, safeFileName, shiftMonth, DOCUMENT_MAX_BYTES } from './record.ts';

describe('entryStatus()', () => {
	const start = new Date('2026-12-03T17:00:00Z');
	const end = new Date('2026-12-03T19:00:00Z');
	it.each([
		['2026-12-03T16:59:59Z', 'planned'],
		['2026-12-03T17:00:00Z', 'running'],
		['2026-12-03T18:59:59Z', 'running'],
		['2026-12-03T19:00:00Z', 'finished']
	])('at %s is %s (end exclusive)', (now, status) => expect(entryStatus(start, end, new Date(now))).toBe(status));
});

describe('entryDays()', () => {
	it('uses Berlin days: 23:30 UTC on 31 Dec is New Year in Berlin', () => {
		expect(entryDays(new Date('2026-12-31T23:30:00Z'), new Date('2027-01-01T01:00:00Z'))).toEqual({ first: '2027-01-01', last: '2027-01-01' });
	});
	it('an entry ending at midnight ends on the day before', () => {
		expect(entryDays(new Date('2026-06-01T08:00:00Z'), new Date('2026-06-02T22:00:00Z'))).toEqual({ first: '2026-06-01', last: '2026-06-02' });
	});
});

describe('monthGrid()', () => {
	it('lays out November 2026 as weeks from Monday, with entries on every day they cover', () => {
		const g = monthGrid('2026-11', [
			{ id: 'a', first: '2026-11-02', last: '2026-11-03' },
			{ id: 'b', first: '2026-10-30', last: '2026-11-01' }
		]);
		// 1 November 2026 is a Sunday: six empty cells before it.
		expect(g.days[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null]);
		expect(g.days[0]![6]).toEqual({ day: '2026-11-01', entries: [{ id: 'b', first: '2026-10-30', last: '2026-11-01' }] });
		expect(g.days[1]![0]!.entries.map((e) => e.id)).toEqual(['a']);
		expect(g.days[1]![1]!.entries.map((e) => e.id)).toEqual(['a']);
		expect(g.days[1]![2]!.entries).toEqual([]);
		for (const w of g.days) expect(w).toHaveLength(7);
		expect(g.days.flat().filter(Boolean)).toHaveLength(30);
	});
});

describe('months', () => {
	it('parses only plausible months and shifts across years', () => {
		expect(parseMonth('2026-11')).toBe('2026-11');
		expect(parseMonth('2026-13')).toBeNull();
		expect(parseMonth('26-11')).toBeNull();
		expect(parseMonth(null)).toBeNull();
		expect(shiftMonth('2026-12', 1)).toBe('2027-01');
		expect(shiftMonth('2026-01', -1)).toBe('2025-12');
	});
});

describe('checkDocument()', () => {
	const enc = (s: string) => new TextEncoder().encode(s);
	it('accepts a PDF by its signature, also after a few leading bytes', () => {
		expect(checkDocument(enc('%PDF-1.7\n…'))).toEqual({ ok: true, mime: 'application/pdf' });
		expect(checkDocument(enc('\n\n%PDF-1.4'))).toEqual({ ok: true, mime: 'application/pdf' });
	});
	it('refuses empty, oversized and non-PDF files', () => {
		expect(checkDocument(new Uint8Array())).toEqual({ ok: false, problem: 'document_empty' });
		expect(checkDocument(new Uint8Array(DOCUMENT_MAX_BYTES + 1))).toEqual({ ok: false, problem: 'document_too_large' });
		expect(checkDocument(enc('<html>%PDF'))).toEqual({ ok: false, problem: 'document_not_pdf' });
		expect(checkDocument(enc('PK\u0003\u0004 docx'))).toEqual({ ok: false, problem: 'document_not_pdf' });
	});
});

describe('safeFileName()', () => {
	it('keeps a readable ASCII name with .pdf', () => {
		expect(safeFileName('Protokoll Köpenick-Süd 2026.pdf')).toBe('Protokoll-Kopenick-Sud-2026.pdf');
		expect(safeFileName('"; rm -rf /')).toBe('rm-rf.pdf');
		expect(safeFileName('ß')).toBe('ss.pdf');
		expect(safeFileName('///')).toBe('dokument.pdf');
	});
});

/**
 * The public record (issue 8): kinds of calendar entries and documents, the status of a dated entry, the
 * month grid of the calendar and the checks on uploaded documents. Pure: "now" comes in as an argument.
 */
import { localDay } from '../calendar/dates.ts';
import type { DateStatus } from '../calendar/dates.ts';

export const ENTRY_KINDS = ['assembly', 'info_event', 'mobile_office'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Document kinds named in issue 8 (and PRODUCT.md lifecycle step 8 "Documentation"). */
export const DOCUMENT_KINDS = ['minutes', 'results', 'annual_accounts', 'guidelines', 'grant_conditions', 'press'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const VISIBILITIES = ['public', 'staff'] as const;

/** Knowledge-base versions: German, English and Leichte Sprache (issue 8; BITV 2.0 §4 asks for Leichte Sprache). */
export const KNOWLEDGE_LANGS = ['de', 'en', 'ls'] as const;
export type KnowledgeLang = (typeof KNOWLEDGE_LANGS)[number];

/** Status derived from the times, never stored (issue 8: "status derived from the dates"). End is exclusive. */
export function entryStatus(startsAt: Date, endsAt: Date, now: Date): DateStatus {
	const t = now.getTime();
	if (t < startsAt.getTime()) return 'planned';
	return t < endsAt.getTime() ? 'running' : 'finished';
}

/**
 * A month as weeks of seven days (Monday first, DIN EN 28601 / ISO 8601 weeks as used in Germany), each day
 * with the ids of the entries on it. Days outside the month are null, so a table renders empty cells.
 */
export function monthGrid<T extends { id: string; first: string; last: string }>(month: string, entries: readonly T[]): { days: ({ day: string; entries: T[] } | null)[][] } {
	const [y, mo] = month.split('-').map(Number) as [number, number];
	const first = new Date(Date.UTC(y, mo - 1, 1));
	const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
	const cells: ({ day: string; entries: T[] } | null)[] = Array.from({ length: lead }, () => null);
	for (let d = 1; d <= daysInMonth; d++) {
		const day = `${month}-${String(d).padStart(2, '0')}`;
		cells.push({ day, entries: entries.filter((e) => e.first <= day && day <= e.last) });
	}
	while (cells.length % 7 !== 0) cells.push(null);
	const weeks: ({ day: string; entries: T[] } | null)[][] = [];
	for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
	return { days: weeks };
}

/** YYYY-MM of a month query, or null when it is not a plausible month. */
export function parseMonth(raw: string | null): string | null {
	if (!raw || !/^\d{4}-\d{2}$/.test(raw)) return null;
	const [y, m] = raw.split('-').map(Number) as [number, number];
	return y >= 2000 && y <= 2100 && m >= 1 && m <= 12 ? raw : null;
}

export function shiftMonth(month: string, by: number): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const d = new Date(Date.UTC(y, m - 1 + by, 1));
	return d.toISOString().slice(0, 7);
}

/** First and last local day of an entry (the end instant is exclusive). */
export function entryDays(startsAt: Date, endsAt: Date, timeZone = 'Europe/Berlin'): { first: string; last: string } {
	const last = new Date(Math.max(startsAt.getTime(), endsAt.getTime() - 1));
	return { first: localDay(startsAt, timeZone), last: localDay(last, timeZone) };
}

/** A stored entry as the pages and feeds see it: ISO times, its local days and its derived status. */
export function entryView<T extends { startsAt: Date; endsAt: Date }>(r: T, now: Date): Omit<T, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string; first: string; last: string; status: DateStatus } {
	return { ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), ...entryDays(r.startsAt, r.endsAt), status: entryStatus(r.startsAt, r.endsAt, now) };
}

// ── Uploaded documents ──────────────────────────────────────────────────────────────────────────────

/** 20 MB: enough for scanned minutes; larger files belong in the archive, not on a public page. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Checks an upload by its bytes, not by its name or declared type (OWASP File Upload Cheat Sheet: "validate
 * the file type, don't trust the Content-Type header"). A PDF starts with "%PDF-" (ISO 32000-1 §7.5.2); some
 * writers put a few bytes before it, which readers accept within the first 1024 bytes.
 */
export function checkDocument(bytes: Uint8Array): { ok: true; mime: 'application/pdf' } | { ok: false; problem: 'document_empty' | 'document_too_large' | 'document_not_pdf' } {
	if (bytes.length === 0) return { ok: false, problem: 'document_empty' };
	if (bytes.length > DOCUMENT_MAX_BYTES) return { ok: false, problem: 'document_too_large' };
	const head = bytes.subarray(0, 1024);
	for (let i = 0; i + 5 <= head.length; i++) {
		if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return { ok: true, mime: 'application/pdf' };
	}
	return { ok: false, problem: 'document_not_pdf' };
}

/** A file name safe for a Content-Disposition header: ASCII letters, digits, dot, dash, underscore. */
export function safeFileName(name: string, fallback = 'dokument.pdf'): string {
	const base = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'ss')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-.]+|-+$/g, '')
		.slice(0, 100);
	return base && /\.pdf$/i.test(base) ? base : base ? `${base}.pdf` : fallback;
}

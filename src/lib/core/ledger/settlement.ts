/**
 * The settlement of a grant (Verwendungsnachweis; issue 6, PRODUCT.md step 7): receipts with date, amount
 * and category, the numerical statement (zahlenmäßiger Nachweis) and the refund of unspent money. A "simple
 * proof of use" is a factual report plus a numerical statement (domain.md §2, einfacher Verwendungsnachweis);
 * the district office checks receipt by receipt. Pure: dates and the clock come in as arguments.
 */
import type { CostCategory } from '../process/programme.ts';
import { applyEntry, emptyLedger, type LedgerRefusal, type LedgerState } from './ledger.ts';
import { parseEuroInput, type Cents } from '../shared/money.ts';

export type ReceiptStatus = 'pending' | 'accepted' | 'rejected';
export type ReceiptLine = { amountCents: Cents; status: ReceiptStatus; category: string; replaced: boolean };

export type Statement = {
	grantedCents: Cents;
	paidCents: Cents;
	/** Everything handed in and not replaced by a newer upload. */
	claimedCents: Cents;
	acceptedCents: Cents;
	pendingCents: Cents;
	rejectedCents: Cents;
	/** Accepted receipts, at most the grant: the district never pays more than it granted (LHO § 44, ANBest-P 2.1). */
	provenCents: Cents;
	/** paid − proven when positive: unspent money the applicant pays back (ANBest-P Nr. 8). */
	refundCents: Cents;
	/** proven − paid when positive: what a reimbursement programme still pays out. */
	stillToPayCents: Cents;
	/** Receipts whose category the programme excludes (e.g. catering in the Kiezkasse, domain.md §1.2). */
	excludedCount: number;
};

export function statement(p: { grantedCents: Cents; paidCents: Cents; receipts: readonly ReceiptLine[]; categories: readonly CostCategory[] }): Statement {
	const live = p.receipts.filter((r) => !r.replaced);
	const sum = (s: ReceiptStatus) => live.filter((r) => r.status === s).reduce((a, r) => a + r.amountCents, 0);
	const accepted = sum('accepted');
	const proven = Math.min(accepted, p.grantedCents);
	return {
		grantedCents: p.grantedCents,
		paidCents: p.paidCents,
		claimedCents: live.reduce((a, r) => a + r.amountCents, 0),
		acceptedCents: accepted,
		pendingCents: sum('pending'),
		rejectedCents: sum('rejected'),
		provenCents: proven,
		refundCents: Math.max(0, p.paidCents - proven),
		stillToPayCents: Math.max(0, proven - p.paidCents),
		excludedCount: live.filter((r) => isExcluded(r.category, p.categories)).length
	};
}

export const isExcluded = (category: string, categories: readonly CostCategory[]) => categories.find((c) => c.key === category)?.eligible === false;

export type CloseRefusal = 'receipts_pending' | 'still_to_pay' | 'not_submitted' | 'already_closed' | LedgerRefusal;

/**
 * Whether the settlement can be closed, checked against the ledger of this one grant: the grant is
 * committed, the payments booked, the proven amount settled and the refund booked, and closing must then
 * hold "settled + refunded = paid" (ledger.ts). A reimbursement programme must first pay what is still due.
 */
export function closeCheck(p: { statement: Statement; submitted: boolean; closed: boolean }): { ok: true; ledger: LedgerState } | { ok: false; reason: CloseRefusal } {
	const s = p.statement;
	if (p.closed) return { ok: false, reason: 'already_closed' };
	if (!p.submitted) return { ok: false, reason: 'not_submitted' };
	if (s.pendingCents > 0) return { ok: false, reason: 'receipts_pending' };
	if (s.stillToPayCents > 0) return { ok: false, reason: 'still_to_pay' };
	let state: LedgerState = emptyLedger;
	const steps = [
		{ kind: 'budget', cents: s.grantedCents },
		{ kind: 'commit', grantId: 'g', cents: s.grantedCents },
		{ kind: 'payment', grantId: 'g', cents: s.paidCents },
		{ kind: 'settle', grantId: 'g', cents: s.provenCents },
		{ kind: 'refund', grantId: 'g', cents: s.refundCents },
		{ kind: 'close', grantId: 'g' }
	] as const;
	for (const e of steps) {
		// Zero amounts are not bookings (the ledger refuses them as not positive); skip them.
		if ('cents' in e && e.cents === 0 && e.kind !== 'budget') continue;
		const r = applyEntry(state, e);
		if (!r.ok) return { ok: false, reason: r.reason };
		state = r.state;
	}
	return { ok: true, ledger: state };
}

// ——— receipts: the form fields ———

export type ReceiptInput = { date: string; amount: string; category: string; description: string };
export type ReceiptField = 'date' | 'amount' | 'category' | 'description';
export type ReceiptIssue = 'date_missing' | 'date_invalid' | 'date_outside' | 'amount_invalid' | 'amount_zero' | 'category_unknown' | 'description_long';

export const RECEIPT_DESCRIPTION_MAX = 300;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(s: string): boolean {
	const m = ISO_DAY.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s;
}

/**
 * Checks one receipt's fields. The date must lie in the budget year (projects are carried out in the year
 * of the money, domain.md §1.1) and not after `today`. Excluded categories are accepted here and flagged,
 * because the case worker decides (issue 6: "excluded categories flagged").
 */
export function parseReceipt(
	input: ReceiptInput,
	ctx: { categories: readonly CostCategory[]; year: number; today: string }
): { ok: true; value: { date: string; amountCents: Cents; category: string; description: string; excluded: boolean } } | { ok: false; issues: Partial<Record<ReceiptField, ReceiptIssue>> } {
	const issues: Partial<Record<ReceiptField, ReceiptIssue>> = {};
	const date = input.date.trim();
	if (!date) issues.date = 'date_missing';
	else if (!isIsoDay(date)) issues.date = 'date_invalid';
	else if (!date.startsWith(`${ctx.year}-`) || date > ctx.today) issues.date = 'date_outside';
	const cents = parseEuroInput(input.amount);
	if (cents === null) issues.amount = 'amount_invalid';
	else if (cents === 0) issues.amount = 'amount_zero';
	if (!ctx.categories.some((c) => c.key === input.category)) issues.category = 'category_unknown';
	const description = input.description.trim();
	if (description.length > RECEIPT_DESCRIPTION_MAX) issues.description = 'description_long';
	if (Object.keys(issues).length > 0 || cents === null) return { ok: false, issues };
	return { ok: true, value: { date, amountCents: cents, category: input.category, description, excluded: isExcluded(input.category, ctx.categories) } };
}

// ——— receipts: the file ———

export type ReceiptType = 'application/pdf' | 'image/jpeg' | 'image/png';

/**
 * Limits for receipt files (public-sector.md S-07: document and enforce size and count). A scanned receipt
 * is a page or two; 50 pages and 10 MB leave room for a bundle of receipts in one PDF.
 */
export const RECEIPT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPages: 50, maxNesting: 32, maxFilterChain: 2, maxObjects: 20_000, maxFiles: 60 } as const;

export type FileProblem = 'file_missing' | 'file_too_large' | 'file_type' | 'pdf_unsafe';

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

/** The type announced by the first bytes: PDF "%PDF-" (ISO 32000 §7.5.2), JPEG FF D8 FF, PNG's signature. */
export function sniffReceipt(b: Uint8Array): ReceiptType | null {
	if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	return null;
}

/**
 * A structural check of a PDF without rendering or inflating it: PDF "bombs" are small files that make a
 * reader do huge work — a page tree claiming millions of pages (/Count), thousands of nested dictionaries or
 * arrays, or streams run through the same filter again and again (each /FlateDecode multiplies the size up
 * to ~1000×). We bound each of these on the raw bytes; a file over a bound is refused, not repaired.
 * Scanners and office programs write flat files far inside these bounds (ISO 32000-1 §7.7.3 page tree).
 */
export function inspectPdf(b: Uint8Array, limits: { maxPages: number; maxNesting: number; maxFilterChain: number; maxObjects: number } = RECEIPT_LIMITS): { ok: true; pages: number } | { ok: false; why: 'pages' | 'nesting' | 'filters' | 'objects' | 'structure' } {
	// latin1: one char per byte, so offsets match and binary stream data cannot break the decoding.
	let text = '';
	for (let i = 0; i < b.length; i += 0x8000) text += String.fromCharCode(...b.subarray(i, i + 0x8000));
	if (!text.slice(Math.max(0, text.length - 1024)).includes('%%EOF')) return { ok: false, why: 'structure' };
	let maxCount = 0;
	for (const m of text.matchAll(/\/Count\s+(-?\d{1,12})/g)) maxCount = Math.max(maxCount, Number(m[1]));
	const leaves = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
	const pages = Math.max(maxCount, leaves);
	if (pages > limits.maxPages) return { ok: false, why: 'pages' };
	if (pages === 0) return { ok: false, why: 'structure' };
	if ((text.match(/\d+\s+\d+\s+obj\b/g) ?? []).length > limits.maxObjects) return { ok: false, why: 'objects' };
	// Nesting of << >> and [ ] outside streams. Stream bodies are skipped by their keywords.
	let depth = 0;
	let i = 0;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		if (c === 0x73 /* s */ && text.startsWith('stream', i) && (text[i + 6] === '\r' || text[i + 6] === '\n')) {
			const end = text.indexOf('endstream', i + 6);
			if (end < 0) return { ok: false, why: 'structure' };
			i = end + 9;
			continue;
		}
		if (c === 0x28 /* ( */) {
			// A string literal: brackets inside do not count. Balanced parentheses and escapes (§7.3.4.2).
			let level = 1;
			i++;
			while (i < text.length && level > 0) {
				const d = text[i];
				if (d === '\\') i++;
				else if (d === '(') level++;
				else if (d === ')') level--;
				i++;
			}
			continue;
		}
		if ((c === 0x3c && text[i + 1] === '<') || c === 0x5b) {
			depth++;
			if (depth > limits.maxNesting) return { ok: false, why: 'nesting' };
			i += c === 0x5b ? 1 : 2;
			continue;
		}
		if ((c === 0x3e && text[i + 1] === '>') || c === 0x5d) {
			depth = Math.max(0, depth - 1);
			i += c === 0x5d ? 1 : 2;
			continue;
		}
		i++;
	}
	for (const m of text.matchAll(/\/Filter\s*\[([^\]]{0,2000})\]/g)) {
		if ((m[1]!.match(/\/[A-Za-z0-9]+/g) ?? []).length > limits.maxFilterChain) return { ok: false, why: 'filters' };
	}
	return { ok: true, pages };
}

/** Size first (cheap), then the bytes' type, then — for a PDF — the structure. */
export function checkReceiptFile(b: Uint8Array | null): { ok: true; type: ReceiptType } | { ok: false; problem: FileProblem } {
	if (!b || b.length === 0) return { ok: false, problem: 'file_missing' };
	if (b.length > RECEIPT_LIMITS.maxBytes) return { ok: false, problem: 'file_too_large' };
	const type = sniffReceipt(b);
	if (!type) return { ok: false, problem: 'file_type' };
	if (type === 'application/pdf' && !inspectPdf(b).ok) return { ok: false, problem: 'pdf_unsafe' };
	return { ok: true, type };
}

/**
 * A file name safe to store and show: the base name only, letters (any script), digits, space, dot, dash
 * and underscore; everything else becomes "_"; at most 80 characters. Markup in a name ("<img onerror>")
 * is thus never stored, let alone echoed (OWASP File Upload Cheat Sheet: "sanitise the filename").
 */
export function safeFileName(raw: string, fallbackExt: string): string {
	const base = raw.split(/[\\/]/).pop() ?? '';
	let s = base.normalize('NFC').replace(/[^\p{L}\p{N} ._-]/gu, '_').replace(/_+/g, '_').replace(/^[.\s_]+/, '').trim();
	if (s.length > 80) s = s.slice(s.length - 80);
	if (!s) s = `beleg.${fallbackExt}`;
	return s;
}

// ——— deadlines ———

/** Days from `today` to `day` (both YYYY-MM-DD, calendar days in Berlin): negative when past. */
export function daysUntil(today: string, day: string): number {
	const t = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
	const d = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
	return Math.round((d - t) / 86_400_000);
}

export type ReminderKind = 'deadline_soon' | 'deadline_passed' | 'year_end';

/**
 * Before the settlement deadline, once it is missed, and before the end of the budget year (the money is
 * budget money of that year, domain.md §1.1 — receipts dated later cannot be settled). Each reminder is sent
 * once (the caller records which were sent). Closed or handed-in settlements get none.
 */
export const REMINDER_DAYS = { deadlineSoon: 14, yearEnd: 30 } as const;

export function remindersDue(p: { today: string; deadline: string; year: number; submitted: boolean; closed: boolean; sent: readonly ReminderKind[] }): ReminderKind[] {
	if (p.submitted || p.closed) return [];
	const out: ReminderKind[] = [];
	const toDeadline = daysUntil(p.today, p.deadline);
	if (toDeadline < 0) out.push('deadline_passed');
	else if (toDeadline <= REMINDER_DAYS.deadlineSoon) out.push('deadline_soon');
	const toYearEnd = daysUntil(p.today, `${p.year}-12-31`);
	if (toYearEnd >= 0 && toYearEnd <= REMINDER_DAYS.yearEnd) out.push('year_end');
	return out.filter((k) => !p.sent.includes(k));
}

export const isOverdue = (p: { today: string; deadline: string; submitted: boolean; closed: boolean }) => !p.submitted && !p.closed && p.deadline < p.today;

// ——— retention ———

/**
 * How long personal data and receipts are kept after a settlement is closed. Contact and bank data are no
 * longer needed once the money is settled (GDPR Art. 5(1)(e), storage limitation); receipts must be kept
 * five years after the proof of use is handed in (ANBest-P Nr. 6.9, AV § 44 LHO Berlin). Both configurable.
 */
export type Retention = { contactDays: number; receiptDays: number };
export const DEFAULT_RETENTION: Retention = { contactDays: 180, receiptDays: 5 * 365 + 1 };

export function retentionDue(p: { closedAt: Date | null; now: Date; retention: Retention; contactErased: boolean; receiptsErased: boolean }): { contact: boolean; receipts: boolean } {
	if (!p.closedAt) return { contact: false, receipts: false };
	const age = (p.now.getTime() - p.closedAt.getTime()) / 86_400_000;
	return { contact: !p.contactErased && age >= p.retention.contactDays, receipts: !p.receiptsErased && age >= p.retention.receiptDays };
}

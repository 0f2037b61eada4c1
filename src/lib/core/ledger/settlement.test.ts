import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../process/programme.ts';
import { totals } from './ledger.ts';
import {
	checkReceiptFile,
	closeCheck,
	daysUntil,
	DEFAULT_RETENTION,
	inspectPdf,
	isOverdue,
	parseReceipt,
	remindersDue,
	retentionDue,
	safeFileName,
	statement,
	type ReceiptLine
} from './settlement.ts';

const cats = TEMPLATES.kiezkasse.costCategories;
const line = (amountCents: number, status: ReceiptLine['status'], category = 'material', replaced = false): ReceiptLine => ({ amountCents, status, category, replaced });
const enc = (s: string) => new TextEncoder().encode(s);

/** A minimal, valid one-page PDF (ISO 32000 structure: catalog, page tree, one page). */
function pdf(body = '', count = 1, pages = 1) {
	const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
	const pageObjs = Array.from({ length: pages }, (_, i) => `${3 + i} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n`).join('');
	return enc(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${count} >>\nendobj\n${pageObjs}${body}trailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}

describe('numerical statement', () => {
	it('computes the refund of unspent money from accepted receipts (advance paid in full)', () => {
		const s = statement({ grantedCents: 150_000, paidCents: 150_000, receipts: [line(80_000, 'accepted'), line(40_000, 'accepted'), line(5_000, 'rejected')], categories: cats });
		expect(s).toMatchObject({ acceptedCents: 120_000, rejectedCents: 5_000, provenCents: 120_000, refundCents: 30_000, stillToPayCents: 0 });
	});
	it('never proves more than the grant; receipts above it are not refunded by the district', () => {
		const s = statement({ grantedCents: 100_000, paidCents: 100_000, receipts: [line(130_000, 'accepted')], categories: cats });
		expect(s).toMatchObject({ provenCents: 100_000, refundCents: 0 });
	});
	it('says what a reimbursement programme still pays', () => {
		const s = statement({ grantedCents: 100_000, paidCents: 0, receipts: [line(60_000, 'accepted')], categories: cats });
		expect(s).toMatchObject({ stillToPayCents: 60_000, refundCents: 0 });
	});
	it('ignores replaced receipts and flags excluded categories', () => {
		const s = statement({ grantedCents: 100_000, paidCents: 100_000, receipts: [line(9_000, 'rejected', 'catering', true), line(9_000, 'pending', 'catering')], categories: cats });
		expect(s).toMatchObject({ claimedCents: 9_000, rejectedCents: 0, pendingCents: 9_000, excludedCount: 1 });
	});
});

describe('closing', () => {
	it('closes when every cent paid is proven or refunded', () => {
		const s = statement({ grantedCents: 150_000, paidCents: 150_000, receipts: [line(120_000, 'accepted')], categories: cats });
		const r = closeCheck({ statement: s, submitted: true, closed: false });
		expect(r.ok).toBe(true);
		if (r.ok) expect(totals(r.ledger)).toMatchObject({ paid: 150_000, settled: 120_000, refunded: 30_000, outstanding: 0 });
	});
	it.each([
		['pending receipts', { submitted: true, closed: false, receipts: [line(1, 'pending')], paid: 10 }, 'receipts_pending'],
		['not handed in', { submitted: false, closed: false, receipts: [], paid: 0 }, 'not_submitted'],
		['already closed', { submitted: true, closed: true, receipts: [], paid: 0 }, 'already_closed'],
		['reimbursement not yet paid', { submitted: true, closed: false, receipts: [line(50, 'accepted')], paid: 0 }, 'still_to_pay'],
		['paid more than granted', { submitted: true, closed: false, receipts: [], paid: 101 }, 'payment_exceeds_commitment']
	] as const)('refuses %s', (_n, c, reason) => {
		const s = statement({ grantedCents: 100, paidCents: c.paid, receipts: c.receipts, categories: cats });
		expect(closeCheck({ statement: s, submitted: c.submitted, closed: c.closed })).toEqual({ ok: false, reason });
	});
	it('property: whenever closing is allowed, settled + refunded = paid and nothing exceeds the grant', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.array(fc.record({ amountCents: fc.integer({ min: 1, max: 500_000 }), status: fc.constantFrom('accepted', 'rejected', 'pending'), replaced: fc.boolean() }), { maxLength: 12 }),
				fc.integer({ min: 0, max: 1_000 }),
				(granted, receipts, paidPermille) => {
					const paid = Math.floor((granted * paidPermille) / 1000);
					const s = statement({ grantedCents: granted, paidCents: paid, receipts: receipts.map((r) => ({ ...r, category: 'material' }) as ReceiptLine), categories: cats });
					expect(s.provenCents).toBeLessThanOrEqual(granted);
					expect(s.provenCents + s.refundCents - s.stillToPayCents).toBe(paid);
					const r = closeCheck({ statement: s, submitted: true, closed: false });
					if (r.ok) {
						const t = totals(r.ledger);
						expect(t.settled + t.refunded).toBe(t.paid);
						expect(t.paid).toBeLessThanOrEqual(t.committed);
					} else {
						expect(['receipts_pending', 'still_to_pay']).toContain(r.reason);
					}
				}
			)
		);
	});
});

describe('receipt fields', () => {
	const ctx = { categories: cats, year: 2026, today: '2026-11-23' };
	it('accepts a German amount and flags an excluded category', () => {
		expect(parseReceipt({ date: '2026-06-01', amount: '1.234,50', category: 'catering', description: 'Getränke' }, ctx)).toEqual({
			ok: true,
			value: { date: '2026-06-01', amountCents: 123_450, category: 'catering', description: 'Getränke', excluded: true }
		});
	});
	it.each([
		[{ date: '', amount: '1', category: 'material' }, { date: 'date_missing' }],
		[{ date: '2026-02-30', amount: '1', category: 'material' }, { date: 'date_invalid' }],
		[{ date: '2025-12-31', amount: '1', category: 'material' }, { date: 'date_outside' }],
		[{ date: '2026-12-01', amount: '1', category: 'material' }, { date: 'date_outside' }],
		[{ date: '2026-06-01', amount: 'zehn', category: 'material' }, { amount: 'amount_invalid' }],
		[{ date: '2026-06-01', amount: '0', category: 'material' }, { amount: 'amount_zero' }],
		[{ date: '2026-06-01', amount: '1', category: 'bribes' }, { category: 'category_unknown' }]
	])('refuses %o', (input, issues) => {
		expect(parseReceipt({ description: '', ...input }, ctx)).toEqual({ ok: false, issues });
	});
});

describe('receipt files', () => {
	it('accepts a real one-page PDF, a JPEG and a PNG by their bytes', () => {
		expect(checkReceiptFile(pdf())).toEqual({ ok: true, type: 'application/pdf' });
		expect(checkReceiptFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toEqual({ ok: true, type: 'image/jpeg' });
		expect(checkReceiptFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({ ok: true, type: 'image/png' });
	});
	it('refuses empty, oversized and wrongly typed files whatever their name says', () => {
		expect(checkReceiptFile(new Uint8Array())).toEqual({ ok: false, problem: 'file_missing' });
		expect(checkReceiptFile(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25))).toEqual({ ok: false, problem: 'file_too_large' });
		expect(checkReceiptFile(enc('<html><script>alert(1)</script></html>'))).toEqual({ ok: false, problem: 'file_type' });
		expect(checkReceiptFile(enc('MZ\x90\x00 executable'))).toEqual({ ok: false, problem: 'file_type' });
	});
	it('refuses PDF bombs without rendering them', () => {
		expect(inspectPdf(pdf('', 5_000_000))).toEqual({ ok: false, why: 'pages' });
		expect(inspectPdf(pdf('', 1, 51))).toEqual({ ok: false, why: 'pages' });
		const nested = `9 0 obj\n${'['.repeat(500)}${']'.repeat(500)}\nendobj\n`;
		expect(inspectPdf(pdf(nested))).toEqual({ ok: false, why: 'nesting' });
		const chain = `9 0 obj\n<< /Length 1 /Filter [/FlateDecode /FlateDecode /FlateDecode /FlateDecode] >>\nstream\nx\nendstream\nendobj\n`;
		expect(inspectPdf(pdf(chain))).toEqual({ ok: false, why: 'filters' });
		expect(inspectPdf(enc('%PDF-1.4\n1 0 obj << >> endobj'))).toEqual({ ok: false, why: 'structure' });
		expect(checkReceiptFile(pdf('', 5_000_000))).toEqual({ ok: false, problem: 'pdf_unsafe' });
	});
	it('does not count brackets inside strings and streams', () => {
		const s = `9 0 obj\n<< /Length 600 >>\nstream\n${'['.repeat(600)}\nendstream\nendobj\n10 0 obj\n(${'<<'.repeat(100)})\nendobj\n`;
		expect(inspectPdf(pdf(s))).toEqual({ ok: true, pages: 1 });
	});
	it('reads a PDF written by pdfkit-like tools with a two-filter chain as fine', () => {
		const s = `9 0 obj\n<< /Length 1 /Filter [/ASCII85Decode /FlateDecode] >>\nstream\nx\nendstream\nendobj\n`;
		expect(inspectPdf(pdf(s, 2, 2))).toEqual({ ok: true, pages: 2 });
	});
	it('stores file names without markup or paths', () => {
		expect(safeFileName('<img src=x onerror=alert(1)>.pdf', 'pdf')).toBe('img src_x onerror_alert_1_.pdf');
		expect(safeFileName('../../etc/passwd', 'pdf')).toBe('passwd');
		expect(safeFileName('C:\\Users\\me\\Rechnung Baumarkt.pdf', 'pdf')).toBe('Rechnung Baumarkt.pdf');
		expect(safeFileName('"><script>', 'png')).toBe('script_');
		expect(safeFileName('', 'png')).toBe('beleg.png');
		expect(safeFileName(`${'a'.repeat(200)}.pdf`, 'pdf')).toHaveLength(80);
	});
});

describe('deadlines', () => {
	const base = { deadline: '2026-12-15', year: 2026, submitted: false, closed: false, sent: [] as const };
	it('counts calendar days', () => {
		expect(daysUntil('2026-11-23', '2026-12-15')).toBe(22);
		expect(daysUntil('2026-03-28', '2026-03-30')).toBe(2);
	});
	it('reminds before the year end, then before the deadline, then once it is missed', () => {
		expect(remindersDue({ ...base, today: '2026-11-01' })).toEqual([]);
		expect(remindersDue({ ...base, today: '2026-12-01' })).toEqual(['deadline_soon', 'year_end']);
		expect(remindersDue({ ...base, today: '2026-12-01', sent: ['year_end'] })).toEqual(['deadline_soon']);
		expect(remindersDue({ ...base, today: '2026-12-16', sent: ['year_end', 'deadline_soon'] })).toEqual(['deadline_passed']);
		expect(remindersDue({ ...base, today: '2026-12-16', submitted: true })).toEqual([]);
	});
	it('lists a settlement as overdue only when not handed in after the deadline', () => {
		expect(isOverdue({ today: '2026-12-16', deadline: '2026-12-15', submitted: false, closed: false })).toBe(true);
		expect(isOverdue({ today: '2026-12-15', deadline: '2026-12-15', submitted: false, closed: false })).toBe(false);
		expect(isOverdue({ today: '2026-12-16', deadline: '2026-12-15', submitted: true, closed: false })).toBe(false);
	});
});

describe('retention', () => {
	const closedAt = new Date('2026-01-01T00:00:00Z');
	it('erases contact data after the configured days and receipts after five years', () => {
		const at = (d: string) => retentionDue({ closedAt, now: new Date(d), retention: DEFAULT_RETENTION, contactErased: false, receiptsErased: false });
		expect(at('2026-06-01T00:00:00Z')).toEqual({ contact: false, receipts: false });
		expect(at('2026-07-01T00:00:00Z')).toEqual({ contact: true, receipts: false });
		expect(at('2031-01-03T00:00:00Z')).toEqual({ contact: true, receipts: true });
		expect(retentionDue({ closedAt: null, now: new Date('2040-01-01'), retention: DEFAULT_RETENTION, contactErased: false, receiptsErased: false })).toEqual({ contact: false, receipts: false });
		expect(retentionDue({ closedAt, now: new Date('2040-01-01'), retention: DEFAULT_RETENTION, contactErased: true, receiptsErased: true })).toEqual({ contact: false, receipts: false });
	});
});

/**
 * The district-wide payment export for the district's cashier (Kasse), issue 6: every payment of the
 * district's programmes, filtered by payment date and programme, as CSV or XLSX. Unlike the round's list it
 * carries the full IBAN, because the cashier books the transfers from it; the IBAN appears only in the file
 * (the page shows counts and sums), and every export is written to the audit log with its filter.
 *
 * Access: `grant.manage` for the whole district (a region-scoped case worker sees only their region's
 * cases, so a district-wide file is not theirs to take). Cells are formula-safe (OWASP "CSV injection").
 */
import { can, type Actor } from '../../core/access/policy.ts';
import { validateExportFilter, type ExportFilterInput } from '../../core/grants/grants.ts';
import type { FieldIssues } from '../../core/shared/outcome.ts';
import type { DataCipher } from '../crypto/data-key.ts';
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/grants.ts';
import { amount, csvField, MODE_DE, safeCell } from '../documents/cells.ts';

export type PaymentExportDeps = { db: DbOrTx; cipher: DataCipher; now: () => Date };

async function scope(d: PaymentExportDeps, actor: Actor | null) {
	const who = can(actor, 'grant.manage');
	if (!who.allowed && who.reason !== 'out_of_scope') return null;
	const programmes = (await repo.programmesForGrants(d.db)).filter((p) => can(actor, 'grant.manage', { districtId: p.districtId, regionId: null }).allowed);
	return { programmes, districtIds: [...new Set(programmes.map((p) => p.districtId))] };
}

export const readFilter = (q: URLSearchParams): ExportFilterInput => ({
	from: (q.get('von') ?? '').trim().slice(0, 20),
	to: (q.get('bis') ?? '').trim().slice(0, 20),
	programme: (q.get('programm') ?? '').trim().slice(0, 100)
});

export async function exportPage(d: PaymentExportDeps, actor: Actor | null, q: URLSearchParams) {
	const s = await scope(d, actor);
	if (!s) return { kind: 'forbidden' } as const;
	const values = readFilter(q);
	const v = validateExportFilter(values, new Set(s.programmes.map((p) => p.id)));
	let summary: { count: number; totalCents: number } | null = null;
	if (v.ok && s.districtIds.length > 0) {
		const rows = await repo.districtPayments(d.db, { districtIds: s.districtIds, from: v.value.from, to: v.value.to, programmeId: v.value.programme });
		summary = { count: rows.length, totalCents: rows.reduce((t, r) => t + r.amountCents, 0) };
	}
	return {
		kind: 'ok',
		value: {
			programmes: s.programmes.map((p) => ({ id: p.id, name: p.name, districtName: p.districtName })),
			values,
			issues: (v.ok ? {} : v.issues) as FieldIssues,
			summary,
			query: v.ok ? new URLSearchParams(Object.entries({ von: v.value.from ?? '', bis: v.value.to ?? '', programm: v.value.programme ?? '' }).filter(([, x]) => x !== '')).toString() : null
		}
	} as const;
}

const HEAD = ['Zahlungsdatum', 'Betrag (EUR)', 'Buchungsreferenz', 'Geschäftszeichen', 'Bezirk', 'Programm', 'Runde', 'Projekt', 'Kontoinhaber:in', 'IBAN', 'Auszahlungsart', 'Zuwendung (EUR)'];

export async function exportFile(d: PaymentExportDeps, actor: Actor | null, q: URLSearchParams, format: 'csv' | 'xlsx') {
	const s = await scope(d, actor);
	if (!s) return { kind: 'forbidden' } as const;
	if (s.districtIds.length === 0) return { kind: 'not_found' } as const;
	const v = validateExportFilter(readFilter(q), new Set(s.programmes.map((p) => p.id)));
	if (!v.ok) return { kind: 'invalid', issues: v.issues } as const;
	const rows = await repo.districtPayments(d.db, { districtIds: s.districtIds, from: v.value.from, to: v.value.to, programmeId: v.value.programme });
	const at = d.now();
	// One audit entry per district the file could cover, so each district's log shows who took its bank data.
	const districts = v.value.programme ? [s.programmes.find((p) => p.id === v.value.programme)!.districtId] : s.districtIds;
	for (const districtId of districts) {
		await repo.recordEvent(
			d.db,
			{
				type: 'grant.district_payments_exported',
				actorId: actor!.userId,
				subject: { type: 'district', id: districtId },
				districtId,
				payload: { format, from: v.value.from, to: v.value.to, programmeId: v.value.programme, rows: rows.filter((r) => r.districtId === districtId).length }
			},
			at
		);
	}
	const iban = (r: (typeof rows)[number]) => (r.erased || !r.ibanCipher ? '' : d.cipher.decrypt(r.ibanCipher));
	const cells = rows.map((r) => ({
		paidOn: r.paidOn,
		amountCents: r.amountCents,
		text: [r.reference, r.grantReference, r.districtName, r.programmeName, r.roundSlug, r.title, r.accountHolder ?? '', iban(r), MODE_DE[r.paymentMode] ?? r.paymentMode].map(safeCell),
		grantCents: r.grantAmountCents
	}));
	const name = `zahlungen-bezirk${v.value.from ? `-ab-${v.value.from}` : ''}${v.value.to ? `-bis-${v.value.to}` : ''}`;
	if (format === 'csv') {
		const lines = [HEAD.join(';')];
		for (const c of cells) lines.push([c.paidOn, amount(c.amountCents), ...c.text, amount(c.grantCents)].map((x) => csvField(x)).join(';'));
		return { kind: 'ok', value: { filename: `${name}.csv`, type: 'text/csv; charset=utf-8', body: new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`) } } as const;
	}
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiezbudget';
	const sheet = wb.addWorksheet('Zahlungen');
	sheet.columns = HEAD.map((h, i) => ({ header: h, key: `c${i}`, width: [14, 14, 24, 20, 24, 24, 28, 40, 28, 30, 16, 16][i] }));
	for (const c of cells) {
		const [y, m, dd] = c.paidOn.split('-').map(Number);
		// Every text cell is written as a string value, never as a formula; safeCell also defuses it for re-export to CSV.
		sheet.addRow([new Date(Date.UTC(y!, m! - 1, dd!)), c.amountCents / 100, ...c.text, c.grantCents / 100]);
	}
	sheet.getColumn(1).numFmt = 'dd.mm.yyyy';
	sheet.getColumn(2).numFmt = '#,##0.00 "€"';
	sheet.getColumn(12).numFmt = '#,##0.00 "€"';
	sheet.getRow(1).font = { bold: true };
	const sum = sheet.addRow(['Summe', cells.reduce((t, c) => t + c.amountCents, 0) / 100]);
	sum.font = { bold: true };
	const buf = await wb.xlsx.writeBuffer();
	return { kind: 'ok', value: { filename: `${name}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: new Uint8Array(buf as ArrayBuffer) } } as const;
}

export function createPaymentExport(d: PaymentExportDeps) {
	return {
		page: (actor: Actor | null, q: URLSearchParams) => exportPage(d, actor, q),
		file: (actor: Actor | null, q: URLSearchParams, format: 'csv' | 'xlsx') => exportFile(d, actor, q, format)
	};
}

import { describe, expect, it } from 'vitest';
import { validateExportFilter } from './grants.ts';
import { validateTemplate, type TemplateInput } from './notice-template.ts';

const good: TemplateInput = {
	authorityName: 'Bezirksamt Treptow-Köpenick von Berlin',
	authorityUnit: 'SPK – Kiezkasse',
	authorityAddress: 'Alt-Köpenick 21\n12555 Berlin',
	contact: 'kiezkasse@ba-tk.berlin.de',
	sender: 'Bezirksamt Treptow-Köpenick · Alt-Köpenick 21 · 12555 Berlin',
	legalRemedy: 'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.',
	signature: 'Im Auftrag\nErika Muster',
	conditions: ' Erste Bedingung \n\n Zweite Bedingung ',
	settlementDays: '31'
};

describe('grant notice template', () => {
	it('accepts a complete template and tidies lines', () => {
		const r = validateTemplate(good);
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.value.conditions).toBe('Erste Bedingung\nZweite Bedingung');
			expect(r.value.settlementDays).toBe(31);
		}
	});
	it.each([
		['legalRemedy', '', 'grants_tpl_error_legalRemedy_missing'],
		['legalRemedy', 'Widerspruch möglich.', 'grants_tpl_error_legalRemedy_short'],
		['sender', 'a\nb', 'grants_tpl_error_one_line'],
		['authorityName', 'x'.repeat(201), 'grants_tpl_error_too_long'],
		['authorityAddress', '1\n2\n3\n4\n5\n6\n7', 'grants_tpl_error_address_lines'],
		['signature', 'a\u0007b', 'grants_error_characters'],
		['settlementDays', '0', 'grants_tpl_error_settlementDays_range'],
		['settlementDays', '3.5', 'grants_tpl_error_settlementDays_range'],
		['settlementDays', '', 'grants_tpl_error_settlementDays_missing'],
		['conditions', 'x'.repeat(601), 'grants_tpl_error_condition_long']
	] as const)('refuses %s = %j with %s', (field, value, key) => {
		const r = validateTemplate({ ...good, [field]: value });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[field]).toBe(key);
	});
});

describe('payment export filter', () => {
	const allowed = new Set(['p1']);
	it('accepts an empty filter and a proper range', () => {
		expect(validateExportFilter({ from: '', to: '', programme: '' }, allowed)).toEqual({ ok: true, value: { from: null, to: null, programme: null } });
		expect(validateExportFilter({ from: '2026-01-01', to: '2026-12-31', programme: 'p1' }, allowed).ok).toBe(true);
	});
	it.each([
		[{ from: '2026-02-30', to: '', programme: '' }, 'from', 'grants_cash_error_date'],
		[{ from: '', to: '31.12.2026', programme: '' }, 'to', 'grants_cash_error_date'],
		[{ from: '2026-05-01', to: '2026-04-30', programme: '' }, 'to', 'grants_cash_error_order'],
		[{ from: '', to: '', programme: 'p2' }, 'programme', 'grants_cash_error_programme']
	] as const)('refuses %j on %s', (input, field, key) => {
		const r = validateExportFilter(input, allowed);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[field]).toBe(key);
	});
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, grantReference, isIsoDate, mayApply, mayIssueNotice, mayPay, noticeDates, roundLedger, validateApplication, validateNotice, validatePayment, type ApplicationInput } from './grants.ts';

const good: ApplicationInput = {
	contactName: 'Anna Beispiel',
	contactEmail: 'anna@example.org',
	contactPhone: '',
	contactAddress: 'Dörpfeldstraße 1\n12489 Berlin',
	organisationName: '',
	accountHolder: 'Anna Beispiel',
	iban: 'de89 3704 0044 0532 0130 00',
	costPlanConfirmed: true,
	declaredNotStarted: true,
	declaredSubsidyFraudNotice: true
};

describe('validateApplication', () => {
	it('accepts a complete application and normalises the IBAN', () => {
		const r = validateApplication(good);
		expect(r).toEqual({ ok: true, value: expect.objectContaining({ iban: 'DE89370400440532013000', contactName: 'Anna Beispiel' }) });
	});
	it.each([
		['DE88 3704 0044 0532 0130 00', 'grants_error_iban_checksum'],
		['DE89 3704 0044 0532 0130', 'grants_error_iban_length'],
		['kein iban', 'grants_error_iban_format'],
		['', 'grants_error_iban_missing']
	])('points at the IBAN field for %j', (iban, key) => {
		const r = validateApplication({ ...good, iban });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues).toEqual({ iban: key });
	});
	it('requires both declarations and the confirmed cost plan (LHO § 44, § 264 StGB)', () => {
		const r = validateApplication({ ...good, costPlanConfirmed: false, declaredNotStarted: false, declaredSubsidyFraudNotice: false });
		expect(r.ok ? {} : r.issues).toEqual({
			costPlanConfirmed: 'grants_error_costPlanConfirmed_missing',
			declaredNotStarted: 'grants_error_declaredNotStarted_missing',
			declaredSubsidyFraudNotice: 'grants_error_declaredSubsidyFraudNotice_missing'
		});
	});
	it('requires name, address, holder and a plausible e-mail; phone and organisation are optional', () => {
		const r = validateApplication({ ...good, contactName: '', contactAddress: '', accountHolder: '', contactEmail: 'anna' });
		expect(r.ok ? {} : Object.keys(r.issues).sort()).toEqual(['accountHolder', 'contactAddress', 'contactEmail', 'contactName']);
	});
	it('refuses control characters and overlong text', () => {
		const r = validateApplication({ ...good, contactName: 'A\u0007B', accountHolder: 'x'.repeat(121) });
		expect(r.ok ? {} : r.issues).toEqual({ contactName: 'grants_error_characters', accountHolder: 'grants_error_too_long' });
	});
});

describe('status gates', () => {
	it('applies only from approved, issues only from applied, pays only after the notice', () => {
		expect(['approved', 'applied', 'granted', 'rejected'].filter(mayApply)).toEqual(['approved']);
		expect(['approved', 'applied', 'granted'].filter(mayIssueNotice)).toEqual(['applied']);
		expect(['approved', 'applied', 'granted', 'in_implementation', 'settled', 'closed'].filter(mayPay)).toEqual(['granted', 'in_implementation', 'settled']);
	});
});

describe('dates', () => {
	it('knows real calendar days', () => {
		expect(isIsoDate('2026-02-28')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('28.02.2026')).toBe(false);
	});
	it('adds days across months and years', () => {
		expect(addDays('2026-12-31', 31)).toBe('2027-01-31');
		expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
	});
	it('runs the project to the end of the budget year, settlement after it', () => {
		expect(noticeDates('2026-06-20', 2026, 31)).toEqual({ periodStart: '2026-06-20', periodEnd: '2026-12-31', settlementDue: '2027-01-31' });
	});
	it('never ends a period before it starts, even for a notice after the year', () => {
		expect(noticeDates('2027-01-10', 2026, 14)).toEqual({ periodStart: '2027-01-10', periodEnd: '2027-01-10', settlementDue: '2027-01-24' });
	});
	it('checks the notice form', () => {
		expect(validateNotice({ purpose: 'Bänke', periodStart: '2026-06-01', periodEnd: '2026-12-31', settlementDue: '2027-01-31' })).toEqual({ ok: true });
		expect(validateNotice({ purpose: '', periodStart: '2026-06-01', periodEnd: '2026-05-01', settlementDue: '2026-04-01' })).toEqual({
			ok: false,
			issues: { purpose: 'grants_error_purpose_missing', periodEnd: 'grants_error_period_order' }
		});
		expect(validateNotice({ purpose: 'x', periodStart: '2026-06-01', periodEnd: '2026-12-31', settlementDue: '2026-12-01' })).toEqual({ ok: false, issues: { settlementDue: 'grants_error_settlement_before_end' } });
	});
});

describe('validatePayment', () => {
	const g = { amountCents: 150_000, paidCents: 100_000 };
	it('accepts what is still open, in German or English notation', () => {
		expect(validatePayment({ paidOn: '2026-07-01', amount: '500,00', reference: 'KZ 4711' }, g, '2026-07-01')).toEqual({ ok: true, cents: 50_000 });
		expect(validatePayment({ paidOn: '2026-07-01', amount: '499.99', reference: 'KZ 4711' }, g, '2026-07-01')).toEqual({ ok: true, cents: 49_999 });
	});
	it('never more than granted', () => {
		expect(validatePayment({ paidOn: '2026-07-01', amount: '500,01', reference: 'KZ' }, g, '2026-07-01')).toEqual({ ok: false, issues: { amount: 'grants_error_amount_exceeds' } });
	});
	it('refuses zero, garbage, a missing reference and a date far in the future', () => {
		expect(validatePayment({ paidOn: '2027-07-01', amount: '0', reference: ' ' }, g, '2026-07-01')).toEqual({
			ok: false,
			issues: { paidOn: 'grants_error_paidOn_future', amount: 'grants_error_amount_format', reference: 'grants_error_reference_missing' }
		});
		expect(validatePayment({ paidOn: 'gestern', amount: 'viel', reference: 'x' }, g, '2026-07-01')).toEqual({ ok: false, issues: { paidOn: 'grants_error_date', amount: 'grants_error_amount_format' } });
	});
});

describe('grantReference', () => {
	it('builds a readable file number', () => {
		expect(grantReference('KK', 2026, '090501', 3)).toBe('KK-2026-090501-003');
		expect(grantReference('Bürgerhaushalt', 2026, null, 12)).toBe('BRGE-2026-012');
	});
});

describe('roundLedger', () => {
	it('sums budget, committed, paid and what remains for a second assembly', () => {
		const r = roundLedger(720_000, [
			{ id: 'a', amountCents: 150_000, paidCents: 150_000 },
			{ id: 'b', amountCents: 230_000, paidCents: 0 }
		]);
		expect(r).toEqual({ ok: true, totals: { budget: 720_000, committed: 380_000, paid: 150_000, settled: 0, refunded: 0, remaining: 340_000, outstanding: 150_000 } });
	});
	it('names the grant that breaks an invariant', () => {
		expect(roundLedger(100_000, [{ id: 'a', amountCents: 60_000, paidCents: 0 }, { id: 'b', amountCents: 50_000, paidCents: 0 }])).toEqual({ ok: false, grantId: 'b', reason: 'exceeds_budget' });
		expect(roundLedger(100_000, [{ id: 'a', amountCents: 60_000, paidCents: 70_000 }])).toEqual({ ok: false, grantId: 'a', reason: 'payment_exceeds_commitment' });
	});
	it('keeps committed ≤ budget and paid ≤ committed whenever it accepts (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.record({ amount: fc.integer({ min: 1, max: 2_000_000 }), paid: fc.integer({ min: 0, max: 2_000_000 })}), { maxLength: 12 }), (budget, gs) => {
				const r = roundLedger(budget, gs.map((g, i) => ({ id: String(i), amountCents: g.amount, paidCents: g.paid })));
				const fits = gs.reduce((s, g) => s + g.amount, 0) <= budget && gs.every((g) => g.paid <= g.amount);
				expect(r.ok).toBe(fits);
				if (r.ok) {
					expect(r.totals.committed).toBeLessThanOrEqual(r.totals.budget);
					expect(r.totals.paid).toBeLessThanOrEqual(r.totals.committed);
					expect(r.totals.remaining).toBe(budget - r.totals.committed);
				}
			})
		);
	});
});

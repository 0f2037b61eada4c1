/**
 * The grant part of a funded proposal (issue 6; PRODUCT.md lifecycle step 5): who may apply when, what a
 * complete project application (Projektantrag) holds, the dates of the grant notice and the checks on a
 * payment. Pure: dates come in as ISO strings, nothing reads the clock.
 *
 * Legal frame (domain.md §2 "Note on grant law"): the money is a Zuwendung under LHO §§ 23/44; the
 * application needs a cost plan, the declaration that the project has not started (no grant for projects
 * already begun, VV Nr. 1.3 zu § 44 LHO) and the applicant's acknowledgement of the subsidy-fraud notice
 * (§ 264 StGB, § 2 SubvG: the facts relevant to the subsidy must be named). Projects run in the budget year
 * (domain.md §1.1 "projects must be carried out in that year").
 */
import { checkIban } from '../ledger/iban.ts';
import { parseEuroInput, type Cents } from '../shared/money.ts';
import type { ProposalStatus } from '../process/proposal-status.ts';
import { replay, totals, type LedgerEntry, type LedgerRefusal, type LedgerTotals } from '../ledger/ledger.ts';

/** Only a funded proposal can be applied for; once applied, the application is the case file's. */
export const mayApply = (s: ProposalStatus | string) => s === 'approved';
/** The case worker issues the notice for a complete application. */
export const mayIssueNotice = (s: ProposalStatus | string) => s === 'applied';
/** Payments follow the notice (domain.md §2: "transfer … once the notice is final"), until the case is closed. */
export const mayPay = (s: ProposalStatus | string) => s === 'granted' || s === 'in_implementation' || s === 'settled';

export type ApplicationInput = {
	contactName: string;
	contactEmail: string;
	contactPhone: string;
	contactAddress: string;
	organisationName: string;
	accountHolder: string;
	iban: string;
	costPlanConfirmed: boolean;
	declaredNotStarted: boolean;
	declaredSubsidyFraudNotice: boolean;
};

export type ValidApplication = Omit<ApplicationInput, 'iban' | 'costPlanConfirmed'> & { iban: string };

/** Field → message key (messages/grants). */
export type ApplicationIssues = Partial<Record<keyof ApplicationInput, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Control characters never belong in a name or address (they would break the PDF and the CSV export).
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

export const LIMITS = { name: 120, email: 254, phone: 40, address: 300, organisation: 160, holder: 120 } as const;

export function validateApplication(v: ApplicationInput): { ok: true; value: ValidApplication } | { ok: false; issues: ApplicationIssues } {
	const issues: ApplicationIssues = {};
	const need = (field: keyof ApplicationInput, value: string, max: number, required = true) => {
		if (required && value === '') issues[field] = `grants_error_${field}_missing`;
		else if (value.length > max) issues[field] = 'grants_error_too_long';
		else if (CONTROL.test(value.replace(/\n/g, ''))) issues[field] = 'grants_error_characters';
	};
	need('contactName', v.contactName, LIMITS.name);
	need('contactEmail', v.contactEmail, LIMITS.email);
	if (!issues.contactEmail && !EMAIL.test(v.contactEmail)) issues.contactEmail = 'grants_error_contactEmail_format';
	need('contactPhone', v.contactPhone, LIMITS.phone, false);
	need('contactAddress', v.contactAddress, LIMITS.address);
	need('organisationName', v.organisationName, LIMITS.organisation, false);
	need('accountHolder', v.accountHolder, LIMITS.holder);
	let iban = '';
	if (v.iban.trim() === '') issues.iban = 'grants_error_iban_missing';
	else {
		const c = checkIban(v.iban);
		if (c.ok) iban = c.iban;
		else issues.iban = `grants_error_iban_${c.reason}`;
	}
	if (!v.costPlanConfirmed) issues.costPlanConfirmed = 'grants_error_costPlanConfirmed_missing';
	if (!v.declaredNotStarted) issues.declaredNotStarted = 'grants_error_declaredNotStarted_missing';
	if (!v.declaredSubsidyFraudNotice) issues.declaredSubsidyFraudNotice = 'grants_error_declaredSubsidyFraudNotice_missing';
	if (Object.keys(issues).length > 0) return { ok: false, issues };
	const { costPlanConfirmed: _c, ...rest } = v;
	void _c;
	return { ok: true, value: { ...rest, iban } };
}

// ── Dates of the notice ───────────────────────────────────────────────────────────────────────────

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date "YYYY-MM-DD" (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
	const m = ISO_DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function addDays(iso: string, days: number): string {
	const m = ISO_DATE.exec(iso);
	if (!m) throw new RangeError(`not an ISO date: ${iso}`);
	return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/**
 * Implementation period and settlement deadline: from the day of the notice to the end of the budget year
 * (domain.md §1.1), settlement due `settlementDays` after the end. A notice issued after the year ended (late
 * assemblies happen) gets the issue day as both start and end, so the case worker sees it must be corrected.
 */
export function noticeDates(issuedOn: string, budgetYear: number, settlementDays: number): { periodStart: string; periodEnd: string; settlementDue: string } {
	const yearEnd = `${budgetYear}-12-31`;
	const periodEnd = issuedOn > yearEnd ? issuedOn : yearEnd;
	return { periodStart: issuedOn, periodEnd, settlementDue: addDays(periodEnd, settlementDays) };
}

export type NoticeInput = { periodStart: string; periodEnd: string; settlementDue: string; purpose: string };
export type NoticeIssues = Partial<Record<keyof NoticeInput, string>>;

export function validateNotice(v: NoticeInput): { ok: true } | { ok: false; issues: NoticeIssues } {
	const issues: NoticeIssues = {};
	if (v.purpose.trim() === '') issues.purpose = 'grants_error_purpose_missing';
	else if (v.purpose.length > 1000) issues.purpose = 'grants_error_too_long';
	for (const k of ['periodStart', 'periodEnd', 'settlementDue'] as const) if (!isIsoDate(v[k])) issues[k] = 'grants_error_date';
	if (!issues.periodStart && !issues.periodEnd && v.periodEnd < v.periodStart) issues.periodEnd = 'grants_error_period_order';
	if (!issues.periodEnd && !issues.settlementDue && v.settlementDue < v.periodEnd) issues.settlementDue = 'grants_error_settlement_before_end';
	return Object.keys(issues).length ? { ok: false, issues } : { ok: true };
}

/** File number on the notice, e.g. "KK-2026-0905-003": programme letters, year, region, running number. */
export function grantReference(prefix: string, year: number, regionCode: string | null, seq: number): string {
	const p = prefix.replace(/[^A-Za-z]/g, '').slice(0, 4).toUpperCase() || 'ZW';
	return `${p}-${year}-${regionCode ? `${regionCode}-` : ''}${String(seq).padStart(3, '0')}`;
}

// ── Payments ──────────────────────────────────────────────────────────────────────────────────────

export type PaymentInput = { paidOn: string; amount: string; reference: string };
export type PaymentIssues = Partial<Record<keyof PaymentInput, string>>;

/**
 * A payment never exceeds what is still open of the grant (ledger invariant "paid ≤ committed",
 * core/ledger/ledger.ts). The database enforces the same with a check constraint; this gives the message.
 */
export function validatePayment(v: PaymentInput, grant: { amountCents: Cents; paidCents: Cents }, today: string): { ok: true; cents: Cents } | { ok: false; issues: PaymentIssues } {
	const issues: PaymentIssues = {};
	if (!isIsoDate(v.paidOn)) issues.paidOn = 'grants_error_date';
	else if (v.paidOn > addDays(today, 31)) issues.paidOn = 'grants_error_paidOn_future';
	const cents = parseEuroInput(v.amount);
	if (cents === null || cents <= 0) issues.amount = 'grants_error_amount_format';
	else if (grant.paidCents + cents > grant.amountCents) issues.amount = 'grants_error_amount_exceeds';
	if (v.reference.trim() === '') issues.reference = 'grants_error_reference_missing';
	else if (v.reference.length > 140 || CONTROL.test(v.reference)) issues.reference = 'grants_error_too_long';
	return Object.keys(issues).length || cents === null ? { ok: false, issues } : { ok: true, cents };
}

// ── Ledger of a round ─────────────────────────────────────────────────────────────────────────────

/** One grant's money as the database holds it; settled / refunded come from the settlement part later. */
export type GrantMoney = { id: string; amountCents: Cents; paidCents: Cents; settledCents?: Cents; refundedCents?: Cents; closed?: boolean };

/**
 * Budget, committed, paid, settled, refunded and remaining of one round (issue 6 "Ledger per round and
 * region"), computed by replaying the bookings through the core ledger so its invariants (committed ≤ budget,
 * paid ≤ committed, …) are checked on every read: a refusal means the stored data broke a rule.
 */
export function roundLedger(budgetCents: Cents, grants: readonly GrantMoney[]): { ok: true; totals: LedgerTotals } | { ok: false; grantId: string | null; reason: LedgerRefusal } {
	const entries: LedgerEntry[] = [{ kind: 'budget', cents: budgetCents }];
	for (const g of grants) {
		entries.push({ kind: 'commit', grantId: g.id, cents: g.amountCents });
		if (g.paidCents > 0) entries.push({ kind: 'payment', grantId: g.id, cents: g.paidCents });
		if ((g.settledCents ?? 0) > 0) entries.push({ kind: 'settle', grantId: g.id, cents: g.settledCents! });
		if ((g.refundedCents ?? 0) > 0) entries.push({ kind: 'refund', grantId: g.id, cents: g.refundedCents! });
		if (g.closed) entries.push({ kind: 'close', grantId: g.id });
	}
	const r = replay(entries);
	if (!r.ok) {
		const e = entries[r.index]!;
		return { ok: false, grantId: e.kind === 'budget' ? null : e.grantId, reason: r.reason };
	}
	return { ok: true, totals: totals(r.state) };
}

// ── The district's payment export ─────────────────────────────────────────────────────────────────

export type ExportFilterInput = { from: string; to: string; programme: string };
export type ExportFilterIssues = Partial<Record<keyof ExportFilterInput, string>>;

/**
 * The filter of the district-wide payment export: an optional date range (both ends inclusive) and an optional
 * programme, which must be one the person may export (`allowedProgrammes`).
 */
export function validateExportFilter(
	v: ExportFilterInput,
	allowedProgrammes: ReadonlySet<string>
): { ok: true; value: { from: string | null; to: string | null; programme: string | null } } | { ok: false; issues: ExportFilterIssues } {
	const issues: ExportFilterIssues = {};
	if (v.from !== '' && !isIsoDate(v.from)) issues.from = 'grants_cash_error_date';
	if (v.to !== '' && !isIsoDate(v.to)) issues.to = 'grants_cash_error_date';
	if (!issues.from && !issues.to && v.from !== '' && v.to !== '' && v.to < v.from) issues.to = 'grants_cash_error_order';
	if (v.programme !== '' && !allowedProgrammes.has(v.programme)) issues.programme = 'grants_cash_error_programme';
	if (Object.keys(issues).length > 0) return { ok: false, issues };
	return { ok: true, value: { from: v.from || null, to: v.to || null, programme: v.programme || null } };
}

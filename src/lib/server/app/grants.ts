/**
 * Use cases of the grant part (issue 6; PRODUCT.md lifecycle step 5): the proposer (or a case worker on their
 * behalf) applies for a funded proposal; the case worker issues the grant notice, records payments and reads
 * the round's ledger; the district's accounting gets the payment list as CSV or XLSX.
 *
 * Access (house rule 5): staff need `grant.manage` for the round's district/region — a resident is refused
 * (403), staff of another district get "not found". The applicant reaches only their own proposal; any other
 * id answers "not found", so a guessed address tells nothing. Bank details are decrypted only for staff with
 * `grant.manage` there, and each such read is written to the audit log.
 */
import { createHash } from 'node:crypto';
import { can, type Actor } from '../../core/access/policy.ts';
import { grantReference, mayApply, mayIssueNotice, mayPay, noticeDates, roundLedger, validateApplication, validateNotice, validatePayment, type ApplicationInput } from '../../core/grants/grants.ts';
import { maskIban } from '../../core/ledger/iban.ts';
import type { FieldIssues } from '../../core/shared/outcome.ts';
import type { DataCipher } from '../crypto/data-key.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/grants.ts';
import { roundsWithCounts } from '../db/repositories/office.ts';
import { grantNoticePdf, type NoticeInput } from '../documents/grant-notice.ts';
import { amount, csvField, MODE_DE, safeCell } from '../documents/cells.ts';
import { noticeIssuedMail, paymentMail } from '../mail/grant-mails.ts';
import { createPaymentExport } from './payment-export.ts';
import { createGrantTemplates, snapshotOf, templateOf, type Template } from './grant-templates.ts';

/** `origin` and `kick` are for the applicant's mails (notice issued, payment made); without them no link is built. */
export type GrantDeps = { db: Db; cipher: DataCipher; now: () => Date; origin?: string; kick?: () => void };

const scopeOf = (r: repo.CaseRound) => ({ districtId: r.districtId, regionId: r.regionId, roundId: r.id });
export const roundTitleOf = (r: Pick<repo.CaseRound, 'programmeName' | 'regionName' | 'districtName' | 'year'>) => `${r.programmeName} ${r.regionName ?? r.districtName} ${r.year}`;

/** Role missing → forbidden (403); role held but elsewhere → not found (404), so nothing leaks. */
function staffGate(actor: Actor | null, r: repo.CaseRound): 'ok' | 'forbidden' | 'not_found' {
	const d = can(actor, 'grant.manage', scopeOf(r));
	if (d.allowed) return 'ok';
	return d.reason === 'out_of_scope' ? 'not_found' : 'forbidden';
}

/** Who is looking at a case: its staff, its proposer, or nobody (→ 404). */
function viewerOf(actor: Actor | null, c: repo.GrantCase): 'staff' | 'applicant' | null {
	if (can(actor, 'grant.manage', scopeOf(c.round)).allowed) return 'staff';
	if (actor && actor.emailVerified && c.proposal.applicantUserId === actor.userId) return 'applicant';
	return null;
}

export const isoDay = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(d);
const text = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
};
const flag = (form: FormData, name: string) => form.get(name) === 'yes';

const maskedOf = (a: repo.ApplicationRow | null) => (a?.ibanCountry && a.ibanLast4 ? maskIban(`${a.ibanCountry}${a.ibanLast4}`) : null);

function publicApplication(a: repo.ApplicationRow | null) {
	if (!a) return null;
	return {
		contactName: a.contactName,
		contactEmail: a.contactEmail,
		contactPhone: a.contactPhone,
		contactAddress: a.contactAddress,
		organisationName: a.organisationName,
		accountHolder: a.accountHolder,
		maskedIban: maskedOf(a),
		approvedCents: a.approvedCents,
		costPlan: a.costPlan,
		submittedAt: a.submittedAt.toISOString(),
		onBehalf: a.submittedBy !== null && a.submittedBy !== a.applicantUserId
	};
}

function grantSummary(g: repo.GrantRow | null) {
	if (!g) return null;
	return { reference: g.reference, amountCents: g.amountCents, paidCents: g.paidCents, purpose: g.purpose, periodStart: g.periodStart, periodEnd: g.periodEnd, settlementDue: g.settlementDue, paymentMode: g.paymentMode, issuedAt: g.issuedAt.toISOString() };
}

// ── The application page (proposer, or staff on their behalf) ────────────────────────────────────

export async function applicationPage(d: GrantDeps, actor: Actor | null, proposalId: string) {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' } as const;
	const viewer = viewerOf(actor, c);
	if (!viewer) return { kind: 'not_found' } as const;
	return {
		kind: 'ok',
		value: {
			viewer,
			proposal: { id: c.proposal.id, title: c.proposal.title, status: c.proposal.status },
			round: { slug: c.round.slug, title: roundTitleOf(c.round), settlement: c.round.rules.settlement },
			costItems: c.costItems,
			approvedCents: c.approvedCents,
			mayApply: mayApply(c.proposal.status) && c.approvedCents !== null && c.approvedCents > 0,
			application: publicApplication(c.application),
			grant: grantSummary(c.grant),
			payments: c.payments.map((p) => ({ paidOn: p.paidOn, amountCents: p.amountCents })),
			// Prefill from the account: the proposer's name and address, never anything of someone else.
			prefill: { contactName: c.applicant?.name ?? '', contactEmail: c.applicant?.email ?? c.proposal.contactEmail ?? '' }
		}
	} as const;
}

export type ApplicationValues = Omit<ApplicationInput, 'costPlanConfirmed' | 'declaredNotStarted' | 'declaredSubsidyFraudNotice'> & {
	costPlanConfirmed: boolean;
	declaredNotStarted: boolean;
	declaredSubsidyFraudNotice: boolean;
};

export function parseApplication(form: FormData): ApplicationValues {
	return {
		contactName: text(form, 'contactName', 200),
		contactEmail: text(form, 'contactEmail', 300),
		contactPhone: text(form, 'contactPhone', 60),
		contactAddress: text(form, 'contactAddress', 400),
		organisationName: text(form, 'organisationName', 200),
		accountHolder: text(form, 'accountHolder', 200),
		iban: text(form, 'iban', 60),
		costPlanConfirmed: flag(form, 'costPlanConfirmed'),
		declaredNotStarted: flag(form, 'declaredNotStarted'),
		declaredSubsidyFraudNotice: flag(form, 'declaredSubsidyFraudNotice')
	};
}

export type ApplyOutcome =
	| { kind: 'ok' }
	| { kind: 'not_found' }
	| { kind: 'conflict'; reason: 'not_approved' | 'already_applied' }
	| { kind: 'invalid'; issues: FieldIssues; values: ApplicationValues };

export async function submitApplication(d: GrantDeps, actor: Actor | null, proposalId: string, form: FormData): Promise<ApplyOutcome> {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' };
	const viewer = viewerOf(actor, c);
	if (!viewer || !actor) return { kind: 'not_found' };
	if (c.application) return { kind: 'conflict', reason: 'already_applied' };
	if (!mayApply(c.proposal.status) || c.approvedCents === null || c.approvedCents <= 0) return { kind: 'conflict', reason: 'not_approved' };
	const values = parseApplication(form);
	const v = validateApplication(values);
	// The typed values (IBAN included) go back only in the response to the person's own post, so they can correct
	// a field without typing everything again (house rule 8); never into logs, never into the database in clear.
	if (!v.ok) return { kind: 'invalid', issues: v.issues as FieldIssues, values };
	const at = d.now();
	const r = await repo.insertApplication(d.db, {
		proposalId,
		roundId: c.round.id,
		applicantUserId: c.proposal.applicantUserId,
		submittedBy: actor.userId,
		contactName: v.value.contactName,
		contactEmail: v.value.contactEmail,
		contactPhone: v.value.contactPhone || null,
		contactAddress: v.value.contactAddress,
		organisationName: v.value.organisationName || null,
		accountHolder: v.value.accountHolder,
		ibanCipher: d.cipher.encrypt(v.value.iban),
		ibanCountry: v.value.iban.slice(0, 2),
		ibanLast4: v.value.iban.slice(-4),
		approvedCents: c.approvedCents,
		costPlan: c.costItems,
		declaredNotStarted: true,
		declaredSubsidyFraudNotice: true,
		submittedAt: at,
		districtId: c.round.districtId,
		onBehalf: viewer === 'staff' && actor.userId !== c.proposal.applicantUserId
	});
	return r.kind === 'ok' ? { kind: 'ok' } : { kind: 'conflict', reason: 'already_applied' };
}

// ── The case file (staff) ─────────────────────────────────────────────────────────────────────────

/** Only the access check of a case file (no bank details read): for pages that act on the case without showing it. */
export async function caseGate(d: GrantDeps, actor: Actor | null, proposalId: string): Promise<{ kind: 'ok' | 'forbidden' | 'not_found' }> {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' };
	return { kind: staffGate(actor, c.round) };
}

export async function caseFile(d: GrantDeps, actor: Actor | null, proposalId: string) {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' } as const;
	const g = staffGate(actor, c.round);
	if (g !== 'ok') return { kind: g } as const;
	const today = isoDay(d.now());
	const tpl = await templateOf(d.db, c.round.programmeId);
	let iban: string | null = null;
	if (c.application?.ibanCipher) {
		iban = d.cipher.decrypt(c.application.ibanCipher);
		await repo.recordEvent(d.db, { type: 'grant.bank_details_read', actorId: actor!.userId, subject: { type: 'proposal', id: proposalId }, districtId: c.round.districtId, payload: { applicationId: c.application.id } }, d.now());
	}
	const dates = noticeDates(today, c.round.year, tpl.settlementDays);
	return {
		kind: 'ok',
		value: {
			proposal: { id: c.proposal.id, title: c.proposal.title, status: c.proposal.status },
			round: { slug: c.round.slug, title: roundTitleOf(c.round), settlement: c.round.rules.settlement },
			costItems: c.costItems,
			approvedCents: c.approvedCents,
			application: c.application ? { ...publicApplication(c.application)!, iban } : null,
			grant: grantSummary(c.grant),
			payments: c.payments.map((p) => ({ id: p.id, paidOn: p.paidOn, amountCents: p.amountCents, reference: p.reference, recordedBy: p.recordedByName })),
			may: { apply: mayApply(c.proposal.status) && !c.application, issue: mayIssueNotice(c.proposal.status) && !!c.application && !c.grant, pay: !!c.grant && mayPay(c.proposal.status) && c.grant.paidCents < c.grant.amountCents },
			noticeDefaults: { purpose: c.proposal.title, ...dates },
			today
		}
	} as const;
}

/**
 * Where the applicant's procedure mails go: the address given in the application (it is the procedure's
 * contact), else the proposer's account. Never checked against the newsletter opt-out (§ 41 VwVfG; see
 * docs/operations.md "Mails in the grant procedure"). After retention erased the contact, nothing is sent.
 */
function applicantAddress(c: repo.GrantCase, a: repo.ApplicationRow): string | null {
	if (a.personalDataErasedAt) return null;
	return a.contactEmail || c.applicant?.email || null;
}
const applicantLink = (d: GrantDeps, proposalId: string) => `${d.origin ?? ''}/konto/ideen/${proposalId}/antrag`;

export type NoticeValues = { purpose: string; periodStart: string; periodEnd: string; settlementDue: string };


/** Everything the notice PDF prints, from the case, its application and the programme's template. */
export function noticeInput(c: repo.GrantCase, a: repo.ApplicationRow, tpl: Template, values: NoticeValues, reference: string, issuedOn: string): NoticeInput {
	return {
		letterhead: tpl.letterhead,
		reference,
		issuedOn,
		addressee: { name: a.contactName ?? '', organisation: a.organisationName, address: a.contactAddress ?? '' },
		programmeName: c.round.programmeName,
		roundTitle: roundTitleOf(c.round),
		projectTitle: c.proposal.title,
		purpose: values.purpose,
		amountCents: a.approvedCents,
		// The programme's own words for its cost categories ("Material"), not the stored keys.
		costPlan: a.costPlan.map((i) => ({ ...i, category: c.round.rules.costCategories.find((k) => k.key === i.category)?.label ?? i.category })),
		periodStart: values.periodStart,
		periodEnd: values.periodEnd,
		settlementDue: values.settlementDue,
		paymentMode: c.round.rules.settlement,
		maskedIban: maskedOf(a) ?? '–',
		accountHolder: a.accountHolder ?? '',
		conditions: tpl.conditions
	};
}
export type IssueOutcome = { kind: 'ok' } | { kind: 'not_found' } | { kind: 'forbidden' } | { kind: 'conflict'; reason: string } | { kind: 'invalid'; issues: FieldIssues; values: NoticeValues };

export async function issueNotice(d: GrantDeps, actor: Actor | null, proposalId: string, form: FormData): Promise<IssueOutcome> {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' };
	const g = staffGate(actor, c.round);
	if (g !== 'ok') return { kind: g };
	if (!c.application || c.grant || !mayIssueNotice(c.proposal.status)) return { kind: 'conflict', reason: 'not_applied' };
	const values: NoticeValues = { purpose: text(form, 'purpose', 1000), periodStart: text(form, 'periodStart', 10), periodEnd: text(form, 'periodEnd', 10), settlementDue: text(form, 'settlementDue', 10) };
	const v = validateNotice(values);
	if (!v.ok) return { kind: 'invalid', issues: v.issues as FieldIssues, values };
	const at = d.now();
	const tpl = await templateOf(d.db, c.round.programmeId);
	const a = c.application;
	const paymentMode = c.round.rules.settlement;
	const prefix = c.round.template === 'kiezkasse' ? 'KK' : c.round.programmeName;
	// The running number can race with a colleague issuing in the same round: the unique reference then refuses
	// the insert and we take the next number.
	for (let attempt = 0; attempt < 5; attempt++) {
		const reference = grantReference(prefix, c.round.year, c.round.regionId, (await repo.nextGrantSeq(d.db, c.round.id)) + attempt);
		const pdf = await grantNoticePdf(noticeInput(c, a, tpl, values, reference, isoDay(at)));
		try {
			const r = await repo.insertGrant(d.db, {
				proposalId,
				applicationId: a.id,
				roundId: c.round.id,
				reference,
				amountCents: a.approvedCents,
				purpose: values.purpose,
				periodStart: values.periodStart,
				periodEnd: values.periodEnd,
				settlementDue: values.settlementDue,
				paymentMode,
				conditions: tpl.conditions,
				noticePdf: pdf,
				noticeSha256: createHash('sha256').update(pdf).digest('hex'),
				templateVersionId: tpl.versionId,
				templateSnapshot: snapshotOf(tpl),
				issuedAt: at,
				issuedBy: actor!.userId,
				districtId: c.round.districtId,
				mail: () => {
					const to = applicantAddress(c, a);
					return to ? noticeIssuedMail({ to, title: c.proposal.title, reference, amountCents: a.approvedCents, settlementDue: values.settlementDue, link: applicantLink(d, proposalId) }) : null;
				}
			});
			if (r.kind === 'ok') d.kick?.();
			return r.kind === 'ok' ? { kind: 'ok' } : { kind: 'conflict', reason: 'already_issued' };
		} catch (e) {
			if (!isUniqueViolation(e, 'project_grant_reference_key')) throw e;
		}
	}
	return { kind: 'conflict', reason: 'busy' };
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
	for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) {
		const o = x as { code?: string; constraint?: string; message?: string };
		if (o.code === '23505' && (o.constraint === constraint || o.message?.includes(constraint))) return true;
	}
	return false;
}

export type PaymentValues = { paidOn: string; amount: string; reference: string };
export type PayOutcome = { kind: 'ok' } | { kind: 'not_found' } | { kind: 'forbidden' } | { kind: 'conflict'; reason: string } | { kind: 'invalid'; issues: FieldIssues; values: PaymentValues };

export async function recordPayment(d: GrantDeps, actor: Actor | null, proposalId: string, form: FormData): Promise<PayOutcome> {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c) return { kind: 'not_found' };
	const g = staffGate(actor, c.round);
	if (g !== 'ok') return { kind: g };
	if (!c.grant || !mayPay(c.proposal.status)) return { kind: 'conflict', reason: 'not_granted' };
	const values: PaymentValues = { paidOn: text(form, 'paidOn', 10), amount: text(form, 'amount', 30), reference: text(form, 'reference', 140) };
	const at = d.now();
	const v = validatePayment(values, c.grant, isoDay(at));
	if (!v.ok) return { kind: 'invalid', issues: v.issues as FieldIssues, values };
	const grant = c.grant;
	const r = await repo.insertPayment(d.db, {
		grantId: grant.id,
		proposalId,
		districtId: c.round.districtId,
		paidOn: values.paidOn,
		amountCents: v.cents,
		reference: values.reference,
		actorId: actor!.userId,
		at,
		mail: (paidCents) => {
			const to = c.application ? applicantAddress(c, c.application) : null;
			if (!to) return null;
			return paymentMail({ to, title: c.proposal.title, reference: grant.reference, amountCents: v.cents, paidOn: values.paidOn, paidCents, grantCents: grant.amountCents, ibanLast4: c.application?.ibanLast4 ?? null, link: applicantLink(d, proposalId) });
		}
	});
	if (r.kind === 'ok') d.kick?.();
	// Another payment was booked between reading and writing: the database refused to overpay.
	if (r.kind === 'exceeds') return { kind: 'invalid', issues: { amount: 'grants_error_amount_exceeds' }, values };
	return { kind: 'ok' };
}

// ── Rounds, ledger, export ────────────────────────────────────────────────────────────────────────

export async function grantRounds(d: GrantDeps, actor: Actor | null) {
	const who = can(actor, 'grant.manage');
	if (!who.allowed && who.reason !== 'out_of_scope') return { kind: 'forbidden' } as const;
	const all = await roundsWithCounts(d.db);
	const rounds = all
		.filter((r) => can(actor, 'grant.manage', { districtId: r.districtId, regionId: r.regionId, roundId: r.id }).allowed)
		.map((r) => ({ slug: r.slug, title: `${r.programmeName} ${r.regionName ?? r.districtName} ${r.year}`, year: r.year, budgetCents: r.budgetCents }));
	return { kind: 'ok', value: rounds } as const;
}

export async function roundGrants(d: GrantDeps, actor: Actor | null, slug: string) {
	const r = await repo.roundForGrants(d.db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = staffGate(actor, r);
	if (g !== 'ok') return { kind: g } as const;
	const cases = await repo.roundCases(d.db, r.id);
	const granted = cases.filter((c) => c.grantId !== null);
	const ledger = roundLedger(
		r.budgetCents,
		granted.map((c) => ({ id: c.grantId!, amountCents: c.amountCents!, paidCents: c.paidCents!, settledCents: c.settledCents, refundedCents: c.refundedCents, closed: c.closed }))
	);
	return {
		kind: 'ok',
		value: {
			round: { slug: r.slug, title: roundTitleOf(r), year: r.year, settlement: r.rules.settlement },
			cases: cases.map((c) => ({ proposalId: c.proposalId, title: c.title, status: c.status, applicant: c.organisationName ?? c.applicantName, approvedCents: c.approvedCents, reference: c.reference, amountCents: c.amountCents, paidCents: c.paidCents, settlementDue: c.settlementDue })),
			ledger: ledger.ok ? { ok: true as const, ...ledger.totals } : { ok: false as const, reason: ledger.reason, grantId: ledger.grantId }
		}
	} as const;
}

const CSV_HEAD = ['Zahlungsdatum', 'Betrag (EUR)', 'Buchungsreferenz', 'Geschäftszeichen', 'Projekt', 'Empfänger:in', 'Auszahlungsart', 'Zuwendung (EUR)'];

export async function exportPayments(d: GrantDeps, actor: Actor | null, slug: string, format: 'csv' | 'xlsx') {
	const r = await repo.roundForGrants(d.db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = staffGate(actor, r);
	if (g !== 'ok') return { kind: g } as const;
	const rows = await repo.roundPayments(d.db, r.id);
	await repo.recordEvent(d.db, { type: 'grant.payments_exported', actorId: actor!.userId, subject: { type: 'round', id: r.id }, districtId: r.districtId, payload: { roundId: r.id, format, rows: rows.length } }, d.now());
	const filename = `zahlungen-${r.slug}`;
	if (format === 'csv') {
		// German spreadsheet conventions: semicolon, decimal comma, UTF-8 with BOM so Excel reads the umlauts.
		const lines = [CSV_HEAD.join(';')];
		for (const p of rows) {
			lines.push([p.paidOn, amount(p.amountCents), p.reference, p.grantReference, p.title, p.recipient ?? '', MODE_DE[p.paymentMode] ?? p.paymentMode, amount(p.grantAmountCents)].map((s) => csvField(safeCell(s))).join(';'));
		}
		return { kind: 'ok', value: { filename: `${filename}.csv`, type: 'text/csv; charset=utf-8', body: new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`) } } as const;
	}
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiezbudget';
	const sheet = wb.addWorksheet('Zahlungen');
	sheet.columns = CSV_HEAD.map((h, i) => ({ header: h, key: `c${i}`, width: [14, 14, 24, 20, 40, 28, 16, 16][i] }));
	for (const p of rows) {
		const [y, m, dd] = p.paidOn.split('-').map(Number);
		sheet.addRow([new Date(Date.UTC(y!, m! - 1, dd!)), p.amountCents / 100, safeCell(p.reference), p.grantReference, safeCell(p.title), safeCell(p.recipient ?? ''), MODE_DE[p.paymentMode] ?? p.paymentMode, p.grantAmountCents / 100]);
	}
	sheet.getColumn(1).numFmt = 'dd.mm.yyyy';
	sheet.getColumn(2).numFmt = '#,##0.00 "€"';
	sheet.getColumn(8).numFmt = '#,##0.00 "€"';
	sheet.getRow(1).font = { bold: true };
	const total = rows.reduce((s, p) => s + p.amountCents, 0);
	const sum = sheet.addRow(['Summe', total / 100]);
	sum.font = { bold: true };
	const buf = await wb.xlsx.writeBuffer();
	return { kind: 'ok', value: { filename: `${filename}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: new Uint8Array(buf as ArrayBuffer) } } as const;
}

/** The notice PDF for its applicant or the district's staff; everybody else gets "not found". */
export async function noticeDownload(d: GrantDeps, actor: Actor | null, proposalId: string) {
	const c = await repo.grantCase(d.db, proposalId);
	if (!c || !c.grant || !viewerOf(actor, c)) return { kind: 'not_found' } as const;
	const pdf = await repo.noticePdf(d.db, proposalId);
	if (!pdf) return { kind: 'not_found' } as const;
	return { kind: 'ok', value: { pdf: pdf.pdf, filename: `zuwendungsbescheid-${pdf.reference}.pdf` } } as const;
}

export type Grants = ReturnType<typeof createGrants>;

/** Binds the database, the data cipher and the clock, for the container (routes never see the database). */
export function createGrants(d: GrantDeps) {
	return {
		applicationPage: (actor: Actor | null, id: string) => applicationPage(d, actor, id),
		apply: (actor: Actor | null, id: string, form: FormData) => submitApplication(d, actor, id, form),
		caseFile: (actor: Actor | null, id: string) => caseFile(d, actor, id),
		caseGate: (actor: Actor | null, id: string) => caseGate(d, actor, id),
		issue: (actor: Actor | null, id: string, form: FormData) => issueNotice(d, actor, id, form),
		pay: (actor: Actor | null, id: string, form: FormData) => recordPayment(d, actor, id, form),
		rounds: (actor: Actor | null) => grantRounds(d, actor),
		round: (actor: Actor | null, slug: string) => roundGrants(d, actor, slug),
		exportPayments: (actor: Actor | null, slug: string, format: 'csv' | 'xlsx') => exportPayments(d, actor, slug, format),
		notice: (actor: Actor | null, id: string) => noticeDownload(d, actor, id),
		templates: createGrantTemplates(d),
		paymentExport: createPaymentExport(d)
	};
}

// Issue 6, grant part: the project application with an encrypted IBAN, the grant notice PDF, payments that can
// never exceed the grant (also when posted concurrently), the round's ledger, the CSV/XLSX export and who may
// see what — on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { createGrants, type Grants } from '../../src/lib/server/app/grants.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { dataCipher, DEV_DATA_KEY, readDataKey } from '../../src/lib/server/crypto/data-key.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { event, grantApplication, grantPayment, projectGrant, proposal, proposalStatus, round } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'kiezkasse-2026-adlershof';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const cipher = dataCipher(DEV_DATA_KEY);

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const application = (extra: Record<string, string> = {}) =>
	form({
		contactName: 'Erika Beispiel',
		contactEmail: 'erika@example.org',
		contactAddress: 'Dörpfeldstraße 1\n12489 Berlin',
		organisationName: 'Waldkinder e. V.',
		accountHolder: 'Waldkinder e. V.',
		iban: IBAN,
		costPlanConfirmed: 'yes',
		declaredNotStarted: 'yes',
		declaredSubsidyFraudNotice: 'yes',
		...extra
	});

async function user(h: DbHandle, grants: { role: 'case_worker' | 'moderator' | 'district_admin'; scopeKind: string; scopeId: string }[] = []): Promise<Actor> {
	const id = randomUUID();
	await ensureUserWithPassword(h.db, { id, email: `g-${id}@example.org`, pseudonym: `G ${id.slice(0, 8)}`, passwordHash: 'x', grants }, NOW);
	return {
		userId: id,
		emailVerified: true,
		grants: grants.map((g) => ({ role: g.role, scope: g.scopeKind === 'district' ? ({ kind: 'district', id: g.scopeId } as const) : ({ kind: 'region', id: g.scopeId, districtId: '09' } as const) }))
	};
}

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.each(BACKENDS)('grants on %s', (backend) => {
	let h: DbHandle;
	let g: Grants;
	let proposer: Actor;
	let stranger: Actor;
	let worker: Actor;
	let otherDistrict: Actor;
	let kiezpatin: Actor;
	let waldfest: string;
	let spender: string;

	/** A funded Adlershof example proposal, now owned by `owner` (as if they had proposed it online). */
	async function funded(title: string, owner: Actor): Promise<string> {
		const [r] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, ROUND));
		const [p] = await h.db.select({ id: proposal.id, status: proposal.status }).from(proposal).where(and(eq(proposal.roundId, r!.id), eq(proposal.title, title)));
		expect(p!.status).toBe('approved');
		await h.db.update(proposal).set({ applicantUserId: owner.userId }).where(eq(proposal.id, p!.id));
		return p!.id;
	}

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		let clock = NOW.getTime();
		g = createGrants({ db: h.db, cipher, now: () => new Date((clock += 1000)) });
		proposer = await user(h);
		stranger = await user(h);
		worker = await user(h, [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		kiezpatin = await user(h, [{ role: 'moderator', scopeKind: 'region', scopeId: '092007' }]);
		// Staff of another district: the policy compares scopes, so the district need not exist here.
		otherDistrict = { userId: randomUUID(), emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '11' } }] };
		waldfest = await funded('Waldkinderfest', proposer);
		spender = await funded('Hundekottütenspender (Befüllung durch Sponsoren)', proposer);
	});
	afterAll(async () => {
		await h.close();
	});

	it('the demo seed has an application waiting for its notice and a grant with a first payment, bank data encrypted', async () => {
		const apps = await h.db.select().from(grantApplication);
		expect(apps).toHaveLength(2);
		for (const a of apps) {
			expect(a.ibanCipher).toMatch(/^v2\.[0-9a-f]{8}\./);
			expect(a.ibanCipher).not.toContain(a.ibanLast4!);
			expect(cipher.decrypt(a.ibanCipher!)).toMatch(/^DE\d{20}$/);
		}
		const grants = await h.db.select().from(projectGrant);
		expect(grants).toHaveLength(1);
		expect(grants[0]).toMatchObject({ amountCents: 153_000, paidCents: 76_500, paymentMode: 'reimbursement', reference: 'KK-2026-092007-001' });
		const [p] = await h.db.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, grants[0]!.proposalId));
		expect(p!.status).toBe('in_implementation');
		const again = await seedDemo(h.db, { now: NOW });
		expect(again.proposals).toBe(0);
		expect(await h.db.select().from(grantApplication)).toHaveLength(2);
	});

	it('refuses a bad IBAN at the field and keeps what was typed; then takes the good one, encrypted', async () => {
		const bad = await g.apply(proposer, waldfest, application({ iban: 'DE88 3704 0044 0532 0130 00', declaredNotStarted: '' }));
		expect(bad.kind).toBe('invalid');
		if (bad.kind !== 'invalid') return;
		expect(bad.issues).toEqual({ iban: 'grants_error_iban_checksum', declaredNotStarted: 'grants_error_declaredNotStarted_missing' });
		expect(bad.values).toMatchObject({ contactName: 'Erika Beispiel', iban: 'DE88 3704 0044 0532 0130 00', declaredSubsidyFraudNotice: true });
		expect(await h.db.select().from(grantApplication).where(eq(grantApplication.proposalId, waldfest))).toHaveLength(0);

		expect(await g.apply(proposer, waldfest, application())).toEqual({ kind: 'ok' });
		const [a] = await h.db.select().from(grantApplication).where(eq(grantApplication.proposalId, waldfest));
		expect(a).toMatchObject({ approvedCents: 18_000, contactName: 'Erika Beispiel', ibanCountry: 'DE', ibanLast4: '3000', submittedBy: proposer.userId, applicantUserId: proposer.userId });
		expect(a!.costPlan).toEqual([{ category: 'material', description: 'Gesamtkosten laut Quelle', amountCents: 18_000 }]);
		// Encrypted at rest: nothing of the account number is in the stored text, yet it decrypts.
		expect(a!.ibanCipher).not.toContain('370400440532013000');
		expect(cipher.decrypt(a!.ibanCipher!)).toBe('DE89370400440532013000');
		// …and the same IBAN encrypts differently each time (fresh nonce), so equal accounts are not visible as equal.
		expect(cipher.encrypt('DE89370400440532013000')).not.toBe(a!.ibanCipher);
		const [p] = await h.db.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, waldfest));
		expect(p!.status).toBe('applied');
		const events = await h.db.select().from(event).where(eq(event.subjectId, waldfest));
		// The seed wrote the idea's earlier history; the application adds its status change and its own event.
		expect(events.map((e) => e.type).slice(-2)).toEqual(['proposal.status_changed', 'grant.applied']);
		expect(events.at(-2)!.payload).toEqual({ from: 'approved', to: 'applied', note: null });
		expect(JSON.stringify(events)).not.toMatch(/3704|DE89/);
	});

	it('a second application (or a concurrent one) is a conflict, not a second row', async () => {
		expect(await g.apply(proposer, waldfest, application())).toEqual({ kind: 'conflict', reason: 'already_applied' });
		const results = await Promise.all([g.apply(proposer, spender, application()), g.apply(worker, spender, application({ contactName: 'Am Telefon' }))]);
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(1);
		expect(await h.db.select().from(grantApplication).where(eq(grantApplication.proposalId, spender))).toHaveLength(1);
		const statuses = await h.db.select().from(proposalStatus).where(and(eq(proposalStatus.proposalId, spender), eq(proposalStatus.status, 'applied')));
		expect(statuses).toHaveLength(1);
	});

	it('the applicant sees only the masked IBAN; others get "not found", also for guessed ids', async () => {
		const mine = await g.applicationPage(proposer, waldfest);
		expect(mine.kind).toBe('ok');
		if (mine.kind !== 'ok') return;
		expect(mine.value.viewer).toBe('applicant');
		expect(mine.value.application?.maskedIban).toBe('DE•• •••• •••• •••• 3000');
		expect(JSON.stringify(mine.value)).not.toContain('370400440532013000');
		for (const who of [stranger, otherDistrict, kiezpatin, null]) expect(await g.applicationPage(who, waldfest)).toEqual({ kind: 'not_found' });
		expect(await g.apply(stranger, spender, application())).toEqual({ kind: 'not_found' });
		expect(await g.applicationPage(proposer, 'not-a-uuid')).toEqual({ kind: 'not_found' });
		expect(await g.applicationPage(proposer, randomUUID())).toEqual({ kind: 'not_found' });
	});

	it('the case file shows the IBAN to the district case worker only, and logs each read', async () => {
		const file = await g.caseFile(worker, waldfest);
		expect(file.kind).toBe('ok');
		if (file.kind !== 'ok') return;
		expect(file.value.application?.iban).toBe('DE89370400440532013000');
		expect(file.value.may).toEqual({ apply: false, issue: true, pay: false });
		const reads = await h.db.select().from(event).where(and(eq(event.subjectId, waldfest), eq(event.type, 'grant.bank_details_read')));
		expect(reads.map((e) => e.actorId)).toEqual([worker.userId]);
		// The gate alone (used by the "on behalf" page) reads no bank details, so it logs no read.
		expect(await g.caseGate(worker, waldfest)).toEqual({ kind: 'ok' });
		expect(await g.caseGate(proposer, waldfest)).toEqual({ kind: 'forbidden' });
		expect(await g.caseGate(otherDistrict, waldfest)).toEqual({ kind: 'not_found' });
		expect(await h.db.select().from(event).where(and(eq(event.subjectId, waldfest), eq(event.type, 'grant.bank_details_read')))).toHaveLength(1);
		expect(await g.caseFile(proposer, waldfest)).toEqual({ kind: 'forbidden' });
		expect(await g.caseFile(kiezpatin, waldfest)).toEqual({ kind: 'forbidden' });
		expect(await g.caseFile(otherDistrict, waldfest)).toEqual({ kind: 'not_found' });
		expect(await g.caseFile(worker, randomUUID())).toEqual({ kind: 'not_found' });
		expect(await g.round(proposer, ROUND)).toEqual({ kind: 'forbidden' });
		expect(await g.round(otherDistrict, ROUND)).toEqual({ kind: 'not_found' });
		expect(await g.rounds(proposer)).toEqual({ kind: 'forbidden' });
		expect(await g.exportPayments(kiezpatin, ROUND, 'csv')).toEqual({ kind: 'forbidden' });
		expect(await g.exportPayments(otherDistrict, ROUND, 'xlsx')).toEqual({ kind: 'not_found' });
	});

	it('issues the grant notice as a PDF: status granted, then in implementation; only the applicant and staff download it', async () => {
		const notice = { purpose: 'Waldkinderfest im Kiez', periodStart: '2026-11-23', periodEnd: '2026-12-31', settlementDue: '2027-01-31' };
		expect(await g.issue(proposer, waldfest, form(notice))).toEqual({ kind: 'forbidden' });
		const bad = await g.issue(worker, waldfest, form({ ...notice, periodEnd: '2026-11-01', settlementDue: 'morgen' }));
		expect(bad).toMatchObject({ kind: 'invalid', issues: { periodEnd: 'grants_error_period_order', settlementDue: 'grants_error_date' }, values: { purpose: 'Waldkinderfest im Kiez' } });
		expect(await g.issue(worker, waldfest, form(notice))).toEqual({ kind: 'ok' });
		expect(await g.issue(worker, waldfest, form(notice))).toMatchObject({ kind: 'conflict' });
		const history = await h.db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, waldfest));
		expect(history.map((s) => s.status).slice(-3)).toEqual(['applied', 'granted', 'in_implementation']);
		const [row] = await h.db.select().from(projectGrant).where(eq(projectGrant.proposalId, waldfest));
		expect(row).toMatchObject({ amountCents: 18_000, paidCents: 0, reference: 'KK-2026-092007-002', paymentMode: 'reimbursement', periodEnd: '2026-12-31', settlementDue: '2027-01-31', issuedBy: worker.userId });

		const dl = await g.notice(proposer, waldfest);
		expect(dl.kind).toBe('ok');
		if (dl.kind !== 'ok') return;
		expect(Buffer.from(dl.value.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
		expect((await g.notice(worker, waldfest)).kind).toBe('ok');
		expect(await g.notice(stranger, waldfest)).toEqual({ kind: 'not_found' });
		expect(await g.notice(otherDistrict, waldfest)).toEqual({ kind: 'not_found' });

		// Open it in real readers: the text as poppler extracts it, and a rendering of page 1 to look at.
		const dir = mkdtempSync(join(tmpdir(), 'grant-notice-'));
		const file = join(dir, 'bescheid.pdf');
		writeFileSync(file, dl.value.pdf);
		const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
		for (const s of ['Zuwendungsbescheid', 'Sehr geehrte Damen und Herren',  'Material – Gesamtkosten laut Quelle', 'Bezirksamt Treptow-Köpenick von Berlin', 'KK-2026-092007-002', '180,00 €', 'Waldkinder e. V.', 'Dörpfeldstraße 1', 'Waldkinderfest im Kiez', '23.11.2026', '31.12.2026', '31.01.2027', 'Erstattungsprinzip', '§ 264 Strafgesetzbuch', 'DE•• •••• •••• •••• 3000']) expect(text).toContain(s);
		expect(text).not.toContain('370400440532013000');
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
		const png = readFileSync(join(dir, 'page-1.png'));
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		if (process.env.GRANTS_KEEP_PDF) writeFileSync(process.env.GRANTS_KEEP_PDF, dl.value.pdf);
	});

	it('never pays more than granted — not even with concurrent posts', async () => {
		// The dog-bag dispenser: apply (done above), notice, then ten parallel payments of 100 € on 440 €.
		expect(await g.issue(worker, spender, form({ purpose: 'Spender', periodStart: '2026-11-23', periodEnd: '2026-12-31', settlementDue: '2027-01-31' }))).toEqual({ kind: 'ok' });
		const over = await g.pay(worker, spender, form({ paidOn: '2026-11-23', amount: '440,01', reference: 'KZ 1' }));
		expect(over).toMatchObject({ kind: 'invalid', issues: { amount: 'grants_error_amount_exceeds' }, values: { amount: '440,01', reference: 'KZ 1' } });
		expect(await g.pay(proposer, spender, form({ paidOn: '2026-11-23', amount: '1', reference: 'x' }))).toEqual({ kind: 'forbidden' });
		const results = await Promise.all(Array.from({ length: 10 }, (_, i) => g.pay(worker, spender, form({ paidOn: '2026-11-23', amount: '100,00', reference: `KZ ${i}` }))));
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(4);
		expect(results.filter((r) => r.kind === 'invalid')).toHaveLength(6);
		const [row] = await h.db.select().from(projectGrant).where(eq(projectGrant.proposalId, spender));
		expect(row!.paidCents).toBe(40_000);
		const sum = rowsOf<{ s: number }>(await h.db.execute(sql`SELECT coalesce(sum(amount_cents), 0)::int AS s FROM grant_payment WHERE grant_id = ${row!.id}`));
		expect(sum[0]!.s).toBe(40_000);
		expect(await g.pay(worker, spender, form({ paidOn: '2026-11-24', amount: '40', reference: 'Rest' }))).toEqual({ kind: 'ok' });
		const file = await g.caseFile(worker, spender);
		expect(file.kind === 'ok' && file.value.may.pay).toBe(false);
		// The database itself refuses to overpay, whatever code path tries it.
		await expect(h.db.update(projectGrant).set({ paidCents: 44_001 }).where(eq(projectGrant.id, row!.id))).rejects.toThrow();
		const events = await h.db.select().from(event).where(and(eq(event.subjectId, spender), eq(event.type, 'grant.payment_recorded')));
		expect(events).toHaveLength(5);
	});

	it('shows the round ledger from the core ledger: budget, committed, paid, remaining', async () => {
		const r = await g.round(worker, ROUND);
		expect(r.kind).toBe('ok');
		if (r.kind !== 'ok') return;
		// Adlershof 7,400 €; granted: seeded 1,530 € (765 € paid), Waldkinderfest 180 €, dispenser 440 € (paid in full).
		expect(r.value.ledger).toEqual({ ok: true, budget: 740_000, committed: 215_000, paid: 120_500, settled: 0, refunded: 0, remaining: 525_000, outstanding: 120_500 });
		const byTitle = new Map(r.value.cases.map((c) => [c.title, c]));
		expect(byTitle.get('Waldkinderfest')).toMatchObject({ status: 'in_implementation', approvedCents: 18_000, amountCents: 18_000, paidCents: 0, applicant: 'Waldkinder e. V.' });
		expect(byTitle.get('Bühnenprogramm Adlershofer Herbstfest')).toMatchObject({ status: 'applied', amountCents: null });
		expect(r.value.cases.every((c) => ['approved', 'applied', 'granted', 'in_implementation', 'settled', 'closed'].includes(c.status))).toBe(true);
	});

	it('exports the payment list as CSV and XLSX that read back, formula-safe, and logs the export', async () => {
		await g.pay(worker, waldfest, form({ paidOn: '2026-11-23', amount: '50', reference: '=HYPERLINK("http://x")' }));
		const csv = await g.exportPayments(worker, ROUND, 'csv');
		expect(csv.kind).toBe('ok');
		if (csv.kind !== 'ok') return;
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.value.body);
		expect(text.startsWith('\ufeffZahlungsdatum;Betrag (EUR);Buchungsreferenz')).toBe(true);
		const lines = text.trim().split('\r\n');
		expect(lines).toHaveLength(1 + 7); // seeded payment, five for the dispenser, one for the Waldkinderfest
		expect(lines.find((l) => l.includes('Waldkinderfest'))).toBe(`2026-11-23;50,00;"'=HYPERLINK(""http://x"")";KK-2026-092007-002;Waldkinderfest;Waldkinder e. V.;Erstattung;180,00`);
		expect(text).not.toMatch(/DE89|3704/);

		const x = await g.exportPayments(worker, ROUND, 'xlsx');
		expect(x.kind).toBe('ok');
		if (x.kind !== 'ok') return;
		const { default: ExcelJS } = await import('exceljs');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(x.value.body.buffer.slice(x.value.body.byteOffset, x.value.body.byteOffset + x.value.body.byteLength) as ArrayBuffer);
		const sheet = wb.getWorksheet('Zahlungen')!;
		expect(sheet.getRow(1).getCell(1).value).toBe('Zahlungsdatum');
		expect(sheet.rowCount).toBe(1 + 7 + 1);
		const amounts: number[] = [];
		for (let i = 2; i <= 8; i++) amounts.push(sheet.getRow(i).getCell(2).value as number);
		expect(amounts.reduce((s, a) => s + a, 0)).toBeCloseTo(765 + 440 + 50, 2);
		expect(sheet.getRow(9).getCell(1).value).toBe('Summe');
		expect(sheet.getRow(9).getCell(2).value).toBeCloseTo(1255, 2);
		const waldRow = [2, 3, 4, 5, 6, 7, 8].map((i) => sheet.getRow(i)).find((r) => r.getCell(5).value === 'Waldkinderfest')!;
		expect(waldRow.getCell(3).value).toBe(`'=HYPERLINK("http://x")`);
		expect(waldRow.getCell(1).value).toEqual(new Date('2026-11-23T00:00:00Z'));
		const logged = await h.db.select().from(event).where(eq(event.type, 'grant.payments_exported'));
		expect(logged.map((e) => (e.payload as { format: string }).format)).toEqual(['csv', 'xlsx']);
	});

	it('a case worker can apply on behalf of the proposer', async () => {
		const id = await funded('Bühnenprogramm Adlershofer Herbstfest', proposer).catch(() => null);
		// The seeded one is already applied; take another funded example instead.
		expect(id).toBeNull();
		const [r] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, ROUND));
		// A funded idea nobody has applied for yet (other areas' demo data use some of the approved ones).
		const [p] = await h.db
			.select({ id: proposal.id })
			.from(proposal)
			.leftJoin(grantApplication, eq(grantApplication.proposalId, proposal.id))
			.where(and(eq(proposal.roundId, r!.id), eq(proposal.status, 'approved'), isNull(grantApplication.id), sql`${proposal.requestedCents} > 0`))
			.orderBy(proposal.title)
			.limit(1);
		expect(await g.apply(worker, p!.id, application({ contactName: 'Per Telefon' }))).toEqual({ kind: 'ok' });
		const [a] = await h.db.select().from(grantApplication).where(eq(grantApplication.proposalId, p!.id));
		expect(a).toMatchObject({ submittedBy: worker.userId, contactName: 'Per Telefon' });
		const [e] = await h.db.select().from(event).where(and(eq(event.subjectId, p!.id), eq(event.type, 'grant.applied')));
		expect((e!.payload as { onBehalf: boolean }).onBehalf).toBe(true);
		expect((await g.applicationPage(worker, p!.id)).kind).toBe('ok');
	});
});

describe('the data key', () => {
	it('refuses to start in production without a key, or with a key of the wrong size', () => {
		expect(() => readDataKey(undefined, true)).toThrow(/KIEZBUDGET_DATA_KEY/);
		expect(() => readDataKey(Buffer.alloc(16).toString('base64'), false)).toThrow(/32 bytes/);
		expect(() => readConfig({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(40) })).toThrow(/KIEZBUDGET_DATA_KEY/);
		const key = Buffer.alloc(32, 7);
		expect(readConfig({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(40), KIEZBUDGET_DATA_KEY: key.toString('base64') }).dataKey).toEqual(key);
		expect(readDataKey(undefined, false)).toEqual(DEV_DATA_KEY);
	});
	it('detects tampering and the wrong key (AES-GCM tag)', () => {
		const sealed = cipher.encrypt('DE89370400440532013000');
		const [, kid, body] = sealed.split('.');
		const raw = Buffer.from(body!, 'base64');
		raw[raw.length - 1]! ^= 1;
		expect(() => cipher.decrypt(`v2.${kid}.${raw.toString('base64')}`)).toThrow();
		expect(() => dataCipher(Buffer.alloc(32, 1)).decrypt(sealed)).toThrow();
		expect(() => cipher.decrypt('v0.abc')).toThrow(/version/);
	});
});

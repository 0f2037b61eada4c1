// Issue 6, part 2: implementation updates, settlement with receipts checked one by one, messages with mail
// notices, public accounts with CSV/XLSX, reminders and retention — on PGlite and (with TEST_DATABASE_URL)
// PostgreSQL. Access: an applicant never sees another's receipts or messages; guessed ids answer not found.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { accountsCsv, accountsXlsx, createSettlement, publicAccounts, type SettlementService } from '../../src/lib/server/app/settlement.ts';
import { demoReceiptPdf } from '../../src/lib/server/app/seed-settlement.ts';
import { roundGrants } from '../../src/lib/server/app/grants.ts';
import { dataCipher, DEV_DATA_KEY } from '../../src/lib/server/crypto/data-key.ts';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { event, grantApplication, outbox, projectGrant, proposal, round, settlement, settlementFile, user } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'kiezkasse-2026-adlershof';

function form(fields: Record<string, string | File>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const pdfFile = (name = 'rechnung.pdf', text = 'Rechnung') => new File([demoReceiptPdf(text) as Uint8Array<ArrayBuffer>], name, { type: 'application/pdf' });
const receipt = (extra: Record<string, string | File> = {}) => form({ date: '2026-06-01', amount: '120,00', category: 'material', description: 'Holz', file: pdfFile(), ...extra });

async function staff(h: DbHandle, role: 'case_worker' | 'moderator', scopeKind: 'district' | 'region', scopeId: string): Promise<Actor & { email: string }> {
	const id = randomUUID();
	const email = `s-${id}@example.org`;
	await ensureUserWithPassword(h.db, { id, email, pseudonym: `S ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role, scopeKind, scopeId }] }, NOW);
	return { userId: id, emailVerified: true, grants: [{ role, scope: scopeKind === 'district' ? { kind: 'district', id: scopeId } : { kind: 'region', id: scopeId, districtId: '09' } }], email };
}
async function resident(h: DbHandle): Promise<Actor & { email: string }> {
	const id = randomUUID();
	const email = `r-${id}@example.org`;
	await ensureUserWithPassword(h.db, { id, email, pseudonym: `R ${id.slice(0, 8)}`, passwordHash: 'x', grants: [] }, NOW);
	return { userId: id, emailVerified: true, grants: [], email };
}

describe.each(BACKENDS)('settlement on %s', (backend) => {
	let h: DbHandle;
	let svc: SettlementService;
	let clock = NOW;
	let applicant: Actor;
	let other: Actor & { email: string };
	let worker: Actor & { email: string };
	let foreignWorker: Actor;
	let kiezpatin: Actor;
	let projectId: string;
	const byTitle = async (title: string) => (await h.db.select({ id: proposal.id }).from(proposal).innerJoin(round, eq(round.id, proposal.roundId)).where(and(eq(round.slug, ROUND), eq(proposal.title, title))))[0]!.id;

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		// Each use of the clock moves it on a second, as real requests would.
		svc = createSettlement({ db: h.db, origin: 'http://kb.test', now: () => (clock = new Date(clock.getTime() + 1000)) });
		const [u] = await h.db.select({ id: user.id }).from(user).where(eq(user.email, DEMO_LOGINS[0]!.email));
		applicant = { userId: u!.id, emailVerified: true, grants: [] };
		other = await resident(h);
		worker = await staff(h, 'case_worker', 'district', '09');
		foreignWorker = await staff(h, 'case_worker', 'district', '11');
		kiezpatin = await staff(h, 'moderator', 'region', '091001');
		projectId = await byTitle('Gedenktafel auf dem Waldfriedhof');
	});
	afterAll(async () => {
		await h?.close();
	});

	it('seeds a closed and a running demo settlement, idempotently', async () => {
		expect(await h.db.select().from(settlement)).toHaveLength(2);
		await seedDemo(h.db, { now: NOW });
		expect(await h.db.select().from(settlement)).toHaveLength(2);
	});

	it('publishes the accounts of a Kiezkasse: budget, committed, paid, settled, refunded, remaining — no personal data', async () => {
		const a = (await publicAccounts(h.db, { district: '', roundSlug: ROUND }))!;
		expect(a.accounts).toHaveLength(1);
		const acc = a.accounts[0]!;
		expect(acc.problem).toBeNull();
		expect(acc.budget).toBe(740_000);
		const pav = a.projects.find((p) => p.title.startsWith('Zwei Pavillons'))!;
		expect(pav).toMatchObject({ status: 'closed', grantedCents: 23_800, paidCents: 23_800, settledCents: 22_490, refundedCents: 1_310 });
		expect(acc.committed).toBe(a.projects.reduce((s, p) => s + p.grantedCents, 0));
		expect(acc.remaining).toBe(acc.budget - acc.committed);
		expect(acc.settled + acc.refunded).toBeLessThanOrEqual(acc.paid);
		const csv = accountsCsv(a);
		expect(csv).toContain('Zwei Pavillons für Außenveranstaltungen des Kiezklubs,closed,238.00,238.00,224.90,13.10');
		expect(csv).not.toMatch(/@|anwohnerin|Kiezfreundin/);
		// The XLSX opens in a real reader (exceljs) with the same numbers.
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await accountsXlsx(a)).buffer as ArrayBuffer);
		const sheet = wb.getWorksheet('Projekte')!;
		const rows: unknown[][] = [];
		sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
		expect(rows.find((r) => String(r[1]).startsWith('Zwei Pavillons'))).toEqual([expect.stringContaining('Adlershof'), 'Zwei Pavillons für Außenveranstaltungen des Kiezklubs', 'closed', 238, 238, 224.9, 13.1]);
		expect(wb.getWorksheet('Jahresrechnung')!.getRow(2).getCell(3).value).toBe(7400);
		// The district overview of the year lists every round; unknown ones are not found.
		const d = (await publicAccounts(h.db, { district: 'treptow-koepenick', year: 2026 }))!;
		expect(d.accounts.length).toBeGreaterThanOrEqual(20);
		expect(d.total.budget).toBe(d.accounts.reduce((s, x) => s + x.budget, 0));
		expect(await publicAccounts(h.db, { district: '', roundSlug: 'nope' })).toBeNull();
		expect(await publicAccounts(h.db, { district: 'nowhere' })).toBeNull();
	});

	it('carries a funded project from opening to a closed settlement, with one receipt rejected and uploaded again', async () => {
		// Only staff of the district open it; others (and the applicant) are told "not found".
		const openForm = form({ granted: '300', paid: '300', deadline: '2026-12-15' });
		expect((await svc.open(foreignWorker, projectId, openForm)).kind).toBe('not_found');
		expect((await svc.open(kiezpatin, projectId, openForm)).kind).toBe('not_found');
		expect((await svc.open(applicant, projectId, openForm)).kind).toBe('not_found');
		expect(await svc.open(worker, projectId, form({ granted: '300', paid: '400', deadline: '2026-12-15' }))).toMatchObject({ kind: 'invalid', issues: { paid: 'settlement_error_paid_above_grant' } });
		const opened = await Promise.all([svc.open(worker, projectId, openForm), svc.open(worker, projectId, openForm)]);
		expect(opened.map((r) => r.kind).sort()).toEqual(['conflict', 'ok']);
		expect((await h.db.select({ s: proposal.status }).from(proposal).where(eq(proposal.id, projectId)))[0]!.s).toBe('in_implementation');

		// Receipts: a good one, one with an excluded category (flagged), and upload abuse refused cleanly.
		const r1 = await svc.addReceipt(applicant, projectId, receipt({ file: pdfFile('<img src=x onerror=alert(1)>.pdf') }));
		expect(r1.kind).toBe('ok');
		const r2 = await svc.addReceipt(applicant, projectId, receipt({ amount: '60', category: 'catering', description: 'Getränke' }));
		expect(r2.kind).toBe('ok');
		const html = new File(['<html><script>alert(1)</script></html>'], 'beleg.pdf', { type: 'application/pdf' });
		expect(await svc.addReceipt(applicant, projectId, receipt({ file: html }))).toMatchObject({ kind: 'invalid', issues: { file: 'settlement_error_file_type' } });
		const big = new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25)], 'gross.pdf');
		expect(await svc.addReceipt(applicant, projectId, receipt({ file: big }))).toMatchObject({ kind: 'invalid', issues: { file: 'settlement_error_file_too_large' } });
		const bomb = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Pages /Count 99999999 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
		expect(await svc.addReceipt(applicant, projectId, receipt({ file: new File([bomb], 'bomb.pdf') }))).toMatchObject({ kind: 'invalid', issues: { file: 'settlement_error_pdf_unsafe' } });
		expect(await svc.addReceipt(applicant, projectId, receipt({ date: '2025-01-01', amount: 'x' }))).toMatchObject({ kind: 'invalid', issues: { date: 'settlement_error_date_outside', amount: 'settlement_error_amount_invalid' }, values: { amount: 'x' } });
		let v = (await svc.mine(applicant, projectId))!;
		expect(v.receipts.map((r) => r.fileName)).toEqual(['img src_x onerror_alert_1_.pdf', 'rechnung.pdf']);
		expect(v.receipts[1]!.excluded).toBe(true);
		expect(v.settlement!.statement).toMatchObject({ claimedCents: 18_000, pendingCents: 18_000, excludedCount: 1 });

		// Another resident sees nothing of it: no page, no file, no posting.
		expect(await svc.mine(other, projectId)).toBeNull();
		expect(await svc.file(other, projectId, (r1 as { value: { fileId: string } }).value.fileId)).toBeNull();
		expect((await svc.addReceipt(other, projectId, receipt())).kind).toBe('not_found');
		expect((await svc.applicantMessage(other, projectId, form({ body: 'Hallo' }))).kind).toBe('not_found');
		expect(await svc.file(applicant, projectId, randomUUID())).toBeNull();
		expect(await svc.mine(applicant, randomUUID())).toBeNull();
		expect(await svc.mine(applicant, 'not-a-uuid')).toBeNull();
		expect(await svc.staffView(foreignWorker, projectId)).toBeNull();
		expect(await svc.staffView(kiezpatin, projectId)).toBeNull();
		expect((await svc.file(applicant, projectId, (r1 as { value: { fileId: string } }).value.fileId))!.mime).toBe('application/pdf');

		// The case worker accepts the first, rejects the catering receipt with a reason.
		const [f1, f2] = [(r1 as { value: { fileId: string } }).value.fileId, (r2 as { value: { fileId: string } }).value.fileId];
		expect(await svc.check(worker, projectId, form({ file: f2, decision: 'rejected', [`reason-${f2}`]: '' }))).toMatchObject({ kind: 'invalid' });
		expect((await svc.check(foreignWorker, projectId, form({ file: f1, decision: 'accepted' }))).kind).toBe('not_found');
		expect((await svc.check(worker, projectId, form({ file: f1, decision: 'accepted' }))).kind).toBe('ok');
		expect(await svc.check(worker, projectId, form({ file: f1, decision: 'rejected', reason: 'doch nicht' }))).toEqual({ kind: 'conflict', reason: 'not_pending' });
		expect((await svc.check(worker, projectId, form({ file: f2, decision: 'rejected', [`reason-${f2}`]: 'Verpflegung wird nicht gefördert.' }))).kind).toBe('ok');

		// Handing in needs the report; then the applicant replaces the rejected receipt (once only).
		expect(await svc.submit(applicant, projectId)).toMatchObject({ kind: 'invalid', issues: { report: 'settlement_error_report_missing' } });
		expect((await svc.saveReport(applicant, projectId, form({ report: 'Die Gedenktafel hängt seit Oktober.' }))).kind).toBe('ok');
		expect((await svc.submit(applicant, projectId)).kind).toBe('ok');
		expect(await svc.addReceipt(applicant, projectId, receipt({ replaces: f1 }))).toEqual({ kind: 'conflict', reason: 'not_replaceable' });
		const again = await Promise.all([
			svc.addReceipt(applicant, projectId, receipt({ amount: '95,50', replaces: f2, file: pdfFile('neu.pdf') })),
			svc.addReceipt(applicant, projectId, receipt({ amount: '95,50', replaces: f2, file: pdfFile('neu2.pdf') }))
		]);
		expect(again.map((r) => r.kind).sort()).toEqual(['conflict', 'ok']);
		const f3 = (again.find((r) => r.kind === 'ok') as { value: { fileId: string } }).value.fileId;

		// Messages both ways, each with a mail notice through the outbox (no message text in the mail).
		const before = (await h.db.select().from(outbox)).length;
		expect((await svc.staffMessage(worker, projectId, form({ body: 'Bitte ein Foto der Tafel nachreichen.' }))).kind).toBe('ok');
		expect((await svc.applicantMessage(applicant, projectId, form({ body: 'Foto kommt morgen.' }))).kind).toBe('ok');
		expect(await svc.applicantMessage(applicant, projectId, form({ body: '  ' }))).toMatchObject({ kind: 'invalid', issues: { body: 'settlement_error_message_missing' } });
		const mails = (await h.db.select().from(outbox)).slice(before).map((o) => o.payload as { to: string; subject: string; text: string });
		expect(mails.map((m) => m.to)).toEqual([DEMO_LOGINS[0]!.email, worker.email]);
		expect(mails.every((m) => !m.text.includes('Foto kommt') && !m.text.includes('nachreichen'))).toBe(true);
		expect((await svc.mine(applicant, projectId))!.messages.map((m) => m.fromStaff)).toEqual([true, false]);

		// Closing waits for the pending receipt; then settled + refunded = paid.
		expect(await svc.close(worker, projectId)).toEqual({ kind: 'conflict', reason: 'receipts_pending' });
		expect((await svc.check(worker, projectId, form({ file: f3, decision: 'accepted' }))).kind).toBe('ok');
		expect((await svc.close(foreignWorker, projectId)).kind).toBe('not_found');
		expect(await svc.close(worker, projectId)).toEqual({ kind: 'ok', value: { refundCents: 30_000 - 12_000 - 9_550 } });
		expect((await svc.close(worker, projectId)).kind).toBe('conflict');
		v = (await svc.mine(applicant, projectId))!;
		expect(v.project.status).toBe('closed');
		expect(v.settlement!.statement).toMatchObject({ paidCents: 30_000, provenCents: 21_550, refundCents: 8_450, pendingCents: 0 });
		expect((await svc.addReceipt(applicant, projectId, receipt())).kind).toBe('conflict');
		const types = (await h.db.select({ t: event.type }).from(event).where(eq(event.subjectId, projectId))).map((e) => e.t);
		expect(types).toEqual(expect.arrayContaining(['settlement.opened', 'settlement.receipt_added', 'settlement.receipt_checked', 'settlement.submitted', 'settlement.message_sent', 'settlement.closed']));
		const a = (await publicAccounts(h.db, { district: '', roundSlug: ROUND }))!;
		expect(a.projects.find((p) => p.id === projectId)).toMatchObject({ grantedCents: 30_000, paidCents: 30_000, settledCents: 21_550, refundedCents: 8_450, status: 'closed' });
		expect(a.accounts[0]!.problem).toBeNull();
	});

	it('publishes progress updates with re-encoded photos only after moderation', async () => {
		const running = await byTitle('Zwei Hochbeete für eine Kita');
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 120, b: 40 } } })
			.withExif({ IFD0: { Artist: 'Geheim' } })
			.png()
			.toBuffer();
		expect(await svc.postProgress(applicant, running, form({ progress: 'Die Beete sind gebaut.', photo: new File([png], 'foto.png'), alt: '' }))).toMatchObject({ kind: 'invalid', issues: { alt: 'settlement_error_alt' } });
		expect((await svc.postProgress(other, running, form({ progress: 'Fremd' }))).kind).toBe('not_found');
		expect((await svc.postProgress(applicant, running, form({ progress: 'Die Beete sind gebaut.', photo: new File([png], 'foto.png'), alt: 'Zwei Hochbeete aus Holz' }))).kind).toBe('ok');
		expect(await svc.publicProgress(running)).toEqual([]);
		const queue = await svc.progressQueue(worker);
		const item = queue.find((q) => q.proposalId === running)!;
		expect(item.photos).toHaveLength(1);
		const photo = await svc.progressPhoto(null, running, item.photos[0]!.id);
		expect(photo).toBeNull();
		expect((await svc.progressQueue(kiezpatin)).some((q) => q.proposalId === running)).toBe(false);
		expect((await svc.moderateProgress(kiezpatin, form({ update: item.id, decision: 'published' }))).kind).toBe('not_found');
		expect((await svc.moderateProgress(worker, form({ update: item.id, decision: 'published' }))).kind).toBe('ok');
		const pub = await svc.publicProgress(running);
		expect(pub).toHaveLength(1);
		const bytes = (await svc.progressPhoto(null, running, item.photos[0]!.id))!.bytes;
		expect((await sharp(bytes).metadata()).exif).toBeUndefined();
	});

	it('takes amount and payments from the grant notice when there is one, and erases the application\'s bank data with retention', async () => {
		const id = await byTitle('Digitalisierung von ca. 1000 historischen Ortsfotos');
		const [r] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, ROUND));
		const [app] = await h.db
			.insert(grantApplication)
			.values({ proposalId: id, roundId: r!.id, applicantUserId: applicant.userId, contactName: 'Erika Muster', contactEmail: 'erika@example.org', accountHolder: 'Erika Muster', ibanCipher: 'v1.ciphertext', ibanCountry: 'DE', ibanLast4: '3000', approvedCents: 27_700, costPlan: [], declaredNotStarted: true, declaredSubsidyFraudNotice: true, submittedAt: NOW })
			.returning({ id: grantApplication.id });
		await h.db.insert(projectGrant).values({ proposalId: id, applicationId: app!.id, roundId: r!.id, reference: 'KK-2026-ADL-T1', amountCents: 27_700, paidCents: 27_700, purpose: 'Fotos', periodStart: '2026-06-01', periodEnd: '2026-11-30', settlementDue: '2026-12-31', paymentMode: 'advance', conditions: [], noticePdf: new Uint8Array([1]), noticeSha256: 'x', issuedAt: NOW });
		await h.db.update(proposal).set({ status: 'in_implementation' }).where(eq(proposal.id, id));
		expect((await svc.staffView(worker, id))!.openDefaults).toEqual({ granted: '277,00', paid: '277,00', deadline: '2026-12-31' });
		// Amounts typed into the form do not count: the notice's do.
		expect((await svc.open(worker, id, form({ granted: '9999', paid: '0', deadline: '' }))).kind).toBe('ok');
		expect((await svc.recordPaid(worker, id, form({ paid: '1' }))).kind).toBe('conflict');
		const up = await svc.addReceipt(applicant, id, receipt({ amount: '250' }));
		expect(up.kind).toBe('ok');
		expect((await svc.check(worker, id, form({ file: (up as { value: { fileId: string } }).value.fileId, decision: 'accepted' }))).kind).toBe('ok');
		await svc.saveReport(applicant, id, form({ report: 'Alle Fotos sind digital.' }));
		expect((await svc.submit(applicant, id)).kind).toBe('ok');
		expect(await svc.close(worker, id)).toEqual({ kind: 'ok', value: { refundCents: 2_700 } });
		const a = (await publicAccounts(h.db, { district: '', roundSlug: ROUND }))!;
		expect(a.projects.find((p) => p.id === id)).toMatchObject({ grantedCents: 27_700, paidCents: 27_700, settledCents: 25_000, refundedCents: 2_700 });
		expect(a.accounts[0]!.problem).toBeNull();
		// The case workers' round ledger (grants part) books the closed settlement too: settled + refunded = paid.
		const staff = await roundGrants({ db: h.db, cipher: dataCipher(DEV_DATA_KEY), now: () => clock }, worker, ROUND);
		expect(staff.kind === 'ok' && staff.value.ledger).toMatchObject({ ok: true, settled: 25_000, refunded: 2_700 });
	});

	it('reminds once before the deadline and the year end, lists overdue settlements, and applies retention with an audit entry', async () => {
		const running = await byTitle('Zwei Hochbeete für eine Kita');
		clock = new Date('2026-12-05T08:00:00Z');
		const first = await svc.sendReminders();
		expect(first.sent).toBeGreaterThanOrEqual(2);
		expect(await svc.sendReminders()).toEqual({ sent: 0, skipped: 0 });
		const mails = (await h.db.select().from(outbox)).map((o) => o.payload as { to: string; subject: string });
		expect(mails.filter((m) => m.to === DEMO_LOGINS[0]!.email && /fällig|Haushaltsjahr/.test(m.subject)).length).toBeGreaterThanOrEqual(2);
		clock = new Date('2026-12-16T08:00:00Z');
		expect((await svc.sendReminders()).sent).toBeGreaterThanOrEqual(1);
		const list = (await svc.staffList(worker))!;
		expect(list.overdue.map((r) => r.proposalId)).toContain(running);
		expect((await svc.staffList(kiezpatin))!.rows).toEqual([]);

		// Contact data 180 days after closing, receipt files after five years; the numbers stay public.
		await h.db.update(proposal).set({ contactEmail: 'kontakt@example.org' }).where(eq(proposal.id, projectId));
		clock = new Date('2027-06-30T00:00:00Z');
		expect(await svc.runRetention()).toMatchObject({ contact: 3, receiptFiles: 0 });
		// The application of the grant-notice case above (closed); the seeded grants' applications stay, they are not closed.
		const [ga] = await h.db.select().from(grantApplication).where(eq(grantApplication.proposalId, await byTitle('Digitalisierung von ca. 1000 historischen Ortsfotos')));
		expect(ga).toMatchObject({ contactName: null, contactEmail: null, accountHolder: null, ibanCipher: null, ibanLast4: null });
		expect(ga!.personalDataErasedAt).not.toBeNull();
		expect((await h.db.select({ c: proposal.contactEmail }).from(proposal).where(eq(proposal.id, projectId)))[0]!.c).toBeNull();
		clock = new Date('2032-01-01T00:00:00Z');
		const r = await svc.runRetention();
		expect(r.receiptFiles).toBeGreaterThanOrEqual(5);
		expect(await svc.runRetention()).toEqual({ contact: 0, receiptFiles: 0, settlements: 0 });
		const [s] = await h.db.select().from(settlement).where(eq(settlement.proposalId, projectId));
		expect((await h.db.select().from(settlementFile).where(eq(settlementFile.settlementId, s!.id))).every((f) => f.bytes === null)).toBe(true);
		expect((await h.db.select().from(event).where(eq(event.type, 'settlement.retention_applied'))).length).toBeGreaterThanOrEqual(4);
		const a = (await publicAccounts(h.db, { district: '', roundSlug: ROUND }))!;
		expect(a.projects.find((p) => p.id === projectId)).toMatchObject({ settledCents: 21_550, refundedCents: 8_450 });
		expect((await svc.mine(applicant, projectId))!.receipts.every((x) => x.erased)).toBe(true);
	});
});

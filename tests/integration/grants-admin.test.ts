// Issue 6, grants: the versioned notice template (a notice keeps the version it was issued with), the
// applicant's mails on notice and payment (also after a newsletter opt-out, never with the IBAN), the
// district-wide cashier export with the full IBAN (audited, formula-safe) and the data key rotation — on
// PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { createGrants, type Grants } from '../../src/lib/server/app/grants.ts';
import { rotateDataKey } from '../../src/lib/server/app/key-rotation.ts';
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { dataCipher, DEV_DATA_KEY, keyIdOf } from '../../src/lib/server/crypto/data-key.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { event, grantApplication, grantNoticeTemplateVersion, mailOptOut, outbox, projectGrant, proposal, round } from '../../src/lib/server/db/schema/index.ts';
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
		contactEmail: 'erika.grant@example.org',
		contactAddress: 'Dörpfeldstraße 1\n12489 Berlin',
		organisationName: 'Waldkinder e. V.',
		accountHolder: 'Waldkinder e. V.',
		iban: IBAN,
		costPlanConfirmed: 'yes',
		declaredNotStarted: 'yes',
		declaredSubsidyFraudNotice: 'yes',
		...extra
	});
const template = (extra: Record<string, string> = {}) =>
	form({
		authorityName: 'Bezirksamt Treptow-Köpenick von Berlin',
		authorityUnit: 'SPK – Kiezkasse',
		authorityAddress: 'Rathaus Köpenick\nAlt-Köpenick 21\n12555 Berlin',
		contact: 'kiezkasse@ba-tk.berlin.de',
		sender: 'BA Treptow-Köpenick · Alt-Köpenick 21 · 12555 Berlin',
		legalRemedy: 'Fassung eins: Gegen diesen Bescheid kann innerhalb eines Monats Widerspruch erhoben werden.',
		signature: 'Im Auftrag\nErika Sachbearbeiterin',
		conditions: 'Erste Bedingung\nZweite Bedingung',
		settlementDays: '30',
		...extra
	});

async function user(h: DbHandle, grants: { role: 'case_worker' | 'moderator' | 'district_admin'; scopeKind: string; scopeId: string }[] = []): Promise<Actor> {
	const id = randomUUID();
	await ensureUserWithPassword(h.db, { id, email: `ga-${id}@example.org`, pseudonym: `GA ${id.slice(0, 8)}`, passwordHash: 'x', grants }, NOW);
	return {
		userId: id,
		emailVerified: true,
		grants: grants.map((g) => ({ role: g.role, scope: g.scopeKind === 'district' ? ({ kind: 'district', id: g.scopeId } as const) : ({ kind: 'region', id: g.scopeId, districtId: '09' } as const) }))
	};
}

function pdfText(pdf: Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'grant-tpl-'));
	const file = join(dir, 'n.pdf');
	writeFileSync(file, pdf);
	return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe.each(BACKENDS)('grant administration on %s', (backend) => {
	let h: DbHandle;
	let g: Grants;
	let proposer: Actor;
	let worker: Actor;
	let regionWorker: Actor;
	let kiezpatin: Actor;
	let otherDistrict: Actor;
	let waldfest: string;
	let programmeId: string;

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		let clock = NOW.getTime();
		g = createGrants({ db: h.db, cipher, now: () => new Date((clock += 1000)), origin: 'https://kiez.example' });
		proposer = await user(h);
		worker = await user(h, [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		regionWorker = await user(h, [{ role: 'case_worker', scopeKind: 'region', scopeId: '092007' }]);
		kiezpatin = await user(h, [{ role: 'moderator', scopeKind: 'region', scopeId: '092007' }]);
		otherDistrict = { userId: randomUUID(), emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '11' } }] };
		const [r] = await h.db.select({ id: round.id, programmeId: round.programmeId }).from(round).where(eq(round.slug, ROUND));
		programmeId = r!.programmeId;
		const [p] = await h.db.select({ id: proposal.id }).from(proposal).where(and(eq(proposal.roundId, r!.id), eq(proposal.title, 'Waldkinderfest')));
		waldfest = p!.id;
		await h.db.update(proposal).set({ applicantUserId: proposer.userId }).where(eq(proposal.id, waldfest));
		expect(await g.apply(proposer, waldfest, application())).toEqual({ kind: 'ok' });
	});
	afterAll(async () => {
		await h.close();
	});

	it('only district-wide office staff edit a template; others are refused or see nothing', async () => {
		const list = await g.templates.programmes(worker);
		expect(list.kind).toBe('ok');
		if (list.kind === 'ok') expect(list.value.map((p) => p.id)).toContain(programmeId);
		expect(await g.templates.programmes(regionWorker)).toEqual({ kind: 'ok', value: [] });
		expect(await g.templates.programmes(kiezpatin)).toEqual({ kind: 'forbidden' });
		expect(await g.templates.programmes(proposer)).toEqual({ kind: 'forbidden' });
		expect(await g.templates.page(regionWorker, programmeId)).toEqual({ kind: 'not_found' });
		expect(await g.templates.page(otherDistrict, programmeId)).toEqual({ kind: 'not_found' });
		expect(await g.templates.page(kiezpatin, programmeId)).toEqual({ kind: 'forbidden' });
		expect(await g.templates.save(regionWorker, programmeId, template())).toEqual({ kind: 'not_found' });
		expect(await g.templates.preview(otherDistrict, programmeId, null)).toEqual({ kind: 'not_found' });
		expect(await g.templates.page(worker, 'not-a-uuid')).toEqual({ kind: 'not_found' });
		expect(await g.templates.page(worker, randomUUID())).toEqual({ kind: 'not_found' });
		const first = await g.templates.page(worker, programmeId);
		expect(first.kind).toBe('ok');
		if (first.kind === 'ok') {
			expect(first.value.current.version).toBeNull();
			expect(first.value.current.values.authorityName).toBe('Bezirksamt Treptow-Köpenick von Berlin');
			expect(first.value.versions).toEqual([]);
		}
	});

	it('each save is a new version; bad input names the field and keeps the text; a stale save is a conflict', async () => {
		const bad = await g.templates.save(worker, programmeId, template({ legalRemedy: 'kurz', sender: 'a\nb', settlementDays: '999' }));
		expect(bad).toMatchObject({
			kind: 'invalid',
			issues: { legalRemedy: 'grants_tpl_error_legalRemedy_short', sender: 'grants_tpl_error_one_line', settlementDays: 'grants_tpl_error_settlementDays_range' },
			values: { authorityUnit: 'SPK – Kiezkasse', legalRemedy: 'kurz' }
		});
		expect(await h.db.select().from(grantNoticeTemplateVersion)).toHaveLength(0);
		expect(await g.templates.save(worker, programmeId, template({ baseVersion: '0' }))).toEqual({ kind: 'ok', version: 1 });
		const v2 = template({ baseVersion: '1', legalRemedy: 'Fassung zwei: Widerspruch binnen eines Monats beim Bezirksamt Treptow-Köpenick.' });
		expect(await g.templates.save(worker, programmeId, v2)).toEqual({ kind: 'ok', version: 2 });
		// Someone still editing version 1 would overwrite version 2: refused, input kept.
		const stale = await g.templates.save(worker, programmeId, template({ baseVersion: '1', signature: 'Veraltet' }));
		expect(stale).toMatchObject({ kind: 'conflict', values: { signature: 'Veraltet' } });
		const page = await g.templates.page(worker, programmeId);
		if (page.kind !== 'ok') throw new Error(page.kind);
		expect(page.value.current.version).toBe(2);
		expect(page.value.versions.map((v) => v.version)).toEqual([2, 1]);
		const saved = await h.db.select().from(event).where(eq(event.type, 'grant.template_saved'));
		expect(saved.map((e) => (e.payload as { version: number }).version)).toEqual([1, 2]);

		const p1 = await g.templates.preview(worker, programmeId, '1');
		const p2 = await g.templates.preview(worker, programmeId, null);
		if (p1.kind !== 'ok' || p2.kind !== 'ok') throw new Error('preview');
		expect(pdfText(p1.value.pdf)).toContain('Fassung eins');
		const t2 = pdfText(p2.value.pdf);
		expect(t2).toContain('Fassung zwei');
		expect(t2).toContain('Erika Sachbearbeiterin');
		expect(t2).toContain('BA Treptow-Köpenick · Alt-Köpenick 21');
		expect(await g.templates.preview(worker, programmeId, '9')).toEqual({ kind: 'not_found' });
		expect(await g.templates.preview(worker, programmeId, 'x')).toEqual({ kind: 'not_found' });
	});

	it('a notice keeps the version it was issued with, and mails the applicant even after an opt-out, without the IBAN', async () => {
		await h.db.insert(mailOptOut).values({ email: 'erika.grant@example.org', at: NOW });
		const notice = { purpose: 'Waldkinderfest im Kiez', periodStart: '2026-11-23', periodEnd: '2026-12-31', settlementDue: '2027-01-31' };
		expect(await g.issue(worker, waldfest, form(notice))).toEqual({ kind: 'ok' });
		const [row] = await h.db.select().from(projectGrant).where(eq(projectGrant.proposalId, waldfest));
		const [v2] = await h.db.select().from(grantNoticeTemplateVersion).where(and(eq(grantNoticeTemplateVersion.programmeId, programmeId), eq(grantNoticeTemplateVersion.version, 2)));
		expect(row!.templateVersionId).toBe(v2!.id);
		expect(row!.templateSnapshot).toMatchObject({ version: 2, legalRemedy: v2!.legalRemedy, conditions: ['Erste Bedingung', 'Zweite Bedingung'], settlementDays: 30 });
		// A later edit does not change the notice already issued.
		expect(await g.templates.save(worker, programmeId, template({ baseVersion: '2', legalRemedy: 'Fassung drei: Widerspruch binnen eines Monats, schriftlich beim Bezirksamt.' }))).toEqual({ kind: 'ok', version: 3 });
		const dl = await g.notice(proposer, waldfest);
		if (dl.kind !== 'ok') throw new Error(dl.kind);
		const text = pdfText(dl.value.pdf);
		expect(text).toContain('Fassung zwei');
		expect(text).not.toContain('Fassung drei');
		const page = await g.templates.page(worker, programmeId);
		if (page.kind === 'ok') expect(page.value.versions.find((v) => v.version === 2)?.notices).toBe(1);

		expect(await g.pay(worker, waldfest, form({ paidOn: '2026-11-23', amount: '60', reference: 'KZ-4711' }))).toEqual({ kind: 'ok' });
		const mails = (await h.db.select().from(outbox).where(eq(outbox.kind, 'mail'))).map((o) => o.payload as { to: string; subject: string; text: string }).filter((m) => m.to === 'erika.grant@example.org');
		expect(mails).toHaveLength(2);
		expect(mails[0]!.subject).toContain('Zuwendungsbescheid KK-2026-092007-');
		expect(mails[0]!.text).toContain('https://kiez.example/konto/ideen/' + waldfest + '/antrag');
		expect(mails[0]!.text).toContain('180,00');
		expect(mails[1]!.subject).toContain('Auszahlung');
		expect(mails[1]!.text).toContain('60,00');
		expect(mails[1]!.text).toContain('…3000');
		for (const m of mails) expect(JSON.stringify(m)).not.toMatch(/DE89|3704|0532|370400440532013000/);
	});

	it('the cashier export has the full IBAN in the file only, filters, is formula-safe, and is audited', async () => {
		await g.pay(worker, waldfest, form({ paidOn: '2026-11-20', amount: '10', reference: '=SUM(1+1)' }));
		expect(await g.paymentExport.page(kiezpatin, new URLSearchParams())).toEqual({ kind: 'forbidden' });
		expect(await g.paymentExport.file(kiezpatin, new URLSearchParams(), 'csv')).toEqual({ kind: 'forbidden' });
		expect(await g.paymentExport.file(regionWorker, new URLSearchParams(), 'csv')).toEqual({ kind: 'not_found' });
		expect(await g.paymentExport.file(otherDistrict, new URLSearchParams(), 'csv')).toEqual({ kind: 'not_found' });
		const page = await g.paymentExport.page(worker, new URLSearchParams({ von: '2026-11-21', bis: '2026-11-23', programm: programmeId }));
		if (page.kind !== 'ok') throw new Error(page.kind);
		expect(page.value.summary).toEqual({ count: 1, totalCents: 6000 });
		expect(JSON.stringify(page.value)).not.toMatch(/DE89|370400/);
		const badPage = await g.paymentExport.page(worker, new URLSearchParams({ von: '2026-13-01', bis: '2026-01-01', programm: randomUUID() }));
		if (badPage.kind !== 'ok') throw new Error(badPage.kind);
		expect(badPage.value.issues).toEqual({ from: 'grants_cash_error_date', programme: 'grants_cash_error_programme' });
		expect(badPage.value.summary).toBeNull();
		expect(await g.paymentExport.file(worker, new URLSearchParams({ von: '2026-11-23', bis: '2026-11-01' }), 'csv')).toEqual({ kind: 'invalid', issues: { to: 'grants_cash_error_order' } });

		const csv = await g.paymentExport.file(worker, new URLSearchParams({ von: '2026-11-20', bis: '2026-11-23' }), 'csv');
		if (csv.kind !== 'ok') throw new Error(csv.kind);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.value.body);
		expect(text.startsWith('\ufeffZahlungsdatum;Betrag (EUR);Buchungsreferenz;Geschäftszeichen;Bezirk;Programm;Runde;Projekt;Kontoinhaber:in;IBAN')).toBe(true);
		const lines = text.trim().split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatch(/^2026-11-20;10,00;'=SUM\(1\+1\);KK-2026-092007-\d{3};Treptow-Köpenick;.*;Waldkinderfest;Waldkinder e\. V\.;DE89370400440532013000;Erstattung;180,00$/);
		expect(lines[2]).toContain('KZ-4711');

		const x = await g.paymentExport.file(worker, new URLSearchParams(), 'xlsx');
		if (x.kind !== 'ok') throw new Error(x.kind);
		const { default: ExcelJS } = await import('exceljs');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(x.value.body.buffer.slice(x.value.body.byteOffset, x.value.body.byteOffset + x.value.body.byteLength) as ArrayBuffer);
		const sheet = wb.getWorksheet('Zahlungen')!;
		expect(sheet.getRow(1).getCell(10).value).toBe('IBAN');
		const rows = [];
		for (let i = 2; i < sheet.rowCount; i++) rows.push(sheet.getRow(i));
		const wald = rows.filter((r) => r.getCell(8).value === 'Waldkinderfest');
		expect(wald).toHaveLength(2);
		expect(wald.map((r) => r.getCell(10).value)).toEqual(['DE89370400440532013000', 'DE89370400440532013000']);
		expect(wald.map((r) => r.getCell(3).value)).toContain("'=SUM(1+1)");
		for (const r of rows) expect(typeof r.getCell(3).value).toBe('string');
		expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('Summe');

		const logged = await h.db.select().from(event).where(eq(event.type, 'grant.district_payments_exported'));
		expect(logged.map((e) => [e.actorId, e.districtId, (e.payload as { format: string }).format])).toEqual([
			[worker.userId, '09', 'csv'],
			[worker.userId, '09', 'xlsx']
		]);
		expect(JSON.stringify(logged)).not.toMatch(/DE89|370400/);
	});

	it('rotates the data key: resumable, idempotent, old and legacy values readable meanwhile', async () => {
		const apps = await h.db.select({ id: grantApplication.id, ibanCipher: grantApplication.ibanCipher }).from(grantApplication);
		const sealed = apps.filter((a) => a.ibanCipher);
		expect(sealed.length).toBeGreaterThanOrEqual(3);
		// One value in the old, id-less format (as written before key ids), sealed with the old key.
		const iv = randomBytes(12);
		const c = createCipheriv('aes-256-gcm', DEV_DATA_KEY, iv);
		const body = Buffer.concat([c.update('DE02120300000000202051', 'utf8'), c.final()]);
		await h.db.update(grantApplication).set({ ibanCipher: `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}` }).where(eq(grantApplication.id, sealed[0]!.id));

		const newKey = createHash('sha256').update(`rotation-test-${backend}`).digest();
		const rotating = dataCipher(newKey, DEV_DATA_KEY);
		expect(rotating.keyId).toBe(keyIdOf(newKey));
		// An interrupted run: only the second value got re-encrypted before the "crash".
		const second = sealed[1]!;
		await h.db.update(grantApplication).set({ ibanCipher: rotating.encrypt(rotating.decrypt(second.ibanCipher!)) }).where(eq(grantApplication.id, second.id));
		// While rotating, the app reads both keys.
		const gRot = createGrants({ db: h.db, cipher: rotating, now: () => NOW });
		const file = await gRot.caseFile(worker, waldfest);
		if (file.kind !== 'ok') throw new Error(file.kind);
		expect(file.value.application?.iban).toBe('DE89370400440532013000');

		const r1 = await rotateDataKey(h.db, rotating, () => NOW, { batch: 2 });
		expect(r1).toEqual({ keyId: keyIdOf(newKey), rotated: sealed.length - 1, alreadyCurrent: 1, failed: 0, changedMeanwhile: 0 });
		const r2 = await rotateDataKey(h.db, rotating, () => NOW);
		expect(r2).toMatchObject({ rotated: 0, alreadyCurrent: sealed.length, failed: 0 });
		// After the rotation the new key alone reads everything; the old key reads nothing.
		const onlyNew = dataCipher(newKey);
		const after = await h.db.select({ id: grantApplication.id, ibanCipher: grantApplication.ibanCipher }).from(grantApplication);
		for (const a of after.filter((x) => x.ibanCipher)) {
			expect(a.ibanCipher!.startsWith(`v2.${keyIdOf(newKey)}.`)).toBe(true);
			expect(onlyNew.decrypt(a.ibanCipher!)).toMatch(/^DE\d{20}$/);
			expect(() => cipher.decrypt(a.ibanCipher!)).toThrow();
		}
		expect(onlyNew.decrypt(after.find((a) => a.id === sealed[0]!.id)!.ibanCipher!)).toBe('DE02120300000000202051');
		// Without the old key a leftover value is counted as failed, never printed or dropped.
		await h.db.update(grantApplication).set({ ibanCipher: cipher.encrypt('DE89370400440532013000') }).where(eq(grantApplication.id, sealed[0]!.id));
		const r3 = await rotateDataKey(h.db, onlyNew, () => NOW);
		expect(r3).toMatchObject({ failed: 1, rotated: 0 });
		const runs = await h.db.select().from(event).where(eq(event.type, 'grant.keys_rotated'));
		expect(runs).toHaveLength(3);
		expect(JSON.stringify(runs)).not.toMatch(/DE89|DE02/);
	});
});

describe('kiezbudget keys', () => {
	it('refuses to rotate without a new key given, and explains itself', () => {
		const env = { ...process.env, KIEZBUDGET_DATA_KEY: '' };
		let code = 0;
		let err = '';
		try {
			execFileSync(process.execPath, ['cli/kiezbudget.ts', 'keys', 'rotate'], { env, encoding: 'utf8', stdio: 'pipe' });
		} catch (e) {
			code = (e as { status: number }).status;
			err = String((e as { stderr: string }).stderr);
		}
		expect(code).toBe(2);
		expect(err).toContain('KIEZBUDGET_DATA_KEY must be set');
	});
});

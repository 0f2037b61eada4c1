// Issue 4, district office: pre-check with status and mail, opt-out, assisted entry, merge, import and the
// digest — on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { submitIdea } from '../../src/lib/server/app/ideas.ts';
import {
	berlinDayBounds,
	enterAssisted,
	merge,
	precheck,
	readTable,
	reviewPage,
	roundOverview,
	runImport,
	readMapping,
	sendDigest,
	unsubscribe,
	type OfficeDeps
} from '../../src/lib/server/app/office.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { comment, event, mailOptOut, outbox, proposal, proposalCheck, proposalFile, proposalStatus, proposalSupport } from '../../src/lib/server/db/schema/index.ts';
import { unsubscribeToken } from '../../src/lib/server/mail/unsubscribe.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const OPEN = 'buergerhaushalt-2027-treptow-koepenick';
const SECRET = 'test-secret-test-secret-test-secret-42';

function form(fields: Record<string, string | File>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const idea = (title: string, extra: Record<string, string | File> = {}) =>
	form({
		title,
		description: 'Drei Hochbeete aus Lärchenholz, offen für alle Nachbar:innen im Kiez.',
		'items.0.category': 'material',
		'items.0.description': 'Holz und Erde',
		'items.0.amount': '1.200',
		...extra
	});
const CHECKLIST = ['public_benefit', 'publicly_accessible', 'in_region', 'not_started', 'no_excluded_costs', 'within_cap', 'owner_consent', 'feasible'];
function checkForm(overrides: Record<string, string>, outcome: string, extra: Record<string, string> = {}) {
	const f: Record<string, string> = { outcome, ...extra };
	for (const k of CHECKLIST) f[`criteria.${k}.verdict`] = overrides[k] ?? 'met';
	for (const [k, v] of Object.entries(overrides)) if (v === 'not_met') f[`criteria.${k}.reason`] = 'Begründung';
	return form(f);
}

async function user(h: DbHandle, grants: { role: 'case_worker' | 'moderator' | 'district_admin'; scopeKind: string; scopeId: string }[] = []): Promise<Actor & { email: string }> {
	const id = randomUUID();
	const email = `u-${id}@example.org`;
	await ensureUserWithPassword(h.db, { id, email, pseudonym: `U ${id.slice(0, 8)}`, passwordHash: 'x', grants }, NOW);
	const scopes = grants.map((g) => ({
		role: g.role,
		scope: g.scopeKind === 'district' ? ({ kind: 'district', id: g.scopeId } as const) : ({ kind: 'region', id: g.scopeId, districtId: '09' } as const)
	}));
	return { userId: id, emailVerified: true, grants: scopes, email };
}

const mailsTo = async (h: DbHandle, to: string) => (await h.db.select().from(outbox)).filter((o) => (o.payload as { to: string }).to === to);

describe.each(BACKENDS)('district office on %s', (backend) => {
	let h: DbHandle;
	let deps: OfficeDeps;
	let resident: Actor & { email: string };
	let worker: Actor & { email: string };
	let kiezpatin: Actor & { email: string };
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		deps = { db: h.db, origin: 'http://kb.test', secret: SECRET };
		resident = await user(h);
		worker = await user(h, [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		kiezpatin = await user(h, [{ role: 'moderator', scopeKind: 'region', scopeId: '091001' }]);
	});
	afterAll(async () => {
		await h.close();
	});

	async function submitted(title: string) {
		const r = await submitIdea(h.db, resident, OPEN, idea(title), NOW);
		if (r.kind !== 'ok') throw new Error(`submit failed: ${JSON.stringify(r)}`);
		return r.id;
	}

	it('a pre-check stores the check, moves the status with the public feedback, writes events and queues the mail', async () => {
		const id = await submitted('Trinkbrunnen am Markt');
		const r = await precheck(deps, worker, id, checkForm({ owner_consent: 'not_applicable' }, 'eligible', { publicFeedback: 'Passt gut in den Kiez.' }), NOW);
		expect(r).toMatchObject({ kind: 'ok', status: 'eligible', mailed: true });
		const [p] = await h.db.select().from(proposal).where(eq(proposal.id, id));
		expect(p!.status).toBe('eligible');
		const checks = await h.db.select().from(proposalCheck).where(eq(proposalCheck.proposalId, id));
		expect(checks).toHaveLength(1);
		expect(checks[0]!.criteria.owner_consent).toEqual({ verdict: 'not_applicable', reason: '' });
		const statuses = await h.db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, id));
		expect(statuses.map((s) => [s.status, s.note])).toEqual([
			['submitted', null],
			['eligible', 'Passt gut in den Kiez.']
		]);
		const events = await h.db.select().from(event).where(eq(event.subjectId, id));
		expect(events.map((e) => e.type)).toEqual(['proposal.submitted', 'proposal.checked', 'proposal.status_changed']);
		const mails = await mailsTo(h, resident.email);
		expect(mails).toHaveLength(1);
		const mail = mails[0]!.payload as { subject: string; text: string; headers: Record<string, string> };
		expect(mail.subject).toContain('Förderfähig');
		expect(mail.text).toContain('Passt gut in den Kiez.');
		expect(mail.text).toContain(`http://kb.test/idee/${id}`);
		expect(mail.text).toContain(`http://kb.test/abmelden-mail?token=${unsubscribeToken(SECRET, resident.email)}`);
		expect(mail.headers['List-Unsubscribe']).toContain('/abmelden-mail?token=');
	});

	it('refuses a check that contradicts its verdicts and saves nothing', async () => {
		const id = await submitted('Bücherschrank');
		const r = await precheck(deps, worker, id, checkForm({ in_region: 'not_met' }, 'eligible'), NOW);
		expect(r.kind).toBe('invalid');
		if (r.kind === 'invalid') {
			expect(r.errors.outcome).toBe('office_error_outcome_contradicts');
			expect(r.values.criteria.in_region!.reason).toBe('Begründung');
		}
		expect(await h.db.select().from(proposalCheck).where(eq(proposalCheck.proposalId, id))).toHaveLength(0);
		expect(await mailsTo(h, resident.email)).toHaveLength(1);
	});

	it('needs clarification sends the question to the contact address of an assisted entry', async () => {
		const r = await enterAssisted(h.db, worker, OPEN, idea('Bank am Spielplatz', { channel: 'phone', contactEmail: 'Oma.Erna@Example.org' }), NOW);
		expect(r.kind).toBe('ok');
		if (r.kind !== 'ok') return;
		const c = await precheck(deps, worker, r.id, checkForm({ publicly_accessible: 'unclear' }, 'needs_clarification', { messageToProposer: 'Ist der Spielplatz öffentlich?' }), NOW);
		expect(c).toMatchObject({ kind: 'ok', status: 'needs_clarification' });
		const mails = await mailsTo(h, 'oma.erna@example.org');
		expect(mails).toHaveLength(1);
		expect((mails[0]!.payload as { text: string }).text).toContain('Ist der Spielplatz öffentlich?');
	});

	it('after the one-link opt-out no more mails are queued for the address; a forged token is refused', async () => {
		const id = await submitted('Nistkästen im Park');
		expect(await unsubscribe(h.db, SECRET, unsubscribeToken('another-secret-another-secret-123', resident.email), NOW)).toBeNull();
		expect(await unsubscribe(h.db, SECRET, 'garbage', NOW)).toBeNull();
		expect(await unsubscribe(h.db, SECRET, unsubscribeToken(SECRET, resident.email), NOW)).toBe(resident.email);
		expect(await unsubscribe(h.db, SECRET, unsubscribeToken(SECRET, resident.email), NOW)).toBe(resident.email); // twice is fine
		expect(await h.db.select().from(mailOptOut).where(eq(mailOptOut.email, resident.email))).toHaveLength(1);
		const before = (await mailsTo(h, resident.email)).length;
		const r = await precheck(deps, worker, id, checkForm({ in_region: 'not_met' }, 'not_eligible', { publicFeedback: 'Liegt außerhalb des Bezirks.' }), NOW);
		expect(r).toMatchObject({ kind: 'ok', status: 'ineligible', mailed: false });
		expect(await mailsTo(h, resident.email)).toHaveLength(before);
	});

	it('a Kiezpatin reads her region read-only and cannot check; a resident gets nothing', async () => {
		const alt = 'kiezkasse-2026-alt-treptow';
		const overview = await roundOverview(h.db, kiezpatin, alt);
		expect(overview.kind).toBe('ok');
		if (overview.kind === 'ok') expect(overview.value.may).toEqual({ enter: false, import: false });
		expect((await roundOverview(h.db, kiezpatin, 'kiezkasse-2026-adlershof')).kind).toBe('not_found');
		expect((await roundOverview(h.db, resident, alt)).kind).toBe('forbidden');
		const id = await submitted('Laternenfest');
		expect((await reviewPage(h.db, resident, id)).kind).toBe('forbidden');
		expect(await precheck(deps, resident, id, checkForm({}, 'eligible'), NOW)).toEqual({ kind: 'forbidden' });
		// The district-wide round is not in the Kiezpatin's region: not found, not even the title.
		expect((await reviewPage(h.db, kiezpatin, id)).kind).toBe('not_found');
		// Kiezpat:innen never check (no role for it): refused, and nothing stored.
		expect(await precheck(deps, kiezpatin, id, checkForm({}, 'eligible'), NOW)).toEqual({ kind: 'forbidden' });
		expect(await h.db.select().from(proposalCheck).where(eq(proposalCheck.proposalId, id))).toHaveLength(0);
	});

	it('assisted entry stores channel, contact, assisting staff member and the scan (sniffed type), never public', async () => {
		const pdf = new File([new TextEncoder().encode('%PDF-1.4\n%scan of a paper form\n')], 'antrag.png', { type: 'image/png' });
		const r = await enterAssisted(h.db, worker, OPEN, idea('Sitzbank vor der Bibliothek', { channel: 'paper', scan: pdf }), NOW);
		expect(r.kind).toBe('ok');
		if (r.kind !== 'ok') return;
		const [p] = await h.db.select().from(proposal).where(eq(proposal.id, r.id));
		expect(p).toMatchObject({ channel: 'paper', assistedBy: worker.userId, status: 'submitted' });
		const [f] = await h.db.select().from(proposalFile).where(eq(proposalFile.proposalId, r.id));
		expect(f).toMatchObject({ kind: 'scan', mime: 'application/pdf' });
		const html = new File([new TextEncoder().encode('<html><script>alert(1)</script>')], 'antrag.pdf', { type: 'application/pdf' });
		const bad = await enterAssisted(h.db, worker, OPEN, idea('Noch eine Bank', { channel: 'paper', scan: html }), NOW);
		expect(bad).toMatchObject({ kind: 'invalid', errors: { scan: 'office_error_scan_type' }, values: { title: 'Noch eine Bank', channel: 'paper' } });
		const noChannel = await enterAssisted(h.db, worker, OPEN, idea('Ohne Kanal', { channel: 'online' }), NOW);
		expect(noChannel).toMatchObject({ kind: 'invalid', errors: { channel: 'office_error_channel' } });
		expect((await enterAssisted(h.db, resident, OPEN, idea('Von Bewohnerin'), NOW)).kind).toBe('forbidden');
	});

	it('merging moves supports without double counting and all comments, in one audited step', async () => {
		const a = await submitted('Parkbank Ufer');
		const b = await submitted('Parkbänke am Ufer');
		const [s1, s2, s3] = [await user(h), await user(h), await user(h)];
		await h.db.insert(proposalSupport).values([
			{ proposalId: a, userId: s1.userId },
			{ proposalId: a, userId: s2.userId },
			{ proposalId: b, userId: s2.userId },
			{ proposalId: b, userId: s3.userId }
		]);
		const [top] = await h.db.insert(comment).values({ proposalId: a, authorId: s1.userId, body: 'Gute Idee' }).returning({ id: comment.id });
		await h.db.insert(comment).values({ proposalId: a, parentId: top!.id, authorId: s2.userId, body: 'Finde ich auch' });
		const r = await merge(deps, worker, a, form({ target: b, mergeNote: 'Gleiche Idee wie „Parkbänke am Ufer“.' }), NOW);
		expect(r).toMatchObject({ kind: 'ok', supportsMoved: 1, supportsDropped: 1, commentsMoved: 2 });
		const supports = await h.db.select().from(proposalSupport).where(eq(proposalSupport.proposalId, b));
		expect(supports.map((s) => s.userId).sort()).toEqual([s1.userId, s2.userId, s3.userId].sort());
		expect(await h.db.select().from(proposalSupport).where(eq(proposalSupport.proposalId, a))).toHaveLength(0);
		expect(await h.db.select().from(comment).where(eq(comment.proposalId, b))).toHaveLength(2);
		const [src] = await h.db.select().from(proposal).where(eq(proposal.id, a));
		expect(src).toMatchObject({ status: 'merged', mergedIntoId: b });
		const events = await h.db.select().from(event).where(and(eq(event.subjectId, a), eq(event.type, 'proposal.merged')));
		expect(events).toHaveLength(1);
		// Merging again, or into itself, is refused.
		expect(await merge(deps, worker, a, form({ target: b }), NOW)).toMatchObject({ kind: 'invalid', errors: { target: 'office_error_merge_source_gone' } });
		expect(await merge(deps, worker, b, form({ target: b }), NOW)).toMatchObject({ kind: 'invalid', errors: { target: 'office_error_merge_same_idea' } });
	});

	it('two opposite merges at the same time: one wins, the other is refused, nothing is lost', async () => {
		const a = await submitted('Tauschregal West');
		const b = await submitted('Tauschregal Ost');
		const s1 = await user(h);
		await h.db.insert(proposalSupport).values([{ proposalId: a, userId: s1.userId }]);
		const [x, y] = await Promise.all([merge(deps, worker, a, form({ target: b }), NOW), merge(deps, worker, b, form({ target: a }), NOW)]);
		expect([x.kind, y.kind].sort()).toEqual(['invalid', 'ok']);
		const rows = await h.db.select().from(proposal).where(sql`${proposal.id} IN (${a}, ${b})`);
		expect(rows.filter((r) => r.status === 'merged')).toHaveLength(1);
		const survivor = rows.find((r) => r.status !== 'merged')!;
		expect(await h.db.select().from(proposalSupport).where(eq(proposalSupport.proposalId, survivor.id))).toHaveLength(1);
	});

	it('import: the dry run creates nothing and finds duplicates; the import creates all or nothing', async () => {
		await submitted('Kiezgarten am Bahnhof');
		const csv = 'Referenznummer;Titel;Beschreibung;Kategorie;Budget\n2025-001;Kiezgarten am Bahnhof;Doppelt;Umwelt;100\n2025-002;Repair-Café;Reparieren statt wegwerfen;Umwelt;"1.500"\n2025-003;Lesepaten;Vorlesen in der Bibliothek;Bildung;\n';
		const t = await readTable(new TextEncoder().encode(csv));
		expect(t.ok).toBe(true);
		if (!t.ok) return;
		const mapping = readMapping(null, t.table.headers);
		const count = async () => Number((await h.db.select({ n: sql<number>`count(*)::int` }).from(proposal))[0]!.n);
		const before = await count();
		const { planForRound } = await import('../../src/lib/server/app/office.ts');
		const overview = await roundOverview(h.db, worker, OPEN);
		expect(overview.kind).toBe('ok');
		const roundId = (await h.db.select({ id: proposal.roundId }).from(proposal).where(eq(proposal.title, 'Kiezgarten am Bahnhof')))[0]!.id;
		const plan = await planForRound(h.db, roundId, t.table, mapping);
		expect(plan).toMatchObject({ create: 2, duplicates: 1, invalid: 0 });
		expect(await count()).toBe(before);

		// An error in the middle of the import (a database trigger refusing the second idea) leaves nothing behind.
		await h.db.execute(sql`CREATE FUNCTION refuse_lesepaten() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.title = 'Lesepaten' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
		await h.db.execute(sql`CREATE TRIGGER refuse_lesepaten BEFORE INSERT ON proposal FOR EACH ROW EXECUTE FUNCTION refuse_lesepaten()`);
		await expect(runImport(h.db, worker, OPEN, t.table, mapping, 'online', 'export.csv', NOW)).rejects.toThrow();
		expect(await count()).toBe(before);
		await h.db.execute(sql`DROP TRIGGER refuse_lesepaten ON proposal`);

		const r = await runImport(h.db, worker, OPEN, t.table, mapping, 'online', 'export.csv', NOW);
		expect(r).toMatchObject({ kind: 'ok', created: 2, duplicates: 1 });
		expect(await count()).toBe(before + 2);
		const [repair] = await h.db.select().from(proposal).where(eq(proposal.title, 'Repair-Café'));
		expect(repair).toMatchObject({ requestedCents: 150_000, sourceUrl: '2025-002', assistedBy: worker.userId, channel: 'online' });
		expect(repair!.description).toContain('Kategorie: Umwelt');
		// Importing the same file again creates nothing new.
		expect(await runImport(h.db, worker, OPEN, t.table, mapping, 'online', 'export.csv', NOW)).toMatchObject({ kind: 'ok', created: 0, duplicates: 3 });
		// A file with an invalid row is refused whole.
		const bad = await readTable(new TextEncoder().encode('Titel,Budget\nNeue Idee,100\n,200\n'));
		if (!bad.ok) throw new Error('unreadable');
		const refused = await runImport(h.db, worker, OPEN, bad.table, readMapping(null, bad.table.headers), 'online', 'bad.csv', NOW);
		expect(refused).toMatchObject({ kind: 'invalid', errors: { file: 'office_error_import_has_invalid' } });
		expect(await h.db.select().from(proposal).where(eq(proposal.title, 'Neue Idee'))).toHaveLength(0);
	});

	it('reads the first sheet of an XLSX export', async () => {
		const { default: ExcelJS } = await import('exceljs');
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Ideen');
		ws.addRow(['Titel', 'Beschreibung', 'Budget']);
		ws.addRow(['Hofflohmarkt', 'Ein Flohmarkt in den Höfen', 250]);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const t = await readTable(bytes);
		expect(t).toEqual({ ok: true, table: { headers: ['Titel', 'Beschreibung', 'Budget'], rows: [{ Titel: 'Hofflohmarkt', Beschreibung: 'Ein Flohmarkt in den Höfen', Budget: '250' }] } });
		expect(await readTable(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual({ ok: false, problem: 'import_unreadable' });
	});

	it('the daily digest goes to case workers once per day', async () => {
		const day = '2026-11-22';
		const [from] = berlinDayBounds(day);
		expect(from.toISOString()).toBe('2026-11-21T23:00:00.000Z');
		expect(berlinDayBounds('2026-07-01')[0].toISOString()).toBe('2026-06-30T22:00:00.000Z');
		const at = new Date('2026-11-22T09:00:00Z');
		const r = await submitIdea(h.db, resident, OPEN, idea('Idee für den Überblick'), at);
		expect(r.kind).toBe('ok');
		const first = await sendDigest(deps, NOW, day);
		expect(first.find((x) => x.district === 'Treptow-Köpenick')).toMatchObject({ result: 'sent' });
		const mails = await mailsTo(h, worker.email);
		const digest = mails.filter((m) => (m.payload as { subject: string }).subject.includes('neue Ideen'));
		expect(digest).toHaveLength(1);
		expect((digest[0]!.payload as { text: string }).text).toContain('Idee für den Überblick');
		const again = await Promise.all([sendDigest(deps, NOW, day), sendDigest(deps, NOW, day)]);
		expect(again.flat().find((x) => x.district === 'Treptow-Köpenick')).toMatchObject({ result: 'already' });
		expect((await mailsTo(h, worker.email)).filter((m) => (m.payload as { subject: string }).subject.includes('neue Ideen'))).toHaveLength(1);
		// The Kiezpatin is no case worker: no digest for her.
		expect(await mailsTo(h, kiezpatin.email)).toHaveLength(0);
	});
});

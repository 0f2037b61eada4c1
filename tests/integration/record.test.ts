// Issue 8, the public record: calendar entries in the calendar and its iCal feed (parsed by ical.js), documents
// with German full-text search over PDF text, versions and staff-only visibility, the mobile-office kiosk
// with its channel, and the knowledge base's sanitised Markdown — on PGlite and (with TEST_DATABASE_URL)
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { calendar, calendarFeed, type Labels } from '../../src/lib/server/app/calendar.ts';
import { berlinInstant, recordService, type RecordService } from '../../src/lib/server/app/record.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createCalendarRead } from '../../src/lib/server/db/read/calendar-read.ts';
import { createPublicRead } from '../../src/lib/server/db/read/public-read.ts';
import { browseIdeas } from '../../src/lib/server/db/read/engage-read.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { assembly, calendarEntry, comment, commentChannel, document, documentVersion, event, knowledgeText, proposal, round } from '../../src/lib/server/db/schema/index.ts';
import { textPdf } from '../../src/lib/server/documents/text-pdf.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

function form(fields: Record<string, string | File>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

type Grant = { role: 'case_worker' | 'moderator' | 'district_admin' | 'resident'; scopeKind: string; scopeId: string };
async function user(h: DbHandle, grants: Grant[] = []): Promise<Actor> {
	const id = randomUUID();
	await ensureUserWithPassword(h.db, { id, email: `u-${id}@example.org`, pseudonym: `U ${id.slice(0, 8)}`, passwordHash: 'x', grants }, NOW);
	const scopes = grants.map((g) => ({
		role: g.role,
		scope: g.scopeKind === 'district' ? ({ kind: 'district', id: g.scopeId } as const) : ({ kind: 'region', id: g.scopeId, districtId: '09' } as const)
	}));
	return { userId: id, emailVerified: true, grants: scopes };
}

const labels: Labels = {
	roundTitle: (r) => `${r.programmeName} ${r.place} ${r.year}`,
	phase: (k) => k,
	calendarName: (p) => `Beteiligung: ${p}`,
	entry: (e) => `${e.kind}: ${e.title}${e.regionName ? ` – ${e.regionName}` : ''}`
};

const pdfFile = async (name: string, title: string, text: string[]) => new File([Buffer.from(await textPdf(title, text))], name, { type: 'application/pdf' });

describe.each(BACKENDS)('public record on %s', (backend) => {
	let h: DbHandle;
	let record: RecordService;
	let worker: Actor;
	let otherDistrictWorker: Actor;
	let resident: Actor;
	let kiezpatin: Actor;
	const ADLERSHOF = '092007';
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		await h.db.execute(sql`INSERT INTO district (id, slug, name) VALUES ('12', 'reinickendorf', 'Reinickendorf') ON CONFLICT DO NOTHING`);
		record = recordService({ db: h.db, now: () => NOW });
		worker = await user(h, [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		otherDistrictWorker = await user(h, [{ role: 'case_worker', scopeKind: 'district', scopeId: '12' }]);
		resident = await user(h);
		kiezpatin = await user(h, [{ role: 'moderator', scopeKind: 'region', scopeId: '091001' }]);
	}, 120_000);
	afterAll(async () => {
		await h?.close();
	});

	it('seeds the knowledge base in three versions, the mobile office season and documents, once', async () => {
		const k = await record.knowledge();
		expect(k!.pages.map((p) => p.slug)).toEqual(['so-funktioniert-die-kiezkasse', 'regeln', 'haeufige-fragen']);
		for (const p of k!.pages) expect(Object.keys(p.titles).sort()).toEqual(['de', 'en', 'ls']);
		const before = await h.db.select({ n: sql<number>`count(*)::int` }).from(calendarEntry);
		const docs = await h.db.select({ n: sql<number>`count(*)::int` }).from(document);
		await seedDemo(h.db, { now: NOW });
		expect(await h.db.select({ n: sql<number>`count(*)::int` }).from(calendarEntry)).toEqual(before);
		expect(await h.db.select({ n: sql<number>`count(*)::int` }).from(document)).toEqual(docs);
		const mobile = await record.mobileOffice();
		expect(mobile!.next).not.toBeNull();
		expect(mobile!.next!.status).toBe('planned');
		expect(mobile!.past.length).toBeGreaterThan(0);
	});

	it('stores staff-made entries with Berlin local times, derives the status and shows them in the region calendar and its iCal feed', async () => {
		const f = form({ kind: 'info_event', title: 'Infoabend Kiezkasse Adlershof', description: 'Fragen und Antworten', placeName: 'Stadtteilzentrum', address: 'Dörpfeldstraße 54, 12489 Berlin', lat: '52,4353', lng: '13.5456', day: '2026-12-03', from: '18:00', to: '20:00', roundId: '', regionId: ADLERSHOF, season: '' });
		const saved = await record.saveEntry(worker, f);
		expect(saved.kind).toBe('ok');
		const id = (saved as { id: string }).id;
		const [row] = await h.db.select().from(calendarEntry).where(eq(calendarEntry.id, id));
		// 18:00 in Berlin in December is 17:00 UTC (CET, UTC+1).
		expect(row!.startsAt.toISOString()).toBe('2026-12-03T17:00:00.000Z');
		expect(row!.lat).toBeCloseTo(52.4353);
		const pub = createPublicRead(h.db);
		const cal = createCalendarRead(h.db);
		const view = await calendar(pub, cal, null, { region: ADLERSHOF, runde: null, vergangene: '1' }, NOW, labels);
		expect(view.kind).toBe('ok');
		if (view.kind !== 'ok') return;
		const mine = view.value.entries.find((e) => e.id === id)!;
		expect(mine.status).toBe('planned');
		expect(mine.first).toBe('2026-12-03');
		for (const e of view.value.entries) expect(e.regionId).toBe(ADLERSHOF);
		const feed = calendarFeed(view.value, 'https://kb.test', NOW, labels, (s) => `/runde/${s}`, (i) => `/termine/eintrag/${i}`);
		const events = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		// The feed has every date and every entry the page has, no more.
		expect(events.length).toBe(view.value.dates.length + view.value.entries.length);
		const ev = events.find((e) => e.uid === `entry-${id}@kb.test`)!;
		expect(ev.summary).toBe('info_event: Infoabend Kiezkasse Adlershof – Adlershof');
		expect(ev.location).toBe('Stadtteilzentrum, Dörpfeldstraße 54, 12489 Berlin');
		expect(ev.startDate.isDate).toBe(false);
		expect(ev.startDate.toJSDate().toISOString()).toBe('2026-12-03T17:00:00.000Z');
		expect(ev.endDate.toJSDate().toISOString()).toBe('2026-12-03T19:00:00.000Z');
		expect(ev.component.getFirstPropertyValue('geo')).toEqual([52.4353, 13.5456]);
		// Another region's calendar does not show it.
		const other = await calendar(pub, cal, null, { region: '091001', runde: null, vergangene: '1' }, NOW, labels);
		expect(other.kind === 'ok' && other.value.entries.some((e) => e.id === id)).toBe(false);
		// Status follows the clock: running during, finished after.
		const during = recordService({ db: h.db, now: () => new Date('2026-12-03T18:00:00Z') });
		expect((await during.entry(id))!.entry.status).toBe('running');
		const after = recordService({ db: h.db, now: () => new Date('2026-12-04T00:00:00Z') });
		expect((await after.entry(id))!.entry.status).toBe('finished');
	});

	it('keeps what was typed and points at the field when an entry is wrong; never stores it', async () => {
		const r = await record.saveEntry(worker, form({ kind: 'party', title: 'x', placeName: '', address: 'Somewhere', lat: '95', lng: '', day: '2026-02-30', from: '18:00', to: '17:00', regionId: '999999' }));
		expect(r.kind).toBe('invalid');
		if (r.kind !== 'invalid') return;
		expect(r.errors).toMatchObject({ kind: 'record_error_kind', title: 'record_error_title', placeName: 'record_error_place', lat: 'record_error_lat', lng: 'record_error_lng', day: 'record_error_day', regionId: 'record_error_region' });
		expect(r.values.address).toBe('Somewhere');
		const end = await record.saveEntry(worker, form({ kind: 'assembly', title: 'Versammlung', placeName: 'Saal', address: 'Straße 1', day: '2026-12-01', from: '18:00', to: '17:00' }));
		expect(end.kind === 'invalid' && end.errors.to).toBe('record_error_end_before_start');
	});

	it('refuses calendar, document and knowledge administration to residents (403), Kiezpat:innen (403) and other districts (404)', async () => {
		const f = form({ kind: 'info_event', title: 'Nicht erlaubt', placeName: 'Saal', address: 'Straße 1', day: '2026-12-01', from: '18:00', to: '19:00' });
		expect((await record.saveEntry(resident, f)).kind).toBe('forbidden');
		expect((await record.saveEntry(kiezpatin, f)).kind).toBe('forbidden');
		expect((await record.saveEntry(otherDistrictWorker, f)).kind).toBe('not_found');
		expect((await record.saveEntry(null, f)).kind).toBe('forbidden');
		expect((await record.documentAdmin(resident)).kind).toBe('forbidden');
		expect((await record.documentAdmin(otherDistrictWorker)).kind).toBe('not_found');
		expect((await record.knowledgeEdit(resident, 'regeln')).kind).toBe('forbidden');
		expect((await record.saveKnowledge(otherDistrictWorker, 'regeln', form({ title_de: 'x', body_de: 'y' }))).kind).toBe('not_found');
		const [stop] = await h.db.select().from(calendarEntry).where(eq(calendarEntry.kind, 'mobile_office')).limit(1);
		expect((await record.kiosk(resident, stop!.id)).kind).toBe('forbidden');
		expect((await record.kiosk(otherDistrictWorker, stop!.id)).kind).toBe('not_found');
		const n = await h.db.select({ n: sql<number>`count(*)::int` }).from(calendarEntry).where(eq(calendarEntry.title, 'Nicht erlaubt'));
		expect(n[0]!.n).toBe(0);
	});

	it('finds an uploaded PDF by a word of its text (German stemming), keeps old versions, and hides staff-only documents from the public', async () => {
		const file = await pdfFile('protokoll.pdf', 'Protokoll Versammlung Baumschulenweg', ['Die Versammlung beschloss die Förderung der Hochbeete im Hof der Grundschule.', 'Der Nachbarschaftsgarten erhält 800 Euro.']);
		const up = await record.uploadDocument(worker, form({ kind: 'minutes', title: 'Protokoll Baumschulenweg', visibility: 'public', dated: '2026-06-14', roundId: '', regionId: '', calendarEntryId: '', note: '', file }));
		expect(up.kind).toBe('ok');
		const id = (up as { id: string }).id;
		// "Nachbarschaftsgärten" stems to the same lexeme as "Nachbarschaftsgarten" in the German configuration.
		const found = await record.documents(null, { q: 'Nachbarschaftsgärten', kind: '', region: '', runde: '' });
		expect(found.kind === 'ok' && found.value.documents.map((d) => d.id)).toContain(id);
		const hit = found.kind === 'ok' ? found.value.documents.find((d) => d.id === id)! : null;
		expect(hit!.snippet).toContain('«');
		const none = await record.documents(null, { q: 'Raumfahrtbehörde', kind: '', region: '', runde: '' });
		expect(none.kind === 'ok' && none.value.documents.some((d) => d.id === id)).toBe(false);
		// Search input that is not valid tsquery syntax is still just a search (no 500).
		const odd = await record.documents(null, { q: '"( & | ! :*', kind: '', region: '', runde: '' });
		expect(odd.kind).toBe('ok');

		// A new version: the text of version 2 is searched, version 1 stays downloadable.
		const v2 = await pdfFile('protokoll-v2.pdf', 'Protokoll Versammlung Baumschulenweg (berichtigt)', ['Berichtigung: Die Förderung geht an das Lastenrad der Kiezinitiative.']);
		const nv = await record.newVersion(worker, id, form({ note: 'Betrag berichtigt', file: v2 }));
		expect(nv).toMatchObject({ kind: 'ok', version: 2 });
		expect((await record.documents(null, { q: 'Lastenrad', kind: '', region: '', runde: '' })).kind === 'ok').toBe(true);
		const after = await record.documents(null, { q: 'Lastenrad', kind: 'minutes', region: '', runde: '' });
		expect(after.kind === 'ok' && after.value.documents.some((d) => d.id === id)).toBe(true);
		const v1 = await record.documentFile(null, id, 1);
		expect(v1.kind).toBe('ok');
		expect(v1.kind === 'ok' && Buffer.from(v1.value.bytes).subarray(0, 5).toString()).toBe('%PDF-');
		const doc = await record.document(null, id);
		expect(doc.kind === 'ok' && doc.value.versions.map((v) => v.version)).toEqual([2, 1]);
		expect((await record.documentFile(null, id, 3)).kind).toBe('not_found');
		const events = await h.db.select().from(event).where(eq(event.subjectId, id));
		expect(events.map((e) => e.type)).toEqual(['record.document_saved', 'record.document_saved']);

		// Staff-only: not found for the public and residents, readable by district staff, never in public search.
		const secret = await pdfFile('intern.pdf', 'Interne Notiz', ['Vertraulicher Vermerk zur Prüfung der Zuwendungsempfänger.']);
		const s = await record.uploadDocument(worker, form({ kind: 'guidelines', title: 'Interne Notiz', visibility: 'staff', dated: '2026-06-15', file: secret }));
		const sid = (s as { id: string }).id;
		expect((await record.document(null, sid)).kind).toBe('not_found');
		expect((await record.document(resident, sid)).kind).toBe('not_found');
		expect((await record.documentFile(null, sid, 1)).kind).toBe('not_found');
		expect((await record.document(otherDistrictWorker, sid)).kind).toBe('not_found');
		expect((await record.document(kiezpatin, sid)).kind).toBe('ok');
		const pub = await record.documents(null, { q: 'Zuwendungsempfänger', kind: '', region: '', runde: '' });
		expect(pub.kind === 'ok' && pub.value.documents.some((d) => d.id === sid)).toBe(false);
	});

	it('refuses an upload that is not a PDF by its bytes, whatever its name, and keeps the typed details', async () => {
		const fake = new File([Buffer.from('<html><script>alert(1)</script></html>')], 'bericht.pdf', { type: 'application/pdf' });
		const r = await record.uploadDocument(worker, form({ kind: 'press', title: 'Pressetext Kiezkasse', visibility: 'public', dated: '2026-03-01', file: fake }));
		expect(r).toMatchObject({ kind: 'invalid', errors: { file: 'record_error_document_not_pdf' }, values: { title: 'Pressetext Kiezkasse' } });
		const missing = await record.uploadDocument(worker, form({ kind: 'press', title: 'Pressetext Kiezkasse', visibility: 'public', dated: '2026-03-01' }));
		expect(missing).toMatchObject({ kind: 'invalid', errors: { file: 'record_error_document_missing' } });
		const [n] = await h.db.select({ n: sql<number>`count(*)::int` }).from(document).where(eq(document.title, 'Pressetext Kiezkasse'));
		expect(n!.n).toBe(0);
	});

	it('gives concurrent uploads of new versions distinct numbers', async () => {
		const file = await pdfFile('a.pdf', 'Ergebnis', ['Ergebnis der Abstimmung.']);
		const up = await record.uploadDocument(worker, form({ kind: 'results', title: 'Ergebnis Adlershof', visibility: 'public', dated: '2026-06-20', file }));
		const id = (up as { id: string }).id;
		const results = await Promise.all([1, 2, 3].map(async (i) => record.newVersion(worker, id, form({ file: await pdfFile(`v${i}.pdf`, 'Ergebnis', [`Fassung Nummer ${i}`]) }))));
		expect(results.map((r) => (r as { version: number }).version).sort()).toEqual([2, 3, 4]);
		const versions = await h.db.select({ v: documentVersion.version }).from(documentVersion).where(eq(documentVersion.documentId, id));
		expect(versions.map((v) => v.v).sort()).toEqual([1, 2, 3, 4]);
	});

	it('takes an idea and a comment at a mobile-office stop with the channel mobile_office; the idea appears on the round page with it', async () => {
		const [stop] = await h.db.select().from(calendarEntry).where(eq(calendarEntry.kind, 'mobile_office')).orderBy(calendarEntry.startsAt).limit(1);
		expect(stop!.roundId).not.toBeNull();
		const k = await record.kiosk(worker, stop!.id);
		expect(k.kind).toBe('ok');
		const r = await record.kioskIdea(
			worker,
			stop!.id,
			form({ title: 'Bank am Marktplatz', description: 'Eine Sitzbank für ältere Menschen am Marktplatz, gesagt am Stand.', 'items.0.category': 'material', 'items.0.description': 'Bank', 'items.0.amount': '450', channel: 'online' })
		);
		expect(r.kind).toBe('ok');
		const pid = (r as { id: string }).id;
		const [p] = await h.db.select().from(proposal).where(eq(proposal.id, pid));
		// The channel is the stop's, whatever the form says.
		expect(p!.channel).toBe('mobile_office');
		expect(p!.roundId).toBe(stop!.roundId);
		expect(p!.assistedBy).toBe(worker.userId);
		const page = await browseIdeas(h.db, stop!.roundId!, { q: 'Bank am Marktplatz', status: '', category: '', sort: 'relevance', page: 1 } as never, 20);
		expect(page.rows.find((x) => x.id === pid)?.channel).toBe('mobile_office');
		const c = await record.kioskComment(worker, stop!.id, form({ proposalId: pid, body: 'Gute Idee, bitte mit Lehne.' }));
		expect(c.kind).toBe('ok');
		const cid = (c as { id: string }).id;
		const [cc] = await h.db.select().from(commentChannel).where(eq(commentChannel.commentId, cid));
		expect(cc).toMatchObject({ channel: 'mobile_office', calendarEntryId: stop!.id });
		expect((await h.db.select().from(comment).where(eq(comment.id, cid))).length).toBe(1);
		const taken = await record.kiosk(worker, stop!.id);
		expect(taken.kind === 'ok' && taken.value.taken).toMatchObject({ comments: 1 });
		expect(taken.kind === 'ok' && taken.value.taken.ideas.map((i) => i.id)).toContain(pid);
		const bad = await record.kioskComment(worker, stop!.id, form({ proposalId: randomUUID(), body: '' }));
		expect(bad).toMatchObject({ kind: 'invalid', errors: { proposalId: 'record_error_kiosk_idea', body: 'record_error_kiosk_comment' } });
	});

	it('renders knowledge pages in the chosen version and neutralises HTML and script typed by staff', async () => {
		const saved = await record.saveKnowledge(
			worker,
			'test-seite',
			form({ slug: 'test-seite', title_de: 'Testseite', body_de: '## Titel\n\n<script>alert(1)</script> und [Link](javascript:alert(1)) und <img src=x onerror=alert(1)>\n\n- **fett**', title_ls: 'Leicht', body_ls: 'Ganz einfach.', title_en: '', body_en: '' })
		);
		expect(saved).toMatchObject({ kind: 'ok', slug: 'test-seite' });
		const de = await record.knowledgePage('test-seite', 'de');
		// Tags typed by staff arrive as text (escaped), and a javascript: link is dropped to its text.
		expect(de!.html).not.toMatch(/<script|<img|href="javascript/i);
		expect(de!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(de!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(de!.html).toContain('<h2 class="kern-heading-medium">Titel</h2>');
		expect(de!.html).toContain('<strong>fett</strong>');
		expect(de!.available).toEqual(['de', 'ls']);
		const ls = await record.knowledgePage('test-seite', 'ls');
		expect(ls!.title).toBe('Leicht');
		// A version that does not exist falls back to the first one there is.
		expect((await record.knowledgePage('test-seite', 'en'))!.lang).toBe('de');
		const [t] = await h.db.select().from(knowledgeText).where(eq(knowledgeText.title, 'Testseite'));
		expect(t!.updatedBy).toBe(worker.userId);
		const missing = await record.saveKnowledge(worker, 'test-seite', form({ slug: 'Test Seite!', title_de: '', body_de: '' }));
		expect(missing).toMatchObject({ kind: 'invalid', errors: { slug: 'record_error_slug', title_de: 'record_error_title', body_de: 'record_error_body' } });
	});

	it('files the generated minutes of closed assemblies as searchable documents, once', async () => {
		const [r] = await h.db.select({ id: round.id }).from(round).where(eq(round.regionId, ADLERSHOF)).limit(1);
		const bytes = await textPdf('Protokoll der Kiezkassenversammlung', ['Beschlossen: Trinkbrunnen am Marktplatz.']);
		await h.db.insert(assembly).values({ roundId: r!.id, sitting: 9, heldAt: new Date('2026-06-14T16:00:00Z'), place: 'Kiezklub', method: {} as never, state: 'closed', createdAt: NOW, closedAt: new Date('2026-06-14T18:00:00Z'), minutesPdf: bytes, minutesSha256: 'a'.repeat(64) });
		// Two requests at the same moment file them once.
		const [a, b] = await Promise.all([record.fileAssemblyMinutes('09'), record.fileAssemblyMinutes('09')]);
		expect(a + b).toBe(1);
		expect(await record.fileAssemblyMinutes('09')).toBe(0);
		const found = await record.documents(null, { q: 'Trinkbrunnen', kind: 'minutes', region: ADLERSHOF, runde: '' });
		expect(found.kind === 'ok' && found.value.documents.length).toBe(1);
		// The sitting is also a calendar entry of its own, with its place.
		const view = await calendar(createPublicRead(h.db), createCalendarRead(h.db), null, { region: ADLERSHOF, runde: null, vergangene: '1' }, NOW, labels);
		expect(view.kind === 'ok' && view.value.entries.find((e) => e.source === 'assembly' && e.placeName === 'Kiezklub')?.status).toBe('finished');
	});

	it('reads Berlin wall-clock times across the DST change', () => {
		expect(berlinInstant('2026-07-01', '18:00')!.toISOString()).toBe('2026-07-01T16:00:00.000Z');
		expect(berlinInstant('2026-01-01', '18:00')!.toISOString()).toBe('2026-01-01T17:00:00.000Z');
		expect(berlinInstant('2026-02-30', '18:00')).toBeNull();
		expect(berlinInstant('2026-01-01', '25:00')).toBeNull();
	});
});

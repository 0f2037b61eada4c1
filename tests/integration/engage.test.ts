// Issue 4: browsing, supporting, discussing and moderating ideas; PGlite and (with TEST_DATABASE_URL)
// PostgreSQL 15, so the German full-text search and the concurrency guarantees hold on both.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { COMMENT_RATE, EDIT_WINDOW_MS } from '../../src/lib/core/engage/comments.ts';
import { browse, editComment, ideaView, moderate, moderationPage, postComment, reportComment, support } from '../../src/lib/server/app/engage.ts';
import { submitIdea } from '../../src/lib/server/app/ideas.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { loadGrants } from '../../src/lib/server/db/repositories/users.ts';
import { comment, commentReport, event, proposal, proposalCheck, proposalSupport, round } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const BH = 'buergerhaushalt-2027-treptow-koepenick';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const params = (s: string) => new URLSearchParams(s);

describe.each(BACKENDS)('engage on %s', (backend) => {
	let h: DbHandle;
	let bhId: string;
	const ids: Record<string, string> = {};
	const actors: Record<string, Actor> = {};

	async function person(name: string, grants: { role: 'moderator' | 'case_worker' | 'district_admin'; scopeKind: string; scopeId: string }[] = []): Promise<Actor> {
		const id = randomUUID();
		await ensureUserWithPassword(h.db, { id, email: `${name}-${id}@example.org`, pseudonym: `${name} ${id.slice(0, 6)}`, passwordHash: 'x', grants }, NOW);
		return { userId: id, emailVerified: true, grants: await loadGrants(h.db, id) };
	}
	async function idea(title: string, description: string, items: [string, string][]) {
		const f: Record<string, string> = { title, description };
		items.forEach(([category, amount], i) => {
			f[`items.${i}.category`] = category;
			f[`items.${i}.description`] = `Posten ${i + 1}`;
			f[`items.${i}.amount`] = amount;
		});
		const r = await submitIdea(h.db, actors.author!, BH, form(f), NOW);
		if (r.kind !== 'ok') throw new Error(`idea not created: ${JSON.stringify(r)}`);
		return r.id;
	}

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		actors.author = await person('Autorin');
		actors.a = await person('Anna');
		actors.b = await person('Berk');
		actors.kiezpatin = await person('Kiezpatin', [{ role: 'moderator', scopeKind: 'region', scopeId: '091001' }]);
		actors.caseWorker = await person('SPK', [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		const [bh] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, BH));
		bhId = bh!.id;
		ids.bank = await idea('Neue Bank am Spreeufer', 'Eine Bank aus Holz zum Ausruhen am Wasser.', [['material', '800']]);
		ids.baeume = await idea('Bäume für den Schulhof', 'Drei junge Linden spenden Schatten für die Kinder.', [['material', '2.400'], ['fees', '300']]);
		ids.sitzbank = await idea('Sitzbank am Teich', 'Ein Platz zum Verweilen.', [['material', '500']]);
		ids.fest = await idea('Nachbarschaftsfest im Park', 'Musik und Spiele für alle Generationen, Bänke werden geliehen.', [['fees', '1.000'], ['rent', '400']]);
	});
	afterAll(async () => {
		await h?.close();
	});

	const titles = async (query: string) => (await browse(h.db, bhId, params(query))).rows.map((r) => r.title);

	describe('search (PostgreSQL german configuration)', () => {
		it('finds inflected forms: "Bänke" finds the idea titled "Bank" and the one mentioning "Bänke"', async () => {
			const found = await titles('q=Bänke');
			expect(found).toContain('Neue Bank am Spreeufer');
			expect(found).toContain('Nachbarschaftsfest im Park');
			expect(found).not.toContain('Bäume für den Schulhof');
		});
		it('"Baum" finds "Bäume", "Linde" finds "Linden" in the description', async () => {
			expect(await titles('q=Baum')).toEqual(['Bäume für den Schulhof']);
			expect(await titles('q=Linde')).toEqual(['Bäume für den Schulhof']);
		});
		it('does not split compounds: "Bank" finds "Sitzbank" only through the title substring match', async () => {
			const found = await titles('q=Bank');
			expect(found).toEqual(expect.arrayContaining(['Neue Bank am Spreeufer', 'Sitzbank am Teich', 'Nachbarschaftsfest im Park']));
			// "Bänke" stems to "bank", which is not the lexeme "sitzbank", and "Bänke" is no part of the title:
			// the compound is missed. This is what the german configuration does (no compound splitting).
			expect(await titles('q=Bänke')).not.toContain('Sitzbank am Teich');
			expect(await titles('q=Sitzbänke')).toEqual(['Sitzbank am Teich']);
		});
		it('depends on the server version for some plurals: PostgreSQL 15 keeps the -n of "Tafeln", PGlite (18) strips it', async () => {
			// Measured: to_tsvector('german','Tafeln') is 'tafeln' on 15.18 and 'tafel' on PGlite 0.5.16 (newer
			// Snowball stemmer). Search results for such words differ between the two backends; the title
			// substring match does not help here because "Tafeln" is longer than "Tafel".
			const id = await idea('Tafel am Kiezklub', 'Für Aushänge der Nachbarschaft.', [['print', '150']]);
			expect((await titles('q=Tafeln')).includes('Tafel am Kiezklub')).toBe(backend === 'pglite');
			await h.db.delete(proposal).where(eq(proposal.id, id));
		});
		it('understands web search syntax (exclusion) and never fails on odd input', async () => {
			expect(await titles('q=Bank -Spreeufer')).not.toContain('Neue Bank am Spreeufer');
			for (const odd of ['q=%22(%26|!:*', "q=' OR 1=1 --", 'q=der die das', 'q=%5C%25_']) {
				const r = await browse(h.db, bhId, params(odd));
				expect(r.total).toBeGreaterThanOrEqual(0);
			}
		});
	});

	describe('filters, sorting, pages', () => {
		it('filters by cost category and status and counts the results', async () => {
			const fees = await browse(h.db, bhId, params('kategorie=fees'));
			expect(fees.rows.map((r) => r.title).sort()).toEqual(['Bäume für den Schulhof', 'Nachbarschaftsfest im Park']);
			expect(fees.total).toBe(2);
			await h.db.update(proposal).set({ status: 'eligible' }).where(eq(proposal.id, ids.sitzbank!));
			const eligible = await browse(h.db, bhId, params('status=eligible'));
			expect(eligible.rows.map((r) => r.title)).toEqual(['Sitzbank am Teich']);
			expect(eligible.statuses).toEqual(expect.arrayContaining(['submitted', 'eligible']));
			expect((await browse(h.db, bhId, params('status=eligible&kategorie=fees'))).total).toBe(0);
		});
		it('sorts by amount both ways', async () => {
			expect((await titles('sortierung=amount_desc')).slice(0, 2)).toEqual(['Bäume für den Schulhof', 'Nachbarschaftsfest im Park']);
			expect((await titles('sortierung=amount_asc'))[0]).toBe('Sitzbank am Teich');
		});
		it('pages by 20 with links to the neighbours', async () => {
			for (let i = 0; i < 19; i++) await idea(`Laterne Nummer ${i + 1}`, 'Licht für den dunklen Weg.', [['material', String(100 + i)]]);
			const p1 = await browse(h.db, bhId, params('q=Laterne'));
			expect(p1.total).toBe(19);
			expect(p1.pages).toBe(1);
			const all = await browse(h.db, bhId, params(''));
			expect(all.total).toBe(23);
			expect(all.rows).toHaveLength(20);
			expect(all.next).toBe('?seite=2');
			const p2 = await browse(h.db, bhId, params('seite=2'));
			expect(p2.rows).toHaveLength(3);
			expect(p2.prev).toBe('?');
			expect(new Set([...all.rows, ...p2.rows].map((r) => r.id)).size).toBe(23);
			const beyond = await browse(h.db, bhId, params('seite=9'));
			expect(beyond.rows).toHaveLength(0);
			expect(beyond.total).toBe(23);
		});
	});

	describe('support', () => {
		it('counts a concurrent double support once, with one audit event; withdrawing works', async () => {
			const [x, y] = await Promise.all([support(h.db, ids.bank!, actors.a!, true, NOW), support(h.db, ids.bank!, actors.a!, true, NOW)]);
			expect([x.kind, y.kind]).toEqual(['ok', 'ok']);
			await support(h.db, ids.bank!, actors.b!, true, NOW);
			const v = await ideaView(h.db, ids.bank!, actors.a!, NOW);
			expect(v).toMatchObject({ kind: 'ok', supports: 2, supportedByMe: true, canSupport: true });
			const events = await h.db.select().from(event).where(and(eq(event.subjectId, ids.bank!), eq(event.type, 'proposal.supported')));
			expect(events).toHaveLength(2);
			expect((await browse(h.db, bhId, params('sortierung=supports'))).rows[0]?.id).toBe(ids.bank);
			await support(h.db, ids.bank!, actors.a!, false, NOW);
			await support(h.db, ids.bank!, actors.a!, false, NOW);
			expect(await ideaView(h.db, ids.bank!, actors.a!, NOW)).toMatchObject({ supports: 1, supportedByMe: false });
			expect(await h.db.select().from(event).where(and(eq(event.subjectId, ids.bank!), eq(event.type, 'proposal.support_withdrawn')))).toHaveLength(1);
		});
		it('needs a verified account and the ideas phase', async () => {
			expect(await support(h.db, ids.bank!, null, true, NOW)).toEqual({ kind: 'forbidden', reason: 'not_signed_in' });
			expect(await support(h.db, ids.bank!, { ...actors.a!, emailVerified: false }, true, NOW)).toEqual({ kind: 'forbidden', reason: 'email_not_verified' });
			// The Kiezkasse 2026 of Adlershof is being implemented: no more supports, comments still welcome.
			const [old] = await h.db.select({ id: proposal.id }).from(proposal).innerJoin(round, eq(round.id, proposal.roundId)).where(eq(round.slug, 'kiezkasse-2026-adlershof')).limit(1);
			expect(await support(h.db, old!.id, actors.a!, true, NOW)).toEqual({ kind: 'closed' });
			expect(await ideaView(h.db, old!.id, actors.a!, NOW)).toMatchObject({ canSupport: false, canComment: true });
			expect(await support(h.db, 'not-a-uuid', actors.a!, true, NOW)).toEqual({ kind: 'not_found' });
			expect(await h.db.select().from(proposalSupport).where(eq(proposalSupport.proposalId, old!.id))).toHaveLength(0);
		});
	});

	describe('comments', () => {
		let top: string;
		it('stores a comment and one level of replies; markup stays text; pseudonyms, never addresses', async () => {
			const r = await postComment(h.db, ids.baeume!, actors.a!, form({ body: '<script>alert(1)</script> Tolle Idee!' }), NOW);
			expect(r.kind).toBe('ok');
			top = (r as { anchor: string }).anchor.replace('kommentar-', '');
			const reply = await postComment(h.db, ids.baeume!, actors.b!, form({ parentId: top, [`reply.${top}`]: 'Finde ich auch.' }), at(1000));
			expect(reply.kind).toBe('ok');
			const replyId = (reply as { anchor: string }).anchor.replace('kommentar-', '');
			const deeper = await postComment(h.db, ids.baeume!, actors.a!, form({ parentId: replyId, [`reply.${replyId}`]: 'Antwort auf Antwort' }), at(2000));
			expect(deeper).toMatchObject({ kind: 'invalid', errors: { [`reply.${replyId}`]: 'engage_error_reply_not_allowed' } });
			const v = await ideaView(h.db, ids.baeume!, null, at(3000));
			if (v.kind !== 'ok') throw new Error(v.kind);
			expect(v.comments).toHaveLength(1);
			expect(v.comments[0]).toMatchObject({ body: '<script>alert(1)</script> Tolle Idee!', mine: false, author: expect.stringMatching(/^Anna /) });
			expect(v.comments[0]!.replies.map((x) => x.body)).toEqual(['Finde ich auch.']);
			expect(JSON.stringify(v)).not.toContain('@example.org');
		});
		it('refuses empty and overlong text, keeping what was typed', async () => {
			expect(await postComment(h.db, ids.baeume!, actors.a!, form({ body: '  ' }), NOW)).toMatchObject({ kind: 'invalid', errors: { body: 'engage_error_comment_empty' } });
			const long = 'Sehr lang. '.repeat(200);
			expect(await postComment(h.db, ids.baeume!, actors.a!, form({ body: long }), NOW)).toMatchObject({ kind: 'invalid', values: { body: long }, errors: { body: 'engage_error_comment_too_long' } });
		});
		it('limits how many comments one person posts in a short time, also when they arrive at once', async () => {
			const flood = await person('Flut');
			const results = await Promise.all(
				Array.from({ length: COMMENT_RATE.max + 3 }, (_, i) => postComment(h.db, ids.sitzbank!, flood, form({ body: `Nachricht ${i}` }), at(i)))
			);
			expect(results.filter((r) => r.kind === 'ok')).toHaveLength(COMMENT_RATE.max);
			expect(results.filter((r) => r.kind === 'invalid' && r.errors.body === 'engage_error_rate_limited')).toHaveLength(3);
			expect((await postComment(h.db, ids.sitzbank!, flood, form({ body: 'Später' }), at(COMMENT_RATE.windowMs + 60_000))).kind).toBe('ok');
		});
		it('lets the author edit within 15 minutes only, nobody else', async () => {
			const field = `edit.${top}`;
			expect(await editComment(h.db, ids.baeume!, actors.a!, form({ commentId: top, [field]: 'Tolle Idee! (korrigiert)' }), at(EDIT_WINDOW_MS - 1000))).toMatchObject({ kind: 'ok' });
			expect(await editComment(h.db, ids.baeume!, actors.b!, form({ commentId: top, [field]: 'fremd' }), at(1000))).toEqual({ kind: 'forbidden', reason: 'not_author' });
			expect(await editComment(h.db, ids.baeume!, actors.a!, form({ commentId: top, [field]: 'zu spät' }), at(EDIT_WINDOW_MS + 1000))).toMatchObject({
				kind: 'invalid',
				values: { [field]: 'zu spät' },
				errors: { [field]: 'engage_error_edit_window' }
			});
			const [row] = await h.db.select().from(comment).where(eq(comment.id, top));
			expect(row).toMatchObject({ body: 'Tolle Idee! (korrigiert)' });
			expect(row!.editedAt).not.toBeNull();
			const v = await ideaView(h.db, ids.baeume!, actors.a!, at(1000));
			expect(v.kind === 'ok' && v.comments[0]!.editable).toBe(true);
			const late = await ideaView(h.db, ids.baeume!, actors.a!, at(EDIT_WINDOW_MS + 1000));
			expect(late.kind === 'ok' && late.comments[0]!.editable).toBe(false);
		});
		it('takes a report once per person (also concurrently), never on one’s own comment', async () => {
			const f = () => form({ commentId: top, [`reason.${top}`]: 'Das ist Werbung.' });
			const [x, y] = await Promise.all([reportComment(h.db, ids.baeume!, actors.b!, f(), NOW), reportComment(h.db, ids.baeume!, actors.b!, f(), NOW)]);
			expect([x.created, y.created].sort()).toEqual([false, true]);
			expect(await h.db.select().from(commentReport).where(eq(commentReport.commentId, top))).toHaveLength(1);
			expect(await reportComment(h.db, ids.baeume!, actors.a!, form({ commentId: top, [`reason.${top}`]: 'x' }), NOW)).toMatchObject({ errors: { [`reason.${top}`]: 'engage_error_report_own' } });
			expect(await reportComment(h.db, ids.baeume!, actors.author!, form({ commentId: top, [`reason.${top}`]: '' }), NOW)).toMatchObject({ errors: { [`reason.${top}`]: 'engage_error_reason_empty' } });
			const v = await ideaView(h.db, ids.baeume!, actors.b!, NOW);
			expect(v.kind === 'ok' && v.comments[0]!.reportedByMe).toBe(true);
		});

		it('moderation: queue by scope, hide with a public reason, restore, keep — each audited', async () => {
			// The Bürgerhaushalt is district-wide: the Kiezpatin of Alt-Treptow does not moderate it.
			expect((await moderationPage(h.db, actors.kiezpatin!)).open.map((i) => i.commentId)).not.toContain(top);
			expect(await moderate(h.db, actors.kiezpatin!, 'hide', form({ commentId: top, [`hideReason.${top}`]: 'Werbung' }), NOW)).toEqual({ kind: 'forbidden', reason: 'out_of_scope' });
			expect(await moderate(h.db, actors.a!, 'hide', form({ commentId: top, [`hideReason.${top}`]: 'Werbung' }), NOW)).toEqual({ kind: 'forbidden', reason: 'role_missing' });
			const queue = await moderationPage(h.db, actors.caseWorker!);
			const item = queue.open.find((i) => i.commentId === top);
			expect(item).toMatchObject({ proposal: { id: ids.baeume }, reports: [{ reason: 'Das ist Werbung.' }] });

			expect(await moderate(h.db, actors.caseWorker!, 'hide', form({ commentId: top, [`hideReason.${top}`]: ' ' }), NOW)).toMatchObject({ kind: 'invalid', errors: { [`hideReason.${top}`]: 'engage_error_hide_reason_empty' } });
			const [h1, h2] = await Promise.all([
				moderate(h.db, actors.caseWorker!, 'hide', form({ commentId: top, [`hideReason.${top}`]: 'Werbung für ein Geschäft.' }), at(10)),
				moderate(h.db, actors.caseWorker!, 'hide', form({ commentId: top, [`hideReason.${top}`]: 'Werbung für ein Geschäft.' }), at(10))
			]);
			expect([h1, h2].filter((r) => r.kind === 'ok' && r.changed)).toHaveLength(1);
			const pub = await ideaView(h.db, ids.baeume!, null, at(20));
			if (pub.kind !== 'ok') throw new Error(pub.kind);
			expect(pub.comments[0]).toMatchObject({ body: null, hiddenReason: 'Werbung für ein Geschäft.' });
			expect(JSON.stringify(pub)).not.toContain('korrigiert');
			expect(pub.comments[0]!.replies).toHaveLength(1);
			const [rep] = await h.db.select().from(commentReport).where(eq(commentReport.commentId, top));
			expect(rep).toMatchObject({ resolution: 'hidden', resolvedBy: actors.caseWorker!.userId });
			expect((await moderationPage(h.db, actors.caseWorker!)).hidden.map((i) => i.commentId)).toContain(top);
			expect(await editComment(h.db, ids.baeume!, actors.a!, form({ commentId: top, [`edit.${top}`]: 'heimlich' }), at(30))).toMatchObject({ errors: { [`edit.${top}`]: 'engage_error_edit_hidden' } });

			expect(await moderate(h.db, actors.caseWorker!, 'restore', form({ commentId: top }), at(40))).toEqual({ kind: 'ok', changed: true });
			const back = await ideaView(h.db, ids.baeume!, null, at(50));
			expect(back.kind === 'ok' && back.comments[0]!.body).toBe('Tolle Idee! (korrigiert)');

			// A second report, then "keep": the report closes, the comment stays.
			await reportComment(h.db, ids.baeume!, actors.author!, form({ commentId: top, [`reason.${top}`]: 'Unfreundlich' }), at(60));
			expect(await moderate(h.db, actors.caseWorker!, 'keep', form({ commentId: top }), at(70))).toEqual({ kind: 'ok', changed: true });
			expect(await moderate(h.db, actors.caseWorker!, 'keep', form({ commentId: top }), at(80))).toEqual({ kind: 'ok', changed: false });
			expect((await moderationPage(h.db, actors.caseWorker!)).open.map((i) => i.commentId)).not.toContain(top);

			const log = await h.db
				.select({ type: event.type, actorId: event.actorId, payload: event.payload, districtId: event.districtId })
				.from(event)
				.where(and(eq(event.subjectId, top), inArray(event.type, ['comment.hidden', 'comment.restored', 'comment.kept'])))
				.orderBy(event.id);
			expect(log.map((e) => e.type)).toEqual(['comment.hidden', 'comment.restored', 'comment.kept']);
			expect(log.every((e) => e.actorId === actors.caseWorker!.userId && e.districtId === '09')).toBe(true);
			expect(log[0]!.payload).toMatchObject({ reason: 'Werbung für ein Geschäft.', reportsResolved: 1 });
			expect(log[1]!.payload).toMatchObject({ previousReason: 'Werbung für ein Geschäft.' });
		});

		it('a Kiezpatin moderates the ideas of her own region', async () => {
			const [alt] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, 'kiezkasse-2026-alt-treptow'));
			const [p] = await h.db
				.insert(proposal)
				.values({ roundId: alt!.id, title: 'Trinkbrunnen am Plänterwald', description: 'Wasser für alle.', channel: 'paper', status: 'approved', createdAt: NOW, updatedAt: NOW })
				.returning({ id: proposal.id });
			const r = await postComment(h.db, p!.id, actors.a!, form({ body: 'Beleidigung' }), NOW);
			const cid = (r as { anchor: string }).anchor.replace('kommentar-', '');
			await reportComment(h.db, p!.id, actors.b!, form({ commentId: cid, [`reason.${cid}`]: 'beleidigend' }), NOW);
			expect((await moderationPage(h.db, actors.kiezpatin!)).open.map((i) => i.commentId)).toEqual([cid]);
			expect(await moderate(h.db, actors.kiezpatin!, 'hide', form({ commentId: cid, [`hideReason.${cid}`]: 'Beleidigend.' }), NOW)).toEqual({ kind: 'ok', changed: true });
		});
	});

	describe('the idea page', () => {
		it('shows the latest public feedback of the pre-check', async () => {
			await h.db.insert(proposalCheck).values([
				{ proposalId: ids.fest!, criteria: {}, outcome: 'needs_clarification', publicFeedback: 'Bitte Ort angeben.', messageToProposer: 'intern', at: at(-2000) },
				{ proposalId: ids.fest!, criteria: {}, outcome: 'eligible', publicFeedback: 'Förderfähig.', at: at(-1000) },
				{ proposalId: ids.fest!, criteria: {}, outcome: 'eligible', publicFeedback: null, at: at(-500) }
			]);
			const v = await ideaView(h.db, ids.fest!, null, NOW);
			expect(v).toMatchObject({ kind: 'ok', feedback: { text: 'Förderfähig.' } });
			expect(JSON.stringify(v)).not.toContain('intern');
		});
		it('points a merged duplicate to the idea it was merged into', async () => {
			await h.db.update(proposal).set({ status: 'merged', mergedIntoId: ids.bank! }).where(eq(proposal.id, ids.sitzbank!));
			expect(await ideaView(h.db, ids.sitzbank!, null, NOW)).toEqual({ kind: 'merged', intoId: ids.bank });
			expect(await support(h.db, ids.sitzbank!, actors.a!, true, NOW)).toEqual({ kind: 'merged', intoId: ids.bank });
			expect(await titles('q=Sitzbank')).toEqual([]);
			expect(await ideaView(h.db, randomUUID(), null, NOW)).toEqual({ kind: 'not_found' });
		});
	});
});

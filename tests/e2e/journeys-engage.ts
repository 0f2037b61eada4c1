/**
 * End-to-end journeys of the engage area (issue 4: browse, support, comment, report, moderate), each with
 * JavaScript on and off; axe runs on every page visited (harness.ts). Demo data: the Treptow-Köpenick seed
 * (the Kiezkasse of Adlershof is being implemented: comments open, supports closed; the district-wide
 * Bürgerhaushalt collects ideas: supports open).
 */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, signUpAndVerify, unique } from './journeys.ts';

const BH = '/runde/buergerhaushalt-2027-treptow-koepenick';
const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

async function submit(ctx: Ctx, selector: string, url?: RegExp | ((u: URL) => boolean)) {
	const { page } = ctx;
	if (url) await Promise.all([page.waitForURL(url), page.click(selector)]);
	else await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(selector)]);
	await page.waitForLoadState('load');
}

const mainText = async (ctx: Ctx) => ((await ctx.page.textContent('main')) ?? '').replace(/\s+/g, ' ');

async function adlershofRound(ctx: Ctx): Promise<string> {
	await ctx.page.goto(ctx.base + '/bezirk/treptow-koepenick');
	const href = await ctx.page.getAttribute('table a:text-is("Adlershof")', 'href');
	ctx.expect(href, 'the district page links to the Kiezkasse of Adlershof');
	return href;
}

export const journeys: Journey[] = [
	{
		name: 'engage: a resident searches, filters and sorts ideas, then supports one (sign-in returns to the idea)',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// Search with an inflected form: "Friedhöfe" finds the idea that says "Friedhof" (the 'german'
			// configuration of PostgreSQL 15 and of PGlite agree on this stem).
			const round = await adlershofRound(ctx);
			await ctx.visit(round);
			await page.fill('#field-q', 'Friedhöfe');
			await submit(ctx, 'form[role=search] button[type=submit]', /[?&]q=Friedh/);
			await ctx.audit('round page, search');
			let list = (await page.locator('ul.idea-list li a').allTextContents()).map((t) => t.trim());
			ctx.expect(list.length === 1 && list[0] === 'Informationstafeln auf dem Friedhof erneuern', `the search finds the other word form, and only it (${list.join(' | ')})`);
			ctx.expect((await page.textContent('#result-count'))?.includes('1 Idee gefunden'), 'the number of results is announced');
			ctx.expect((await page.inputValue('#field-q')) === 'Friedhöfe', 'the search box keeps the words');
			// Sort by amount, without search words.
			await page.fill('#field-q', '');
			await page.selectOption('#field-sortierung', 'amount_desc');
			await submit(ctx, 'form[role=search] button[type=submit]', /sortierung=amount_desc/);
			await ctx.audit('round page, sorted by amount');
			list = (await page.locator('ul.idea-list li a').allTextContents()).map((t) => t.trim());
			ctx.expect(list[0] === 'Trainingsanzüge für die Jugendfeuerwehr', `the most expensive idea comes first (${list[0]})`);
			// A filter that matches nothing says so.
			await page.selectOption('#field-kategorie', 'fees');
			await submit(ctx, 'form[role=search] button[type=submit]', /kategorie=fees/);
			await ctx.audit('round page, empty filter');
			ctx.expect((await page.textContent('#result-count'))?.includes('Keine Idee gefunden'), 'an empty result says so');
			await submit(ctx, 'main a:text-is("Suche und Filter zurücksetzen")', /\/runde\/[^?]+$|\/runde\/[^?]+#proposals$/);
			ctx.expect((await page.locator('ul.idea-list li').count()) > 2, 'resetting shows all ideas again');

			// A new idea in the Bürgerhaushalt (ideas phase), found by an inflected word and a cost-category filter.
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			const title = `Bänke für den Kiezklub ${unique(ctx.js ? 'js' : 'nojs')}`;
			await ctx.visit(`${BH}/idee-einreichen`);
			await page.fill('[id="field-title"]', title);
			await page.fill('[id="field-description"]', 'Zwei Bänke aus Holz vor dem Eingang, damit Ältere sich ausruhen können.');
			await page.selectOption('[id="field-items.0.category"]', 'fees');
			await page.fill('[id="field-items.0.description"]', 'Tischlerei');
			await page.fill('[id="field-items.0.amount"]', '900');
			await submit(ctx, 'form.stack button[type=submit]', /\/idee\/[0-9a-f-]{36}\?eingereicht=1$/);
			const ideaPath = new URL(page.url()).pathname;
			await ctx.visit(`${BH}?q=Bank&kategorie=fees`);
			list = (await page.locator('ul.idea-list li a').allTextContents()).map((t) => t.trim());
			ctx.expect(list.includes(title), `"Bank" with the fees filter finds "${title}" (${list.join(' | ')})`);
			await signOut(ctx);

			// Signed out: the count and a sign-in link that comes back to the idea.
			await ctx.visit(ideaPath);
			ctx.expect((await page.textContent('#support-count'))?.includes('0 Unterstützungen'), 'readers see the count');
			ctx.expect((await page.locator('form[action="?/support"]').count()) === 0, 'readers get no support button');
			await submit(ctx, '#main a:text-is("Melden Sie sich an, um diese Idee zu unterstützen oder zu kommentieren.") >> nth=0', /\/anmelden\?weiter=/);
			await ctx.audit('sign-in from the idea');
			await page.fill('#field-email', u.email);
			await page.fill('#field-password', u.password);
			await submit(ctx, 'form.stack button[type=submit]', (url) => url.pathname === ideaPath);
			await ctx.audit('idea after sign-in');

			await submit(ctx, 'form[action="?/support"] button', /hinweis=unterstuetzt/);
			await ctx.audit('idea supported');
			ctx.expect((await page.textContent('#support-count'))?.includes('1 Unterstützung'), 'the count goes up by one');
			ctx.expect((await mainText(ctx)).includes('Sie unterstützen diese Idee.'), 'the page says the resident supports it');
			// A second support (a replayed post) changes nothing.
			const again = await page.request.post(ctx.base + ideaPath + '?/support', { form: {}, headers: { origin: ctx.base, accept: 'text/html' }, maxRedirects: 0 });
			ctx.expect(again.status() === 303, `a repeated support post is accepted as a no-op (got ${again.status()})`);
			await ctx.visit(ideaPath);
			ctx.expect((await page.textContent('#support-count'))?.includes('1 Unterstützung'), 'a repeated support counts once');
			await submit(ctx, 'form[action="?/unsupport"] button', /hinweis=zurueckgezogen/);
			await ctx.audit('support withdrawn');
			ctx.expect((await page.textContent('#support-count'))?.includes('0 Unterstützungen'), 'withdrawing takes the support back');
		}
	},
	{
		name: 'engage: comment, reply, report; a moderator hides it with a public reason; residents cannot moderate',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const round = await adlershofRound(ctx);
			await ctx.visit(`${round}?q=Waldkinderfest`);
			await submit(ctx, 'ul.idea-list li a >> nth=0', /\/idee\//);
			const ideaPath = new URL(page.url()).pathname;

			// Resident A comments; markup is shown as text; an empty comment is refused at the field.
			const a = await signUpAndVerify(ctx);
			await signIn(ctx, a.email, a.password);
			await ctx.visit(ideaPath);
			const [empty] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#neuer-kommentar button')]);
			ctx.expect(empty.status() === 400, `an empty comment answers 400 (got ${empty.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('comment form (error)');
			ctx.expect((await page.getAttribute('.error-summary a', 'href')) === '#field-body', 'the error summary links to the comment field');
			const text = `<b>fett</b> Gute Idee ${unique('c')}`;
			await page.fill('#field-body', text);
			await submit(ctx, '#neuer-kommentar button', /hinweis=kommentiert#kommentar-/);
			await ctx.audit('comment published');
			const commentId = /kommentar-([0-9a-f-]{36})/.exec(page.url())?.[1];
			ctx.expect(commentId, 'the page jumps to the new comment');
			const box = `#kommentar-${commentId}`;
			ctx.expect((await page.textContent(box))?.includes(text), 'markup in a comment is shown as text');
			ctx.expect((await page.locator(`${box} b`).count()) === 0, 'markup in a comment is not rendered');
			ctx.expect((await page.textContent(box))?.includes(a.pseudonym) && !(await mainText(ctx)).includes(a.email), 'the pseudonym is shown, the address never');
			// Edit within the window.
			await page.click(`${box} details:has(form[action="?/edit"]) summary`);
			await page.fill(`[id="field-edit.${commentId}"]`, `${text} (ergänzt)`);
			await submit(ctx, `${box} form[action="?/edit"] button`, /hinweis=bearbeitet/);
			await ctx.audit('comment edited');
			ctx.expect((await page.textContent(box))?.includes('(ergänzt)') && (await page.textContent(box))?.includes('bearbeitet'), 'the edit is saved and marked');
			await signOut(ctx);

			// Resident B replies and reports; a resident cannot reach or use the moderation queue.
			const b = await signUpAndVerify(ctx);
			await signIn(ctx, b.email, b.password);
			await ctx.visit(ideaPath);
			await page.click(`${box} details:has(form[action="?/comment"]) summary`);
			const reply = `Stimmt, ${unique('r')}`;
			await page.fill(`[id="field-reply.${commentId}"]`, reply);
			await submit(ctx, `${box} form[action="?/comment"] button`, /hinweis=kommentiert/);
			await ctx.audit('reply published');
			ctx.expect((await page.textContent(`li:has(${box}) ol.replies`))?.includes(reply), 'the reply is shown under the comment');
			await page.click(`${box} details:has(form[action="?/report"]) summary`);
			await page.fill(`[id="field-reason.${commentId}"]`, 'Das wirkt wie Werbung.');
			await submit(ctx, `${box} form[action="?/report"] button`, /hinweis=gemeldet/);
			await ctx.audit('comment reported');
			ctx.expect((await page.textContent(box))?.includes('Sie haben diesen Kommentar gemeldet.'), 'a reported comment offers no second report');
			const replay = await page.request.post(ctx.base + ideaPath + '?/report', {
				form: { commentId: commentId!, [`reason.${commentId}`]: 'Noch einmal' },
				headers: { origin: ctx.base, accept: 'text/html' },
				maxRedirects: 0
			});
			ctx.expect(replay.status() === 303 && (replay.headers().location ?? '').includes('bereits-gemeldet'), `a second report is taken as already reported (${replay.status()} ${replay.headers().location})`);
			await ctx.visit('/admin/moderation', { status: 403 });
			for (const action of ['hide', 'restore', 'keep']) {
				const r = await page.request.post(ctx.base + `/admin/moderation?/${action}`, {
					form: { commentId: commentId!, [`hideReason.${commentId}`]: 'x' },
					headers: { origin: ctx.base, accept: 'text/html' },
					maxRedirects: 0
				});
				ctx.expect(r.status() === 403, `a resident's POST ?/${action} is refused with 403 (got ${r.status()})`);
			}
			const data = await page.request.get(ctx.base + '/admin/moderation/__data.json', { maxRedirects: 0 });
			ctx.expect(data.status() === 403 || !(await data.text()).includes(commentId!), 'the queue data is not served to a resident');
			await signOut(ctx);

			// The Kiezpatin of Alt-Treptow does not moderate Adlershof: not in her queue, her post is refused.
			await signIn(ctx, kiezpatin.email, kiezpatin.password);
			await ctx.visit('/admin/moderation');
			ctx.expect((await page.locator(`#meldung-${commentId}`).count()) === 0, 'the Kiezpatin of another region does not see the report');
			const out = await page.request.post(ctx.base + '/admin/moderation?/hide', {
				form: { commentId: commentId!, [`hideReason.${commentId}`]: 'x' },
				headers: { origin: ctx.base, accept: 'text/html' },
				maxRedirects: 0
			});
			ctx.expect(out.status() === 403, `a moderator of another region is refused (got ${out.status()})`);
			await signOut(ctx);

			// The district's case worker hides it; a reason is required and is shown to the public.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin/moderation');
			const item = `#meldung-${commentId}`;
			ctx.expect((await page.textContent(item))?.includes('Das wirkt wie Werbung.'), 'the queue shows the report with its reason');
			const [noReason] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(`${item} form[action="?/hide"] button`)]);
			ctx.expect(noReason.status() === 400, `hiding without a reason answers 400 (got ${noReason.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('moderation (error)');
			const reason = `Werbung ist hier nicht erlaubt (${unique('m')}).`;
			await page.fill(`[id="field-hideReason.${commentId}"]`, reason);
			await submit(ctx, `${item} form[action="?/hide"] button`, /hinweis=ausgeblendet/);
			await ctx.audit('moderation (hidden)');
			ctx.expect((await page.textContent(`#ausgeblendet-${commentId}`))?.includes(reason), 'the hidden comment is listed with its reason, ready to restore');
			await signOut(ctx);

			await ctx.visit(ideaPath);
			const shown = (await page.textContent(box)) ?? '';
			ctx.expect(shown.includes(reason), 'the public sees the reason in place of the comment');
			ctx.expect(!shown.includes('Gute Idee'), 'the public no longer sees the hidden text');
			ctx.expect((await page.textContent(`li:has(${box}) ol.replies`))?.includes(reply), 'replies stay visible');
		}
	},
	{
		name: 'engage: at 320 px the filtered idea list and an idea page with a long address need no sideways scrolling',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			const round = await adlershofRound(ctx);
			// The seeded descriptions end in a long source address (a press release URL).
			for (const path of [`${round}?q=Waldkinderfest&sortierung=supports`, `${round}?seite=2`]) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			}
			await ctx.visit(`${round}?q=Waldkinderfest`);
			await submit(ctx, 'ul.idea-list li a >> nth=0', /\/idee\//);
			await ctx.audit('idea page at 320 px');
			const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
			ctx.expect(width <= 320, `the idea page is ${width} px wide at a 320 px viewport`);
		}
	}
];

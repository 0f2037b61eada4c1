/** End-to-end journeys of the follow area (issue 8); each journey's name starts with "follow:" so E2E_ONLY picks them. */
import ICAL from 'ical.js';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey, Mail } from './harness.ts';
import { signIn, signUpAndVerify, unique } from './journeys.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const byId = (id: string) => `[id="${id}"]`;
const BH = '/runde/buergerhaushalt-2027-treptow-koepenick';
// The server's notifier runs every 30 s; a mail may take up to two rounds plus the outbox.
const MAIL_WAIT = 120_000;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

async function submit(ctx: Ctx, selector: string, url: RegExp | ((u: URL) => boolean)) {
	await Promise.all([ctx.page.waitForURL(url), ctx.page.click(selector)]);
	await ctx.page.waitForLoadState('load');
}

const mainText = async (ctx: Ctx) => ((await ctx.page.textContent('main')) ?? '').replace(/\s+/g, ' ');

async function adlershofRound(ctx: Ctx): Promise<string> {
	await ctx.page.goto(ctx.base + '/bezirk/treptow-koepenick');
	const href = await ctx.page.getAttribute('table a:text-is("Adlershof")', 'href');
	ctx.expect(href, 'the district page links to the Kiezkasse of Adlershof');
	return href;
}

/** Sets how often one follow (the list item whose heading contains `title`) mails, on /konto/abos. */
async function setFrequency(ctx: Ctx, title: string, frequency: 'immediate' | 'daily' | 'weekly') {
	await ctx.visit('/konto/abos');
	const item = ctx.page.locator('li.follow-item', { hasText: title });
	ctx.expect((await item.count()) === 1, `"${title}" is listed once on /konto/abos`);
	await item.locator('select').selectOption(frequency);
	await submit(ctx, `li.follow-item:has-text("${title}") form[action="?/frequency"] button`, /gespeichert/);
	await ctx.audit('/konto/abos saved');
	ctx.expect((await item.locator('select').inputValue()) === frequency, `the frequency of "${title}" is now ${frequency}`);
}

function stopLinkOf(ctx: Ctx, mail: Mail): string {
	const link = /https?:\/\/\S+\/abo-abmelden\?token=[\w.-]+/.exec(mail.text)?.[0];
	ctx.expect(link && link.startsWith(ctx.base), `the mail has a stop link to the app: ${mail.text}`);
	// RFC 8058 §3.1: the same HTTPS (here: the app's) URL in List-Unsubscribe, and the one-click marker.
	const head = (mail.head ?? '').replace(/\r?\n[ \t]+/g, ' ');
	ctx.expect(/^list-unsubscribe-post:\s*List-Unsubscribe=One-Click\s*$/im.test(head), `the mail has List-Unsubscribe-Post: ${head}`);
	ctx.expect(head.toLowerCase().includes(`list-unsubscribe: <${link.toLowerCase()}>`), `List-Unsubscribe carries the stop link: ${head}`);
	return link;
}

export const journeys: Journey[] = [
	{
		name: 'follow: a resident follows an idea, gets a mail at once when someone comments, and stops all mails with one click without signing in',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// The Bürgerhaushalt collects ideas now, so its ideas can be commented on. B hands one in.
			const a = await signUpAndVerify(ctx);
			const b = await signUpAndVerify(ctx);
			await signIn(ctx, b.email, b.password);
			const ideaTitle = `Trinkbrunnen am Spielplatz ${unique(ctx.js ? 'js' : 'nojs')}`;
			await ctx.visit(`${BH}/idee-einreichen`);
			await page.fill('[id="field-title"]', ideaTitle);
			await page.fill('[id="field-description"]', 'Ein Trinkbrunnen, damit Kinder im Sommer Wasser haben.');
			await page.selectOption('[id="field-items.0.category"]', 'fees');
			await page.fill('[id="field-items.0.description"]', 'Einbau');
			await page.fill('[id="field-items.0.amount"]', '900');
			await submit(ctx, 'form.stack button[type=submit]', /\/idee\/[0-9a-f-]{36}\?eingereicht=1$/);
			const ideaPath = new URL(page.url()).pathname;
			await signOut(ctx);

			// Signed out: a link to sign in that comes back to the idea.
			await ctx.visit(ideaPath);
			ctx.expect((await page.locator('main form[action$="?/follow"]').count()) === 0, 'readers get no follow button');
			await submit(ctx, 'main a[href*="/anmelden?weiter="]:has-text("folgen")', /\/anmelden\?weiter=/);
			await page.fill('#field-email', a.email);
			await page.fill('#field-password', a.password);
			await submit(ctx, 'form.stack button[type=submit]', (u) => u.pathname === ideaPath);
			await submit(ctx, 'main form[action$="?/follow"] button', (u) => u.pathname === ideaPath);
			await ctx.audit('idea followed');
			ctx.expect((await mainText(ctx)).includes('Sie folgen.'), 'the idea page says the resident follows it');
			await setFrequency(ctx, ideaTitle, 'immediate');
			// The cross-site form check still protects every other form (only the one-click stop is exempt).
			const forged = await page.request.post(`${ctx.base}/konto/abos?/unfollow`, { form: { follow: '00000000-0000-4000-8000-000000000000' }, headers: { origin: 'https://evil.example', accept: 'text/html' }, maxRedirects: 0 });
			ctx.expect(forged.status() === 403, `a cross-site post to /konto/abos is refused (got ${forged.status()})`);
			await signOut(ctx);

			// B comments on the idea; A follows it and hears of it.
			await signIn(ctx, b.email, b.password);
			await ctx.visit(ideaPath);
			await page.fill('#field-body', `Ich helfe gern beim Aufbau. ${unique('c')}`);
			await submit(ctx, '#neuer-kommentar button', /hinweis=kommentiert/);
			await signOut(ctx);

			const mail = await ctx.waitForMail(a.email, MAIL_WAIT, (m) => m.text.includes('Neuer Kommentar'));
			ctx.expect(mail.text.includes(`${ctx.base}${ideaPath}`), `the mail links to the idea: ${mail.text}`);
			const link = stopLinkOf(ctx, mail);

			// A mail client's one-click POST (RFC 8058 §3.2): no session, an origin that is not ours.
			const oneClick = await page.request.post(link, { multipart: { 'List-Unsubscribe': 'One-Click' }, headers: { origin: 'https://mail.example' }, maxRedirects: 0 });
			ctx.expect(oneClick.status() === 200, `the one-click stop answers 200 (got ${oneClick.status()})`);
			// Opening the link shows a confirm page (mail scanners open links); confirming again is harmless.
			await page.goto(link);
			await ctx.audit('stop confirm page');
			await submit(ctx, 'main form button[type=submit]', (u) => u.pathname.endsWith('/abo-abmelden'));
			await ctx.audit('stopped');
			ctx.expect((await mainText(ctx)).includes(a.email), 'the page names the address that was stopped');
			// A garbled token is refused politely.
			await ctx.visit(`/abo-abmelden?token=${link.split('token=')[1]!.slice(0, 20)}x`);
			ctx.expect((await mainText(ctx)).includes('ungültig'), 'a cut link says it is not valid');

			await signIn(ctx, a.email, a.password);
			await ctx.visit('/konto/abos');
			ctx.expect((await page.locator('li.follow-item').count()) === 0, 'after the one-click stop the resident follows nothing');
		}
	},
	{
		name: 'follow: staff cancel a date with a reason; region followers are told; the page, month view and iCal feed show it; a mistaken date is deleted',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const round = await adlershofRound(ctx);
			const r = await signUpAndVerify(ctx);
			await signIn(ctx, r.email, r.password);
			await ctx.visit(round);
			await submit(ctx, 'main form[action$="?/follow"]:has(input[name=type][value=region]) button', (u) => u.pathname === round);
			await ctx.audit('region followed');
			await setFrequency(ctx, 'Adlershof', 'immediate');
			await signOut(ctx);

			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin/termine');
			const title = `Infoabend ${unique(ctx.js ? 'js' : 'nojs')}`;
			const day = new Date(Date.now() + 15 * 24 * 3600_000).toISOString().slice(0, 10);
			await page.check(byId('field-kind-info_event'));
			await page.fill(byId('field-title'), title);
			await page.fill(byId('field-placeName'), 'Nachbarschaftshaus');
			await page.fill(byId('field-address'), 'Dörpfeldstraße 54, 12489 Berlin');
			await page.fill(byId('field-day'), day);
			await page.fill(byId('field-from'), '18:00');
			await page.fill(byId('field-to'), '20:00');
			await page.selectOption(byId('field-regionId'), { label: 'Adlershof' });
			await submit(ctx, 'main form button[type=submit]', /\/admin\/termine\/[0-9a-f-]{36}\?gespeichert=1$/);
			const entryId = /\/admin\/termine\/([0-9a-f-]{36})/.exec(page.url())![1]!;
			await submit(ctx, `main a[href$="/admin/termine/${entryId}/absagen"]`, /\/absagen$/);
			await ctx.audit('cancel page');
			// No reason: the form points at the field.
			await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), page.click('main form[action="?/cancel"] button')]);
			await page.waitForSelector('.error-summary');
			await ctx.audit('cancel without reason');
			ctx.expect((await page.getAttribute('.error-summary a', 'href')) === '#field-reason', 'the error summary links to the reason');
			const reason = 'Der Raum ist wegen eines Wasserschadens gesperrt.';
			await page.fill(byId('field-reason'), reason);
			await submit(ctx, 'main form[action="?/cancel"] button', /abgesagt=1/);
			await ctx.audit('cancelled');
			await signOut(ctx);

			// The public sees the cancellation with its reason on the entry page and in the month view.
			await ctx.visit(`/termine/eintrag/${entryId}`);
			ctx.expect((await mainText(ctx)).includes(`Abgesagt: ${reason}`), 'the entry page shows the cancellation and its reason');
			await ctx.visit(`/termine/monat?monat=${day.slice(0, 7)}`);
			const item = ((await page.locator(`li.month-item:has-text("${title}")`).textContent()) ?? '').replace(/\s+/g, ' ');
			ctx.expect(item.includes('Abgesagt:') && item.includes(reason), `the month view marks the date as cancelled, with the reason: ${item}`);
			// Calendar apps get STATUS:CANCELLED with a raised SEQUENCE (RFC 5545 §3.8.1.11, §3.8.7.4).
			const feed = await page.request.get(`${ctx.base}/termine/kalender.ics`);
			const cal = new ICAL.Component(ICAL.parse(await feed.text()));
			const ev = cal.getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('uid')).includes(entryId));
			ctx.expect(ev, 'the feed has the cancelled date');
			ctx.expect(ev.getFirstPropertyValue('status') === 'CANCELLED', `the feed says CANCELLED (${ev.getFirstPropertyValue('status')})`);
			ctx.expect(Number(ev.getFirstPropertyValue('sequence')) === 1, `the feed raised SEQUENCE to 1 (${ev.getFirstPropertyValue('sequence')})`);

			// The new date was a notification of its own; the cancellation is the next.
			const mail = await ctx.waitForMail(r.email, MAIL_WAIT, (m) => m.text.includes(title) && m.text.includes('Termin abgesagt'));
			ctx.expect(mail.text.includes(reason), `the follower is told of the cancellation with the reason: ${mail.text}`);
			stopLinkOf(ctx, mail);

			// A date entered by mistake is deleted and is gone from the public page.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/termine/${entryId}/absagen`);
			await submit(ctx, 'main form[action="?/remove"] button', /geloescht=1/);
			await ctx.audit('deleted');
			ctx.expect((await mainText(ctx)).includes('Der Termin ist gelöscht.'), 'the list says the date is deleted');
			await ctx.visit(`/termine/eintrag/${entryId}`, { status: 404 });
		}
	},
	{
		name: 'follow: at 320 px the follow buttons, the list of follows and the stop page need no sideways scrolling',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			const round = await adlershofRound(ctx);
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			await ctx.visit(round);
			await submit(ctx, 'main form[action$="?/follow"]:has(input[name=type][value=round]) button', (x) => x.pathname === round);
			for (const path of [round, '/konto/abos', '/abo-abmelden?token=x.y']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			}
			ctx.expect((await page.locator('main h1').count()) === 1, 'the stop page has its heading');
		}
	}
];

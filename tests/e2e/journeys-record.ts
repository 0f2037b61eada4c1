/** End-to-end journeys of the record area (issue 8); each journey's name starts with "record:" so E2E_ONLY picks them. */
import ICAL from 'ical.js';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import { textPdf } from '../../src/lib/server/documents/text-pdf.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, unique } from './journeys.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
const byId = (id: string) => `[id="${id}"]`;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

/** A word that only this run's document contains (letters only, so the German parser keeps it as one word). */
const word = (prefix: string) => `${prefix}${unique('x').replace(/[^a-z]/g, '')}`;

async function upload(ctx: Ctx, o: { title: string; visibility: 'public' | 'staff'; text: string[] }): Promise<string> {
	const { page } = ctx;
	await ctx.visit('/admin/dokumente');
	await page.selectOption(byId('field-kind'), 'minutes');
	await page.fill(byId('field-title'), o.title);
	await page.fill(byId('field-dated'), '2026-06-14');
	await page.check(o.visibility === 'public' ? byId('field-visibility') : byId('field-visibility-staff'));
	await page.setInputFiles(byId('field-file'), { name: 'protokoll.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await textPdf(o.title, o.text)) });
	await Promise.all([page.waitForURL(/\/admin\/dokumente\/[0-9a-f-]{36}\?gespeichert=1$/), page.click('main form[enctype] button[type=submit]')]);
	await ctx.audit('document saved');
	return /\/admin\/dokumente\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

export const journeys: Journey[] = [
	{
		name: 'record: a case worker uploads minutes as PDF; the public finds them by a word of the text; a new version keeps the old; staff-only stays hidden',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin');
			await Promise.all([page.waitForURL(/\/admin\/termine$/), page.click('main a[href$="/admin/termine"]')]);
			await ctx.audit('/admin/termine');
			await Promise.all([page.waitForURL(/\/admin\/dokumente$/), page.click('main a[href$="/admin/dokumente"]')]);
			await ctx.audit('/admin/dokumente');

			// A file that is not a PDF is refused by its bytes; the typed title stays, the summary points at the file.
			const title = `Protokoll ${unique(ctx.js ? 'js' : 'nojs')}`;
			await page.fill(byId('field-title'), title);
			await page.fill(byId('field-dated'), '2026-06-14');
			await page.setInputFiles(byId('field-file'), { name: 'bericht.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>kein PDF</html>') });
			await page.click('main form[enctype] button[type=submit]');
			await page.waitForSelector('.error-summary');
			await ctx.audit('upload error');
			ctx.expect((await page.inputValue(byId('field-title'))) === title, 'the title is kept after the error');
			ctx.expect(await page.locator('.error-summary a[href="#field-file"]').count(), 'the error summary links to the file field');

			const secretWord = word('brunnen');
			const id = await upload(ctx, { title, visibility: 'public', text: ['Die Versammlung beschloss einstimmig die Förderung.', `Stichwort: ${secretWord}.`] });

			// A new version.
			const v2Word = word('lastenrad');
			await page.setInputFiles(byId('field-file'), { name: 'protokoll-v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await textPdf(`${title} (berichtigt)`, [`Berichtigt: ${v2Word}.`])) });
			await page.fill(byId('field-note'), 'Betrag berichtigt');
			await Promise.all([page.waitForURL(/\?fassung=2$/), page.click('main form[action="?/version"] button[type=submit]')]);
			await ctx.audit('version 2 saved');

			const staffTitle = `Interner Vermerk ${unique('s')}`;
			const staffId = await upload(ctx, { title: staffTitle, visibility: 'staff', text: ['Nur für den Dienstgebrauch.'] });
			await ctx.visit(`/dokumente/${staffId}`);
			await signOut(ctx);

			// The public searches the text of the current version.
			await ctx.visit('/');
			await Promise.all([page.waitForURL(/\/dokumente$/), page.click('footer a[href$="/dokumente"]')]);
			await ctx.audit('/dokumente');
			await page.fill('#doc-q', v2Word);
			await Promise.all([page.waitForURL(/\/dokumente\?q=/), page.click('form[role=search] button[type=submit]')]);
			await ctx.audit('/dokumente?q');
			ctx.expect(await page.locator(`a[href$="/dokumente/${id}"]`).count(), `the search for "${v2Word}" finds the minutes`);
			ctx.expect(await page.locator('mark').count(), 'the hit is marked in the snippet');

			await Promise.all([page.waitForURL(new RegExp(`/dokumente/${id}$`)), page.click(`main a[href$="/dokumente/${id}"]`)]);
			await ctx.audit('document page');
			ctx.expect((await page.locator('ol.version-list li').count()) === 2, 'both versions are listed');
			const v1 = await page.request.get(new URL(`/dokumente/${id}/datei?fassung=1`, ctx.base).toString());
			ctx.expect(v1.status() === 200 && v1.headers()['content-type'] === 'application/pdf', `version 1 stays downloadable (${v1.status()})`);
			ctx.expect((await v1.body()).subarray(0, 5).toString() === '%PDF-', 'version 1 is a PDF');

			await ctx.visit(`/dokumente?q=${encodeURIComponent(staffTitle)}`);
			ctx.expect((await page.locator(`a[href$="/dokumente/${staffId}"]`).count()) === 0, 'a staff-only document is not found by the public');
			await ctx.visit(`/dokumente/${staffId}`, { status: 404 });
			const file = await page.request.get(new URL(`/dokumente/${staffId}/datei?fassung=1`, ctx.base).toString());
			ctx.expect(file.status() === 404, `the staff-only file is 404 to the public (got ${file.status()})`);

			// Residents are refused the admin pages.
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit('/admin/dokumente', { status: 403 });
			// The other admin pages of the record the same way (one visit per error page: titles are checked for uniqueness).
			for (const path of ['/admin/termine', '/admin/wissen', '/admin/wissen/regeln', `/admin/dokumente/${id}`]) {
				const res = await page.request.get(new URL(path, ctx.base).toString(), { maxRedirects: 0 });
				ctx.expect(res.status() === 403, `${path} is refused to a resident (got ${res.status()})`);
			}
			await ctx.visit(`/dokumente/${staffId}`, { status: 404 });
		}
	},
	{
		name: 'record: staff schedule a mobile-office stop; the kiosk takes an idea that appears on the round page with its channel; the stop is in the month view and the feed',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin/termine');
			const place = `Wochenmarkt ${unique(ctx.js ? 'js' : 'nojs')}`;
			const day = new Date(Date.now() + 12 * 24 * 3600_000).toISOString().slice(0, 10);
			await page.check(byId('field-kind-mobile_office'));
			await page.fill(byId('field-title'), `Mobiles Bürgerbüro am ${place}`);
			await page.fill(byId('field-placeName'), place);
			await page.fill(byId('field-address'), 'Dörpfeldstraße 54, 12489 Berlin');
			await page.fill(byId('field-day'), day);
			// Forgotten times: the form keeps the rest and points at the field.
			await page.click('main form button[type=submit]');
			await page.waitForSelector('.error-summary');
			await ctx.audit('entry error');
			ctx.expect((await page.inputValue(byId('field-placeName'))) === place, 'the place is kept after the error');
			await page.fill(byId('field-from'), '15:00');
			await page.fill(byId('field-to'), '18:00');
			await page.selectOption(byId('field-roundId'), { label: `Kiezkasse Adlershof ${new Date().getUTCFullYear()}` });
			await Promise.all([page.waitForURL(/\/admin\/termine\/[0-9a-f-]{36}\?gespeichert=1$/), page.click('main form button[type=submit]')]);
			await ctx.audit('entry saved');
			const entryId = /\/admin\/termine\/([0-9a-f-]{36})/.exec(page.url())![1]!;

			await Promise.all([page.waitForURL(/\/kiosk$/), page.click(`main a[href$="/admin/termine/${entryId}/kiosk"]`)]);
			await ctx.audit('kiosk');
			const title = `Bank am ${place}`;
			await page.fill(byId('field-title'), title);
			await page.fill(byId('field-description'), 'Eine Sitzbank für ältere Menschen am Markt, am Stand des mobilen Bürgerbüros gesagt.');
			await page.fill(byId('field-items.0.description'), 'Bank');
			await page.fill(byId('field-items.0.amount'), '450');
			await page.click('form[action="?/idea"] button[type=submit]');
			await page.waitForSelector('.kern-alert--success');
			await ctx.audit('kiosk idea saved');
			ctx.expect((await page.inputValue(byId('field-title'))) === '', 'the kiosk form is empty again for the next person');
			ctx.expect(((await page.textContent('#kiosk-taken')) ?? '').includes('1 Ideen'), 'the kiosk counts the idea taken at this stop');

			// A comment on the spot.
			await page.selectOption(byId('field-proposalId'), { label: title });
			await page.fill(byId('field-body'), 'Bitte mit Rückenlehne.');
			await page.click('form[action="?/comment"] button[type=submit]');
			await page.waitForSelector('.kern-alert--success');
			ctx.expect(((await page.textContent('#kiosk-taken')) ?? '').includes('1 Kommentare'), 'the kiosk counts the comment');
			await signOut(ctx);

			// The round page shows the idea with its channel.
			await ctx.visit(`/runde/kiezkasse-${new Date().getUTCFullYear()}-adlershof?q=${encodeURIComponent(title)}`);
			const item = page.locator('ul.idea-list li', { hasText: title });
			ctx.expect(await item.count(), 'the round page lists the kiosk idea');
			ctx.expect(((await item.first().textContent()) ?? '').includes('eingereicht beim mobilen Bürgerbüro'), 'the idea shows its channel');
			await Promise.all([page.waitForURL(/\/idee\/[0-9a-f-]{36}$/), item.first().locator('a').first().click()]);
			await ctx.audit('kiosk idea page');
			const main = (await page.textContent('main')) ?? '';
			ctx.expect(main.includes('beim mobilen Bürgerbüro'), 'the idea page names the channel');
			ctx.expect(main.includes('Bitte mit Rückenlehne.') && main.includes('aufgenommen im mobilen Bürgerbüro'), 'the comment taken at the stop shows where it was taken');

			// The public mobile-office page, the entry page, the month view and the region's feed.
			await ctx.visit('/mobiles-buergerbuero');
			ctx.expect(((await page.textContent('main')) ?? '').includes(place), 'the mobile-office page lists the new stop');
			await ctx.visit(`/termine/eintrag/${entryId}`);
			ctx.expect(((await page.textContent('main')) ?? '').includes('Dörpfeldstraße 54'), 'the entry page shows the address');
			await ctx.visit(`/termine/monat?monat=${day.slice(0, 7)}&region=092007`);
			ctx.expect(await page.locator(`a[href$="/termine/eintrag/${entryId}"]`).count(), 'the month view shows the stop');
			const feed = await page.request.get(new URL('/termine/kalender.ics?region=092007', ctx.base).toString());
			const events = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
			const ev = events.find((e) => e.uid.startsWith(`entry-${entryId}@`));
			ctx.expect(ev, 'the region feed has the stop');
			ctx.expect(ev!.summary.includes(place) && ev!.location.includes('Dörpfeldstraße 54'), `the feed event has title and place (${ev!.summary}; ${ev!.location})`);
			ctx.expect(ev!.startDate.toJSDate().getTime() < ev!.endDate.toJSDate().getTime(), 'the feed event has a time range');
		}
	},
	{
		name: 'record: the knowledge base in Leichte Sprache; staff markup with a script stays text',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit('/');
			await Promise.all([page.waitForURL(/\/wissen$/), page.click('footer a[href$="/wissen"]')]);
			await ctx.audit('/wissen');
			await Promise.all([page.waitForURL(/\/wissen\/so-funktioniert-die-kiezkasse$/), page.click('main a[href$="/wissen/so-funktioniert-die-kiezkasse"]')]);
			await ctx.audit('knowledge page de');
			await Promise.all([page.waitForURL(/fassung=ls$/), page.click('nav.version-switch a:text-is("Leichte Sprache")')]);
			await ctx.audit('knowledge page ls');
			ctx.expect(((await page.textContent('h1')) ?? '').includes('einfach erklärt'), 'the Leichte Sprache version is shown');
			ctx.expect((await page.getAttribute('nav.version-switch a[aria-current="page"]', 'href'))?.endsWith('fassung=ls'), 'the switcher marks the current version');
			await ctx.visit('/en/wissen/so-funktioniert-die-kiezkasse');
			ctx.expect(((await page.textContent('h1')) ?? '').includes('How the Kiezkasse works'), 'English readers get the English version');

			await signIn(ctx, caseWorker.email, caseWorker.password);
			const slug = `test-${unique(ctx.js ? 'js' : 'nojs').toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
			await ctx.visit('/admin/wissen');
			await page.fill(byId('field-neu'), slug);
			await Promise.all([page.waitForURL(new RegExp(`/admin/wissen/${slug}$`)), page.click('main form button[type=submit]')]);
			await ctx.audit('knowledge editor');
			await page.fill(byId('field-title_de'), 'Testseite');
			await page.fill(byId('field-body_de'), '## Abschnitt\n\n<script>document.title="gehackt"</script> und <img src=x onerror=alert(1)>\n\n- **fett**');
			await Promise.all([page.waitForURL(/gespeichert=1$/), page.click('main form button[type=submit]')]);
			await ctx.audit('knowledge saved');
			await signOut(ctx);
			await ctx.visit(`/wissen/${slug}`);
			ctx.expect((await page.locator('article script, article img').count()) === 0, 'no script or image element comes from the Markdown');
			ctx.expect(((await page.textContent('article')) ?? '').includes('<script>document.title="gehackt"</script>'), 'the script tag is shown as text');
			ctx.expect(!(await page.title()).includes('gehackt'), 'the script did not run');
			ctx.expect((await page.locator('article h2').count()) === 1 && (await page.locator('article strong').count()) === 1, 'the allowed Markdown is rendered');
		}
	},
	{
		name: 'record: at 320 px the documents, month, knowledge and mobile-office pages need no sideways scrolling',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			for (const path of ['/dokumente?q=Kiezkasse', '/termine/monat', '/termine', '/wissen/regeln?fassung=ls', '/mobiles-buergerbuero']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			}
		}
	}
];

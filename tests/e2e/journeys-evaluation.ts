/**
 * Issue 7 end to end: anonymous answers from the website and from paper cards typed in by a Kiezpatin reach the
 * round's evaluation, its CSV and the district comparison; small numbers stay hidden; scope is enforced.
 */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, signIn, unique } from './journeys.ts';

const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const ROUND = `kiezkasse-${new Date().getUTCFullYear()}-alt-treptow`;
const OTHER = `kiezkasse-${new Date().getUTCFullYear()}-adlershof`;
const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
/** The district-wide round that takes ideas now (the idea form journeys use it too). */
const CITY = 'buergerhaushalt-2027-treptow-koepenick';
/** The seeded Stadtteilbudget vote that closed last month and asked the voluntary age band on the ballot. */
const REWEIGHTED = `stadtteilbudget-${new Date().getUTCFullYear()}-baumschulenweg`;
const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header form button[type=submit]')]);
}

export const journeys: Journey[] = [
	{
		name: 'evaluation: answers from the website and paper cards reach the dashboard, small cells stay hidden',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// A resident without an account answers the questionnaire; an empty form gets a clear message.
			await ctx.visit(`/runde/${ROUND}/umfrage`);
			await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			await ctx.audit(`/runde/${ROUND}/umfrage (error)`);
			ctx.expect((await page.textContent('.error-summary'))?.includes('mindestens eine Frage'), 'an empty questionnaire is refused with a clear message');
			await page.check('#q-age-65_plus');
			await page.check('#q-migration-prefer_not_to_say');
			await Promise.all([page.waitForURL(/danke=1/), page.click('main form button[type=submit]')]);
			await ctx.audit(`/runde/${ROUND}/umfrage?danke`);
			ctx.expect((await page.textContent('main'))?.includes('Danke'), 'the questionnaire thanks');

			// The Kiezpatin of Alt-Treptow types in six paper cards from the assembly; Adlershof is not hers.
			await signIn(ctx, kiezpatin.email, kiezpatin.password);
			ctx.expect((await ctx.visit(`/admin/auswertung/${OTHER}`, { status: 403 })) === 403, 'a Kiezpatin cannot enter cards for another region');
			await ctx.visit(`/admin/auswertung/${ROUND}`);
			await page.selectOption('#field-channel', 'assembly');
			await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			await ctx.audit(`/admin/auswertung/${ROUND} (error)`);
			ctx.expect((await page.inputValue('#field-channel')) === 'assembly', 'the chosen channel is kept after an error');
			for (let i = 0; i < 6; i++) {
				await page.check('#q-age-65_plus');
				await page.check(i % 2 ? '#q-gender-female' : '#q-gender-male');
				await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
				ctx.expect((await page.textContent('main'))?.includes('Karte gespeichert'), `card ${i + 1} is saved`);
				ctx.expect((await page.inputValue('#field-channel')) === 'assembly', 'the channel stays for the next card');
				ctx.expect(await page.isChecked('#q-age-none'), 'the answers are cleared for the next card');
			}
			await ctx.audit(`/admin/auswertung/${ROUND} (saved)`);

			// The public evaluation. Other journeys may have added answers to this round (e.g. the assembly's door
			// cards), so the checks hold whatever else is there: at least our 7 age answers are counted, and no
			// cell below 5 is shown or exported (a 65+ cell may be hidden by complementary suppression).
			await ctx.visit(`/runde/${ROUND}/auswertung`);
			const answered = /(\d+) Personen haben diese Frage beantwortet/.exec((await page.textContent('main')) ?? '');
			ctx.expect(answered && Number(answered[1]) >= 7, `the age question counts at least the 7 answers given here (${answered?.[0]})`);
			const svg = await page.locator('svg.share-bars[role=img]').count();
			ctx.expect(svg >= 3, `each compared question has a labelled chart (${svg})`);
			const csv = await page.request.get(new URL(`/runde/${ROUND}/auswertung/daten.csv`, ctx.base).toString());
			const text = await csv.text();
			ctx.expect(csv.headers()['content-type']?.startsWith('text/csv'), 'the CSV download is text/csv');
			const d = /dissimilarity;age;;(\d+);/.exec(text);
			ctx.expect(d && Number(d[1]) >= 7, `the CSV counts the age answers (${d?.[0]})`);
			ctx.expect(/representation;age;65_plus;\d*;/.test(text), 'the CSV has the 65+ row');
			for (const line of text.split('\r\n').slice(1)) {
				const n = line.split(';')[3];
				if (n) ctx.expect(Number(n) === 0 || Number(n) >= 5, `no CSV cell below 5: ${line}`);
			}
			await ctx.visit(`/en/runde/${ROUND}/umfrage`);
			await ctx.visit('/bezirk/treptow-koepenick/auswertung');
			ctx.expect((await page.locator('tbody tr').count()) >= 20, 'the district comparison lists the rounds');
			await ctx.visit(`/en/runde/${ROUND}/auswertung`);
			ctx.expect((await page.textContent('h1'))?.includes('who took part'), 'the evaluation speaks English under /en');

			// A reader without staff rights cannot post cards.
			await Promise.all([page.waitForURL(/hinweis=abgemeldet/), page.click('header form button[type=submit]')]);
			const post = await page.request.post(new URL(`/admin/auswertung/${ROUND}`, ctx.base).toString(), { headers: { origin: ctx.base, accept: 'text/html' }, form: { channel: 'paper', age: '27_44' }, maxRedirects: 0 });
			// Refused before any handler: a 403, or the redirect to the sign-in page (which the client may follow).
			const refused = [303, 401, 403].includes(post.status()) || new URL(post.url()).pathname === '/anmelden';
			ctx.expect(refused, `an anonymous POST of a card is refused (got ${post.status()} at ${post.url()})`);
		}
	},	{
		name: 'evaluation: answers after the idea form, on the website and on paper reach the timeline, the weights, the PDF and the XLSX',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// Channel 1, paper: the district admin types in a card.
			await signIn(ctx, admin.email, admin.password);
			await ctx.visit(`/admin/auswertung/${CITY}`);
			ctx.expect((await page.locator('#field-channel option[value=idea_form]').count()) === 0, 'staff cannot type in cards as if they came from the idea form');
			await page.selectOption('#field-channel', 'paper');
			await page.check('#q-age-55_64');
			await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			ctx.expect((await page.textContent('main'))?.includes('Karte gespeichert'), 'the paper card is saved');
			await signOut(ctx);

			// Channel 2, after the idea form: a resident hands in an idea; the thank-you note invites to the questionnaire.
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit(`/runde/${CITY}/idee-einreichen`);
			await page.fill('[id="field-title"]', `Sitzbänke am Ufer ${unique(ctx.js ? 'js' : 'nojs')}`);
			await page.fill('[id="field-description"]', 'Drei Bänke mit Lehne am Spreeufer, damit Ältere unterwegs rasten können.');
			await page.selectOption('[id="field-items.0.category"]', 'material');
			await page.fill('[id="field-items.0.description"]', 'Bänke');
			await page.fill('[id="field-items.0.amount"]', '900');
			await Promise.all([page.waitForURL(/eingereicht=1/), page.click('form.stack button[name=intent][value=submit]')]);
			const invite = page.locator('main a[href*="umfrage?weg=idee"]');
			ctx.expect((await invite.count()) === 1, 'the thank-you note links to the questionnaire');
			const href = (await invite.getAttribute('href')) ?? '';
			ctx.expect(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(href), `the link carries no idea id (${href})`);
			await Promise.all([page.waitForURL(/weg=idee/), invite.click()]);
			await ctx.audit(`/runde/${CITY}/umfrage?weg=idee`);
			await page.check('#q-age-27_44');
			await page.check('#q-heard_via-flyer_poster');
			await Promise.all([page.waitForURL(/danke=1/), page.click('main form button[type=submit]')]);
			ctx.expect((await page.textContent('main'))?.includes('Danke'), 'the questionnaire after the idea thanks');
			await signOut(ctx);

			// Channel 3, the website's questionnaire without an account.
			await ctx.visit(`/runde/${CITY}/umfrage`);
			await page.check('#q-age-18_26');
			await Promise.all([page.waitForURL(/danke=1/), page.click('main form button[type=submit]')]);

			// The dashboard: the idea form is a channel of its own, the timeline has a chart and a table, weights are explained.
			await ctx.visit(`/runde/${CITY}/auswertung`);
			const main = (await page.textContent('main')) ?? '';
			ctx.expect(main.includes('Nach dem Ideenformular') && main.includes('Papier') && main.includes('Internetseite'), 'the participation table lists the three channels');
			ctx.expect((await page.locator('svg.timeline-chart[role=img][aria-label]').count()) === 2, 'ideas and questionnaires over time are labelled charts');
			ctx.expect((await page.locator('#timeline-h ~ .table-scroll table tbody tr').count()) >= 1, 'the timeline has a table with the same numbers');
			ctx.expect(main.includes('Gewichtung nach Alter') && main.includes('neu gewichtetes Abstimmungsergebnis gibt es nur'), 'the weighting section explains what it does and does not do');
			for (const cell of await page.locator('main td.kern-table__cell--numeric').allTextContents()) {
				const n = /^\d+$/.test(cell.trim()) ? Number(cell.trim()) : null;
				ctx.expect(n === null || n === 0 || n >= 5, `no count below 5 on the page (${cell})`);
			}

			// The PDF report, rendered to an image; the XLSX.
			const pdf = await page.request.get(new URL(`/runde/${CITY}/auswertung/bericht.pdf`, ctx.base).toString());
			ctx.expect(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `the report is a PDF (${pdf.status()})`);
			const dir = mkdtempSync(join(tmpdir(), 'kb-e2e-eval-'));
			writeFileSync(join(dir, 'report.pdf'), await pdf.body());
			const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
			ctx.expect(text.includes('Beteiligung im Zeitverlauf') && text.includes('Nach dem Ideenformular') && text.includes('So rechnen wir'), 'the PDF has the timeline, the channels and the method');
			execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(dir, 'report.pdf'), join(dir, 'page')]);
			ctx.note(`evaluation report rendered to ${dir}/page-1.png`);
			const xlsx = await page.request.get(new URL(`/runde/${CITY}/auswertung/daten.xlsx`, ctx.base).toString());
			const body = await xlsx.body();
			ctx.expect(xlsx.status() === 200 && body.subarray(0, 2).toString() === 'PK', `the XLSX is a zip workbook (${xlsx.status()})`);
			const en = await page.request.get(new URL(`/en/runde/${CITY}/auswertung/bericht.pdf`, ctx.base).toString());
			writeFileSync(join(dir, 'report-en.pdf'), await en.body());
			ctx.expect(execFileSync('pdftotext', [join(dir, 'report-en.pdf'), '-'], { encoding: 'utf8' }).includes('Participation over time'), 'the report speaks English under /en');
			await ctx.visit('/bezirk/treptow-koepenick/auswertung');
			ctx.expect((await page.textContent('thead'))?.includes('Deutlich zu wenige'), 'the district comparison has the column of clearly under-represented groups');
		}
	},
	{
		name: 'evaluation: a vote re-weighted by the ballot age band, beside the official result and labelled as an analysis; staff opt in before the vote opens',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit(`/runde/${REWEIGHTED}/auswertung`);
			const section = page.locator('[data-testid=reweighted]');
			const text = (await section.textContent()) ?? '';
			ctx.expect(text.includes('eine Analyse') && text.includes('Das ist nicht das Ergebnis der Abstimmung'), 'the re-weighted count is labelled as an analysis, not the result');
			ctx.expect((await section.locator(`a[href$="/runde/${REWEIGHTED}/ergebnis"]`).count()) === 1, 'it links to the official result');
			const row = (title: string) => section.locator('[data-testid=reweighted-projects] tbody tr', { hasText: title });
			ctx.expect(((await row('Bänke mit Armlehnen am Ufer').textContent()) ?? '').includes('käme hinzu'), 'the benches would be added');
			ctx.expect(((await row('Kiezfest im Sommer').textContent()) ?? '').includes('fiele weg'), 'the Kiezfest would drop out');
			ctx.expect(((await section.locator('[data-testid=reweighted-summary]').textContent()) ?? '').includes('bei 3 Projekten'), 'the summary names how many projects change');
			const weights = (await section.locator('[data-testid=reweighted-weights]').textContent()) ?? '';
			ctx.expect(weights.includes('weniger als 5') && weights.includes('Gewicht 1'), 'the under-18 band (3 ballots) is hidden and not weighted; no answer counts 1');
			for (const cell of await section.locator('td.kern-table__cell--numeric').allTextContents()) {
				const n = /^\d+$/.test(cell.trim()) ? Number(cell.trim()) : null;
				ctx.expect(n === null || n === 0 || n >= 5, `no ballot count below 5 (${cell})`);
			}
			await ctx.visit(`/runde/${REWEIGHTED}/ergebnis`);
			// The report and the data carry the analysis too.
			const pdf = await page.request.get(new URL(`/runde/${REWEIGHTED}/auswertung/bericht.pdf`, ctx.base).toString());
			const dir = mkdtempSync(join(tmpdir(), 'kb-e2e-rw-'));
			writeFileSync(join(dir, 'report.pdf'), await pdf.body());
			const pdfText = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
			ctx.expect(pdfText.includes('neu gewichtet nach Alter') && pdfText.includes('Bänke mit Armlehnen am Ufer') && pdfText.includes('käme hinzu'), 'the PDF has the re-weighted analysis');
			execFileSync('pdftoppm', ['-png', '-r', '50', join(dir, 'report.pdf'), join(dir, 'page')]);
			ctx.note(`re-weighted report rendered to ${dir}/page-*.png`);
			const csv = await (await page.request.get(new URL(`/runde/${REWEIGHTED}/auswertung/daten.csv`, ctx.base).toString())).text();
			ctx.expect(csv.includes('official:not_funded,reweighted:funded;Bänke mit Armlehnen am Ufer'), 'the CSV has the projects of the analysis');

			// Staff: the closed vote's setting is locked; a round still collecting ideas can be switched on and off.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/auswertung/${REWEIGHTED}/stimmzettel`);
			ctx.expect(((await page.textContent('main')) ?? '').includes('kann jetzt nicht mehr geändert werden') && (await page.locator('main form').count()) === 0, 'after the opening the age question is locked');
			await ctx.visit(`/admin/auswertung/${CITY}/stimmzettel`);
			const state = async () => (await page.textContent('[data-testid=age-question-state]')) ?? '';
			if ((await state()).includes('fragt nach')) await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			ctx.expect((await state()).includes('fragt nicht'), 'the age question starts switched off');
			await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			await ctx.audit(`/admin/auswertung/${CITY}/stimmzettel (on)`);
			ctx.expect((await state()).includes('fragt nach der Altersgruppe') && ((await page.textContent('main')) ?? '').includes('Gespeichert'), 'staff switch the age question on');
			await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
			ctx.expect((await state()).includes('fragt nicht'), 'and off again (the round stays as the other journeys expect it)');
			const tampered = await page.request.post(new URL(`/admin/auswertung/${CITY}/stimmzettel`, ctx.base).toString(), { headers: { origin: ctx.base, accept: 'text/html' }, form: { asked: 'maybe' }, maxRedirects: 0 });
			ctx.expect(tampered.status() === 400, `a tampered setting is refused with 400 (${tampered.status()})`);
		}
	},
	{
		name: 'evaluation: the dashboard, the questionnaire and the district comparison fit a 320 px phone',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			for (const path of [`/runde/${CITY}/auswertung`, `/runde/${ROUND}/auswertung`, `/runde/${REWEIGHTED}/auswertung`, `/runde/${CITY}/umfrage?weg=idee`, '/bezirk/treptow-koepenick/auswertung']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				// On failure, name the elements that stick out (wide tables scroll in their own focusable region).
				const wide = width <= 320 ? [] : await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 322 && !e.closest('.table-scroll')).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`));
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport (${wide.join(', ')})`);
			}
		}
	}
];

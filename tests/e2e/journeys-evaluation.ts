/**
 * Issue 7 end to end: anonymous answers from the website and from paper cards typed in by a Kiezpatin reach the
 * round's evaluation, its CSV and the district comparison; small numbers stay hidden; scope is enforced.
 */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn } from './journeys.ts';

const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const ROUND = `kiezkasse-${new Date().getUTCFullYear()}-alt-treptow`;
const OTHER = `kiezkasse-${new Date().getUTCFullYear()}-adlershof`;

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
	}
];

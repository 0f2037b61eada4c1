/** End-to-end journeys of the assembly area (see all.ts): the Kiezkassenversammlung of issue 5. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, unique } from './journeys.ts';
import { OTHER_DISTRICT_LOGINS } from '../../src/lib/server/app/seed-voting.ts';
import { can, type Actor } from '../../src/lib/core/access/policy.ts';
import { CAPABILITY, SYNTHETIC, staffRoutes } from './staff-routes.ts';

const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
const platformAdmin = DEMO_LOGINS.find((l) => l.role === 'platform_admin')!;
// The demo round that votes online (seed.ts), for the staff-route table's crawl.
const VOTE_ROUND = `stadtteilbudget-${new Date().getUTCFullYear()}-altstadt-kietz`;
// The demo Kiezpatin's region (seed.ts) and its Kiezkasse round of the seed year.
const ROUND = `kiezkasse-${new Date().getUTCFullYear()}-alt-treptow`;
const GRANTS_ROUND = `kiezkasse-${new Date().getUTCFullYear()}-adlershof`;

/** Clicks a submit button or link and waits for the new document (a post back to the same address included). */
async function submit(ctx: Ctx, selector: string, url: RegExp) {
	await Promise.all([ctx.page.waitForEvent('framenavigated', (f) => f === ctx.page.mainFrame()), ctx.page.click(selector)]);
	await ctx.page.waitForLoadState('load');
	ctx.expect(url.test(ctx.page.url()), `after ${selector} the address matches ${url} (${ctx.page.url()})`);
	await ctx.audit();
}

export const journeys: Journey[] = [
	{
		name: 'assembly: a Kiezpatin runs an assembly from agenda to published minutes, the projector follows',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, kiezpatin.email, kiezpatin.password);
			await ctx.visit(`/runde/${ROUND}`);
			await submit(ctx, '[data-testid=assembly-link]', /\/runde\/[^/]+\/versammlung$/);
			await submit(ctx, `a[href$="/admin/runde/${ROUND}/versammlung"]`, /\/admin\/runde\/[^/]+\/versammlung$/);

			// 1. Open a sitting: a missing place is pointed out, what was typed stays.
			await page.fill('#field-date', '2026-06-14');
			await page.fill('#field-time', '18:30');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', /\/versammlung(\?|$)/);
			ctx.expect((await page.textContent('.error-summary'))?.includes('Ort'), 'the error summary names the missing place');
			ctx.expect((await page.inputValue('#field-date')) === '2026-06-14', 'the date typed is kept');
			await page.fill('#field-place', 'Kiezklub Alt-Treptow, Saal');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', /\/admin\/versammlung\/[0-9a-f-]{36}$/);
			const id = /\/admin\/versammlung\/([0-9a-f-]{36})/.exec(page.url())![1]!;

			// 2. Ideas brought in on the spot.
			const beds = unique('Hochbeete');
			const party = unique('Hoffest');
			for (const [title, amount] of [
				[beds, '300'],
				[party, '200']
			] as const) {
				await page.fill('#field-title', title);
				await page.fill('#field-amount', amount);
				await page.fill('#field-proposer', 'Frau K.');
				await submit(ctx, 'form[action="?/idea"] button[type=submit]', /erledigt=idea/);
			}
			const agenda = (await page.textContent('.agenda')) ?? '';
			ctx.expect(agenda.includes(beds) && agenda.includes(party), 'both ideas are on the agenda');

			// 3. The door: five residents, two from elsewhere, one answer card.
			await submit(ctx, `a[href$="/admin/versammlung/${id}/einlass"]`, /\/einlass$/);
			for (let i = 0; i < 5; i++) await submit(ctx, 'form:has(input[value=resident]) button', /gezaehlt=resident/);
			for (let i = 0; i < 2; i++) await submit(ctx, 'form:has(input[value=other]) button', /gezaehlt=other/);
			const counts = (await page.textContent('[data-testid=door-counts]')) ?? '';
			ctx.expect(/5 aus der Region, 2 von außerhalb – 5 stimmberechtigt/.test(counts), `the door shows the counts (${counts})`);
			await page.check('#field-age-45_54');
			await page.check('#field-gender-prefer_not_to_say');
			await submit(ctx, 'form[action="?/card"] button[type=submit]', /gezaehlt=card/);
			await ctx.visit(`/admin/versammlung/${id}`);

			// 4. Start: the method is locked.
			await submit(ctx, 'form[action="?/start"] button', /erledigt=start/);
			ctx.expect((await page.textContent('[data-testid=method]'))?.includes('Ja / Nein / Enthaltung'), 'the locked method is shown');

			// 5. Live entry: too many votes are refused with the number of people entitled to vote.
			const beedId = await page.locator(`li:has(h3:text-is("${beds}")) input[name=proposal]`).getAttribute('value');
			const partyId = await page.locator(`li:has(h3:text-is("${party}")) input[name=proposal]`).getAttribute('value');
			await page.fill(`#field-${beedId}-yes`, '6');
			await page.fill(`#field-${beedId}-no`, '1');
			await submit(ctx, `li#item-${beedId} form button[type=submit]`, new RegExp(`/admin/versammlung/${id}`));
			const summary = (await page.textContent('.error-summary')) ?? '';
			ctx.expect(summary.includes('mehr Stimmen') && summary.includes('(5)'), `too many votes are refused with the number present (${summary})`);
			ctx.expect((await page.inputValue(`#field-${beedId}-yes`)) === '6', 'the number typed is kept');
			const cents = (t: string | null) => Number((t ?? '').replace(/[^\d,]/g, '').replace(',', '.')) * 100;
			const remainingBefore = cents(await page.textContent('[data-testid=remaining]'));
			await page.fill(`#field-${beedId}-yes`, '4');
			await page.fill(`#field-${beedId}-approved`, '250');
			await submit(ctx, `li#item-${beedId} form button[type=submit]`, /erledigt=record/);
			const remainingAfter = cents(await page.textContent('[data-testid=remaining]'));
			ctx.expect(Math.round(remainingBefore - remainingAfter) === 25_000, `the remaining budget went down by 250 € (${remainingBefore} → ${remainingAfter} cents)`);

			// 6. The projector (public) follows live.
			const screen = await ctx.context.newPage();
			await screen.goto(`${ctx.base}/versammlung/${id}/leinwand`);
			if (ctx.js) await screen.waitForSelector('[data-testid=projector][data-live=yes]');
			const before = Number(await screen.getAttribute('[data-testid=projector]', 'data-version'));
			await page.fill(`#field-${partyId}-yes`, '1');
			await page.fill(`#field-${partyId}-no`, '3');
			await submit(ctx, `li#item-${partyId} form button[type=submit]`, /erledigt=record/);
			if (ctx.js) {
				await screen.waitForFunction((v) => Number(document.querySelector('[data-testid=projector]')?.getAttribute('data-version')) > v, before, { timeout: 10_000 });
				ctx.expect((await screen.textContent('[data-testid=projector]'))?.includes('1 Ja, 3 Nein'), 'the projector shows the new votes without a reload');
				await screen.screenshot({ path: join(tmpdir(), 'kb-assembly-projector.png'), fullPage: true });
			} else {
				ctx.expect((await screen.content()).includes('http-equiv="refresh"'), 'without JavaScript the projector refreshes itself');
			}
			await screen.close();
			await ctx.visit(`/versammlung/${id}/leinwand`);
			await ctx.visit(`/admin/versammlung/${id}`);

			// 7. Close: the minutes are published.
			await submit(ctx, 'form[action="?/close"] button', /erledigt=close/);
			const outcomes = await page.locator('[data-testid=outcome]').allTextContents();
			ctx.expect(outcomes.includes('gefördert') && outcomes.includes('abgelehnt'), `one funded, one rejected (${outcomes.join(', ')})`);
			const href = await page.getAttribute('[data-testid=minutes-link]', 'href');
			ctx.expect(href === `/versammlung/${id}/protokoll.pdf`, 'the minutes are linked');
			const pdf = await page.request.get(ctx.base + href);
			ctx.expect(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', 'the minutes download as a PDF');
			const body = await pdf.body();
			ctx.expect(body.subarray(0, 5).toString() === '%PDF-', 'the file is a PDF');
			writeFileSync(join(tmpdir(), `kb-assembly-minutes-${ctx.js ? 'js' : 'nojs'}.pdf`), body);

			// 8. Published on the round page, for everyone.
			await ctx.visit(`/runde/${ROUND}/versammlung`);
			ctx.expect((await page.locator(`a[href="/versammlung/${id}/protokoll.pdf"]`).count()) === 1, 'the round’s assembly page links the minutes');
		}
	},
	{
		name: 'assembly: a resident cannot reach the moderator pages or post their actions',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit(`/admin/runde/${ROUND}/versammlung`, { status: 403 });
			const someId = '00000000-0000-4000-8000-000000000000';
			for (const path of [`/admin/versammlung/${someId}`, `/admin/versammlung/${someId}/einlass`]) {
				const r = await page.request.get(ctx.base + path, { headers: { accept: 'text/html' } });
				ctx.expect(r.status() === 403, `GET ${path} by a resident answers 403 (got ${r.status()})`);
			}
			for (const [path, fields] of [
				[`/admin/runde/${ROUND}/versammlung?/create`, { date: '2026-06-14', time: '18:00', place: 'x', method: 'yes_no', majority: 'cast', electorate: 'everyone_present' }],
				[`/admin/versammlung/${someId}?/start`, {}],
				[`/admin/versammlung/${someId}?/record`, { proposal: someId, yes: '1' }],
				[`/admin/versammlung/${someId}?/close`, {}],
				[`/admin/versammlung/${someId}/einlass?/count`, { who: 'resident' }]
			] as const) {
				const r = await page.request.post(ctx.base + path, { form: fields as Record<string, string>, headers: { origin: ctx.base } });
				ctx.expect(r.status() === 403, `POST ${path} by a resident answers 403 (got ${r.status()})`);
			}
		}
	},
	{
		name: 'assembly: dot voting from two phones with one-time codes; paper dots added; results only at the close',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, kiezpatin.email, kiezpatin.password);
			await ctx.visit(`/admin/runde/${ROUND}/versammlung`);
			await page.fill('#field-date', '2026-09-20');
			await page.fill('#field-time', '17:00');
			await page.fill('#field-place', unique('Nachbarschaftshaus'));
			await page.check('input[name=method][value=dots]');
			await page.fill('#field-points', '3');
			await page.check('input[name=electorate][value=everyone_present]');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', /\/admin\/versammlung\/[0-9a-f-]{36}$/);
			const id = /\/admin\/versammlung\/([0-9a-f-]{36})/.exec(page.url())![1]!;
			const bench = unique('Bank');
			const garden = unique('Beet');
			for (const [title, amount] of [
				[bench, '150'],
				[garden, '100']
			] as const) {
				await page.fill('#field-title', title);
				await page.fill('#field-amount', amount);
				await page.fill('#field-proposer', 'Herr P.');
				await submit(ctx, 'form[action="?/idea"] button[type=submit]', /erledigt=idea/);
			}
			// Cards with one-time codes for the door: a wrong number first, then two cards.
			await page.fill('#field-dot-count', '0');
			await submit(ctx, `form[action$="/admin/versammlung/${id}/punktecodes"] button[type=submit]`, /punktecodes=0/);
			ctx.expect((await page.textContent('.error-summary'))?.includes('1 bis 500'), 'the card count is checked');
			await page.fill('#field-dot-count', '2');
			const [download] = await Promise.all([page.waitForEvent('download'), page.click(`form[action$="/admin/versammlung/${id}/punktecodes"] button[type=submit]`)]);
			const file = join(tmpdir(), `kb-dots-${Date.now()}.pdf`);
			await download.saveAs(file);
			const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
			const codes = [...new Set(text.match(/(?:[2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}/g) ?? [])];
			ctx.expect(codes.length === 2, `the PDF holds two codes (${codes.length})`);
			// Three people at the door, then the start.
			await ctx.visit(`/admin/versammlung/${id}/einlass`);
			for (let i = 0; i < 3; i++) await submit(ctx, 'form:has(input[value=other]) button', /gezaehlt=other/);
			await ctx.visit(`/admin/versammlung/${id}`);
			await submit(ctx, 'form[action="?/start"] button', /erledigt=start/);
			const staffCookies = await ctx.context.cookies();

			// Two phones, no account. With JavaScript the QR code's '#code=' fills the field.
			const phone = async (code: string, points: Record<string, string>) => {
				await ctx.context.clearCookies();
				// A fresh document each time (only the '#' part would differ, which is no navigation at all).
				await page.goto('about:blank');
				await ctx.visit(`/versammlung/${id}/punkte${ctx.js ? `#code=${code}` : ''}`);
				if (ctx.js) ctx.expect((await page.inputValue('#field-code')) === code, 'the QR link fills in the code');
				else await page.fill('#field-code', code.toLowerCase());
				for (const [title, n] of Object.entries(points)) {
					const fieldId = await page.$eval(`label:has-text("${title}")`, (l) => l.getAttribute('for'));
					await page.fill(`#${(fieldId ?? '').replace(/([.:])/g, '\\$1')}`, n);
				}
				await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
				await page.waitForSelector('[data-testid=dots-done], .error-summary');
				await ctx.audit('phone ballot');
				return (await page.textContent('main')) ?? '';
			};
			ctx.expect((await phone(codes[0]!, { [bench]: '3' })).includes('Danke'), 'phone 1 gives three points');
			ctx.expect((await phone(codes[1]!, { [garden]: '4' })).includes('Punkte'), 'four points are too many');
			ctx.expect((await page.textContent('.error-summary'))?.includes('3'), 'the limit is named');
			ctx.expect((await phone(codes[1]!, { [garden]: '2' })).includes('Danke'), 'phone 2 gives two points');
			ctx.expect((await phone(codes[0]!, { [garden]: '1' })).includes('schon abgestimmt'), 'a code works once');

			// The moderator sees how many phones voted, not their points; adds two paper dots and closes.
			await ctx.context.clearCookies();
			await ctx.context.addCookies(staffCookies);
			await ctx.visit(`/admin/versammlung/${id}`);
			ctx.expect((await page.textContent('[data-testid=phone-status]'))?.includes('2 Handys'), 'two phones voted');
			ctx.expect(!((await page.textContent(`li:has(h3:text-is("${bench}"))`)) ?? '').includes('3 Punkte'), 'no phone points before the close');
			const gardenId = await page.locator(`li:has(h3:text-is("${garden}")) input[name=proposal]`).getAttribute('value');
			await page.fill(`#field-${gardenId}-points`, '2');
			await page.fill(`#field-${gardenId}-approved`, '100');
			await submit(ctx, `li#item-${gardenId} form button[type=submit]`, /erledigt=record/);
			await submit(ctx, 'form[action="?/close"] button', /erledigt=close/);
			const benchText = (await page.textContent(`li:has(h3:text-is("${bench}"))`)) ?? '';
			const gardenText = (await page.textContent(`li:has(h3:text-is("${garden}"))`)) ?? '';
			ctx.expect(benchText.includes('3 Punkte'), `the phones' points count at the close (${benchText})`);
			ctx.expect(gardenText.includes('4 Punkte'), `paper and phone points are added (${gardenText})`);
			await ctx.context.clearCookies();
			await ctx.visit(`/versammlung/${id}/punkte`);
			ctx.expect((await page.textContent('main'))?.includes('geschlossen') && !(await page.$('#field-code')), 'no points after the close');
			const late = await page.request.post(`${ctx.base}/versammlung/${id}/punkte`, { form: { code: codes[1]!, [`p.${gardenId}`]: '1' }, headers: { origin: ctx.base } });
			ctx.expect(late.status() === 409, `a late post is refused (${late.status()})`);
		}
	},
	{
		name: 'assembly (runs last, covers every area): every staff route and action is refused to anonymous visitors, residents, other districts and roles without the capability',
		async run(ctx: Ctx) {
			const routes = staffRoutes();
			const unclassified = routes.filter((r) => !CAPABILITY[r.pattern]).map((r) => r.pattern);
			ctx.expect(unclassified.length === 0, `staff routes without a capability in tests/e2e/staff-routes.ts: ${unclassified.join(', ')}`);
			const patternOf = (path: string) => routes.find((r) => r.regex.test(path));
			// Sample URLs: crawl the admin area as the platform admin (links and form targets), two per route.
			await signIn(ctx, platformAdmin.email, platformAdmin.password);
			const samples = new Map<string, string[]>();
			// Start from the admin home and from the demo rounds' admin pages, which the admin home does not list.
			// The Adlershof grant files hold the seeded applications and notices (seed-grants.ts); rounds other journeys
			// create would otherwise fill the two samples per route with rounds that have no grant cases.
			const queue = [
				'/admin',
				`/admin/abstimmung/${VOTE_ROUND}`,
				`/admin/auswertung/${VOTE_ROUND}`,
				`/admin/runde/${ROUND}/versammlung`,
				`/admin/auswertung/${ROUND}`,
				`/admin/foerderung/runde/${GRANTS_ROUND}`,
				// Adlershof's seeded example ideas: rounds the programmes journey adds have none to link to.
				`/admin/runden/${GRANTS_ROUND}`,
				`/runde/${ROUND}`,
				`/runde/${VOTE_ROUND}`
			];
			const seen = new Set<string>();
			while (queue.length && seen.size < 300) {
				const path = queue.shift()!;
				if (seen.has(path)) continue;
				seen.add(path);
				const res = await ctx.page.request.get(`${ctx.base}${path}`, { headers: { accept: 'text/html' }, maxRedirects: 0 });
				if (res.status() !== 200 || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
				const html = await res.text();
				// An admin page that answers is itself a sample; a public page only contributes its links.
				const own = path.startsWith('/admin') ? patternOf(path) : undefined;
				if (own && !(samples.get(own.pattern) ?? []).includes(path)) samples.set(own.pattern, [...(samples.get(own.pattern) ?? []), path].slice(0, 2));
				for (const m of html.matchAll(/(href|action)="(\/(?:en\/)?admin[^"?#]*)/g)) {
					const target = m[2]!.replace(/^\/en/, '').replace(/\/$/, '') || '/admin';
					const r = patternOf(target);
					if (!r) continue;
					const list = samples.get(r.pattern) ?? [];
					if (!list.includes(target) && list.length < 2) {
						list.push(target);
						samples.set(r.pattern, list);
						if (m[1] === 'href' && r.page) queue.push(target);
					}
				}
			}
			samples.set('/admin', ['/admin']);
			for (const [pattern, s] of Object.entries(SYNTHETIC)) {
				if (samples.has(pattern)) continue;
				const base = samples.get(s.from)?.[0];
				if (base) {
					samples.set(pattern, [base + s.suffix]);
					ctx.note(`${pattern}: synthetic sample (${s.why})`);
				}
			}
			const missing = routes.filter((r) => !samples.has(r.pattern)).map((r) => r.pattern);
			ctx.expect(missing.length === 0, `no sample URL found for: ${missing.join(', ')} (link it from the admin area or add it to SYNTHETIC)`);
			// Everything concrete the platform admin saw: an outsider's page must link to none of it.
			const concrete = [...samples.values()].flat().filter((u) => /\/[0-9a-f-]{36}|\d{4}-/.test(u));

			const outsiders = [
				{ who: 'anonymous', login: null, ownScopeLists: false },
				{ who: 'resident', login: resident, ownScopeLists: false },
				{ who: 'case worker of another district', login: OTHER_DISTRICT_LOGINS[0]!, ownScopeLists: true },
				{ who: 'district admin of another district', login: OTHER_DISTRICT_LOGINS[1]!, ownScopeLists: true },
				{ who: 'Kiezpatin', login: kiezpatin, ownScopeLists: true }
			];
			const moderator: Actor = { userId: 'm', emailVerified: true, grants: [{ role: 'moderator', scope: { kind: 'region', id: '091001', districtId: '09' } }] };
			const failures: string[] = [];
			let checks = 0;
			for (const o of outsiders) {
				await ctx.context.clearCookies();
				if (o.login) await signIn(ctx, o.login.email, o.login.password);
				for (const r of routes) {
					// A Kiezpatin may do what her role holds (in her region); the table checks the rest.
					if (o.who === 'Kiezpatin' && can(moderator, CAPABILITY[r.pattern]!, { districtId: '09' }).allowed) continue;
					// Pages without an object show staff their own district only: checked for leaks, not refusal.
					const ownList = o.ownScopeLists && !r.pattern.includes('[');
					for (const url of samples.get(r.pattern) ?? []) {
						// Anonymous requests are sent to the sign-in page: as a 303, or — where the client followed it — ending there.
						const refused = (status: number, location: string | undefined, finalUrl = '') =>
							status === 403 || status === 404 || (o.login === null && (((status === 303 || status === 302) && (location ?? '').includes('/anmelden')) || new URL(finalUrl || 'http://x/').pathname.endsWith('/anmelden')));
						if (r.page) {
							checks++;
							const res = await ctx.page.request.get(`${ctx.base}${url}`, { headers: { accept: 'text/html' }, maxRedirects: 0 });
							const body = await res.text();
							if (ownList) {
								const leak = concrete.find((c) => body.includes(`href="${c}"`));
								if (leak) failures.push(`${o.who}: GET ${url} links to ${leak}`);
							} else if (!refused(res.status(), res.headers()['location'])) failures.push(`${o.who}: GET ${url} answered ${res.status()}`);
						}
						if (ownList) continue;
						for (const a of r.actions) {
							checks++;
							const target = a === 'default' ? url : `${url}?/${a}`;
							// As a browser posts a form (Accept: text/html): otherwise SvelteKit answers a form action with a
							// JSON envelope and status 200 even for a redirect to the sign-in page.
							const res = await ctx.page.request.post(`${ctx.base}${target}`, { form: { id: 'x' }, headers: { origin: ctx.base, accept: 'text/html' }, maxRedirects: 0 });
							if (!refused(res.status(), res.headers()['location'], res.url())) failures.push(`${o.who}: POST ${target} answered ${res.status()} (${res.url()})`);
						}
						for (const method of r.methods) {
							checks++;
							const res = await ctx.page.request.fetch(`${ctx.base}${url}`, { method, form: method === 'GET' ? undefined : { id: 'x' }, headers: { origin: ctx.base }, maxRedirects: 0 });
							if (!refused(res.status(), res.headers()['location'], res.url())) failures.push(`${o.who}: ${method} ${url} answered ${res.status()} (${res.url()})`);
						}
					}
				}
			}
			ctx.note(`${routes.length} staff routes, ${checks} refusal checks`);
			ctx.expect(checks > routes.length * 3, `the table ran (${checks} checks)`);
			ctx.expect(failures.length === 0, `not refused:\n        ${failures.join('\n        ')}`);
		}
	}
];

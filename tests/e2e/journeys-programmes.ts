/** End-to-end journeys of the programmes area (issue 4; see all.ts): the district admin configures a programme and its rounds. */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { admin, signIn, unique } from './journeys.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;

async function submit(ctx: Ctx, selector: string, expectStatus?: number) {
	const [res] = await Promise.all([ctx.page.waitForResponse((r) => r.request().method() === 'POST'), ctx.page.click(selector)]);
	if (expectStatus !== undefined) ctx.expect(res.status() === expectStatus, `the post answers ${expectStatus} (got ${res.status()})`);
	await ctx.page.waitForLoadState('load');
}

export const journeys: Journey[] = [
	{
		name: 'programmes: the admin sets up a Stadtteilbudget from its template, its rounds for all regions, adjusts one and reads the audit log',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, admin.email, admin.password);
			await ctx.visit('/admin');
			await Promise.all([page.waitForURL(/\/admin\/programme$/), page.click('main a[href$="/admin/programme"]')]);
			await ctx.audit('/admin/programme');

			// Create from the template; a too short name is refused and the chosen template is kept.
			await page.selectOption('#field-template', 'stadtteilbudget');
			await page.fill('#field-name', 'x');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', 400);
			await page.waitForSelector('.error-summary');
			await ctx.audit('/admin/programme (errors)');
			ctx.expect((await page.inputValue('#field-template')) === 'stadtteilbudget', 'the template choice is kept');
			ctx.expect((await page.inputValue('#field-name')) === 'x', 'the typed name is kept');
			const name = `Stadtteilbudget ${unique(ctx.js ? 'js' : 'nojs')}`;
			await page.fill('#field-name', name);
			await Promise.all([page.waitForURL(/\/admin\/programme\/[0-9a-f-]{36}\?angelegt=1$/), page.click('form[action="?/create"] button[type=submit]')]);
			await ctx.audit('rules page after creation');
			const base = new URL(page.url()).pathname;
			ctx.expect((await page.textContent('h1'))?.includes(name), 'the rules page names the new programme');
			ctx.expect((await page.inputValue('#field-ballot')) === 'approval' && (await page.inputValue('#field-tallyRule')) === 'greedy', 'the template’s online vote rules are filled in');

			// Exclude printing costs without a reason: refused at the field, everything typed is kept.
			const printRow = await page.$$eval('input[id^="field-costCategories."][id$=".key"]', (els) => els.findIndex((e) => (e as HTMLInputElement).value === 'print'));
			ctx.expect(printRow >= 0, 'the template has a printing category');
			await page.selectOption(`[id="field-costCategories.${printRow}.eligible"]`, 'no');
			await page.fill('#field-cap', '2.500');
			await submit(ctx, 'main form button[type=submit]', 400);
			await page.waitForSelector('.error-summary');
			await ctx.audit('rules page (excluded category without reason)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			ctx.expect(links.includes(`#field-costCategories.${printRow}.reason`), `the error summary links to the reason (${links.join(', ')})`);
			ctx.expect((await page.inputValue(`[id="field-costCategories.${printRow}.eligible"]`)) === 'no', 'the excluded choice is kept');
			ctx.expect((await page.inputValue('#field-cap')) === '2.500', 'the typed cap is kept');
			await page.fill(`[id="field-costCategories.${printRow}.reason"]`, 'Druckkosten übernimmt das Bezirksamt selbst.');
			await Promise.all([page.waitForURL(/gespeichert=2$/), page.click('main form button[type=submit]')]);
			await ctx.audit('rules page (saved)');
			ctx.expect((await page.inputValue(`[id="field-costCategories.${printRow}.reason"]`)) === 'Druckkosten übernimmt das Bezirksamt selbst.', 'the reason is saved');

			// Rounds for all regions: a preview first, nothing saved until confirmed.
			await ctx.visit(`${base}/runden`);
			const year = await page.inputValue('#field-year');
			await page.check('#field-kind');
			await page.fill('#field-total', '100.000');
			await page.fill('#field-floor', '2.600');
			await page.fill('#field-step', '100');
			await submit(ctx, 'form[action="?/preview"] button[type=submit]', 200);
			await page.waitForSelector('#preview');
			await ctx.audit('rounds preview');
			ctx.expect((await page.locator('#preview tbody tr').count()) === 20, 'the preview lists 20 regions');
			const foot = (await page.textContent('#preview tfoot'))?.replace(/\s+/g, ' ') ?? '';
			ctx.expect(/100\.000\s?€/.test(foot), `the preview adds up to 100.000 € (${foot})`);
			const alt = (await page.textContent('#preview tbody tr:has(th:text-is("Altglienicke"))'))?.replace(/\s+/g, ' ') ?? '';
			ctx.expect(/31\.244/.test(alt) && /10\.300\s?€/.test(alt), `Altglienicke: 31.244 residents, 10.300 € (${alt})`);
			ctx.expect((await page.locator('#rounds').count()) === 0, 'nothing is saved by the preview');
			await Promise.all([page.waitForURL(/angelegt=20&vorhanden=0$/), page.click('form[action="?/create"] button[type=submit]')]);
			await ctx.audit('rounds created');
			ctx.expect((await page.locator('#rounds tbody tr').count()) === 20, 'the 20 rounds are listed');

			// Adjust Grünau by hand: the reason is required.
			await Promise.all([page.waitForURL(/\/runden\/[0-9a-f-]{36}$/), page.click(`#rounds a:text-is("Grünau ${year}")`)]);
			await ctx.audit('round page');
			await page.fill('#field-amount', '3.000');
			await submit(ctx, 'form[action="?/budget"] button[type=submit]', 400);
			await page.waitForSelector('.error-summary');
			await ctx.audit('round page (budget without reason)');
			ctx.expect((await page.inputValue('#field-amount')) === '3.000', 'the typed amount is kept');
			const note = 'Restmittel aus dem Vorjahr für eine zweite Versammlung.';
			await page.fill('#field-note', note);
			await Promise.all([page.waitForURL(/erledigt=budget$/), page.click('form[action="?/budget"] button[type=submit]')]);
			await ctx.audit('round page (budget saved)');
			ctx.expect(/3\.000\s?€/.test((await page.textContent('main')) ?? ''), 'the new budget shows');

			// Start the phases by hand up to the vote: then the voting rules and the budget are locked.
			for (const phase of ['Ideen sammeln', 'Prüfung durch das Bezirksamt', 'Abstimmung']) {
				const button = page.locator('form[action="?/start"] button');
				ctx.expect(((await button.textContent()) ?? '').includes(phase), `the next phase to start is “${phase}”`);
				await Promise.all([page.waitForURL(/erledigt=phase$/), button.click()]);
			}
			await ctx.audit('round page (voting started)');
			ctx.expect((await page.locator('form[action="?/budget"]').count()) === 0, 'the budget can no longer be changed once voting runs');
			await ctx.visit(base);
			ctx.expect((await page.textContent('main'))?.includes('Die Abstimmungsregeln sind gesperrt'), 'the rules page says why the voting rules are locked');
			ctx.expect((await page.locator('#field-ballot, #field-tallyRule').count()) === 0, 'the voting rules show read-only');
			// The form as the page would send it, plus a ballot the page no longer offers.
			const body = await page.evaluate(() => new URLSearchParams(new FormData(document.querySelector('main form') as HTMLFormElement) as unknown as string[][]).toString());
			const locked = await page.request.post(ctx.base + base, {
				headers: { origin: ctx.base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				data: `${body}&ballot=knapsack`,
				maxRedirects: 0
			});
			ctx.expect(locked.status() === 400 && (await locked.text()).includes('Gesperrt, weil die Abstimmung begonnen hat'), `a crafted post changing the ballot is refused as locked (got ${locked.status()})`);
			const same = await page.request.post(ctx.base + base, { headers: { origin: ctx.base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, data: body, maxRedirects: 0 });
			ctx.expect(same.status() === 303, `the same form without the ballot still saves (got ${same.status()})`);

			// The audit log tells the story in words.
			await ctx.visit(`${base}/protokoll`);
			const log = (await page.textContent('#audit'))?.replace(/\s+/g, ' ') ?? '';
			for (const s of ['Programm angelegt aus der Vorlage', 'Regeln geändert', 'nicht förderfähig: Druckkosten übernimmt das Bezirksamt selbst.', `20 Runden für ${year} angelegt`, `Budget geändert: Grünau ${year}`, note, `Phase gestartet: Grünau ${year}`, admin.pseudonym]) {
				ctx.expect(log.includes(s), `the audit log shows “${s}”`);
			}
			ctx.expect(!log.includes('{') && !log.includes('costCategories'), 'the audit log has no raw data');
		}
	},
	{
		name: 'programmes: the admin pages fit a 320 px phone (seeded Kiezkasse)',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, admin.email, admin.password);
			await ctx.visit('/admin/programme');
			const href = await page.getAttribute('main table a:text-is("Kiezkasse")', 'href');
			ctx.expect(href, 'the seeded Kiezkasse is listed');
			await ctx.visit(href);
			await ctx.visit(`${href}/runden`);
			ctx.expect((await page.locator('#rounds tbody tr').count()) >= 20, 'the seeded rounds are listed');
			const round = (await page.getAttribute('#rounds tbody tr a', 'href')) ?? '';
			for (const path of ['/admin/programme', href, `${href}/runden`, round, `${href}/protokoll`]) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				// On failure, name the elements that stick out, so the message says what to fix.
				const wide = width <= 320 ? [] : await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 322 && !e.closest('.table-scroll')).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`));
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport (${wide.join(', ')})`);
			}
			ctx.expect(((await page.textContent('#audit')) ?? '').includes('Runde angelegt'), 'the seeded rounds are in the audit log');
		}
	},
	{
		name: 'programmes: a case worker and a resident are refused, also by guessing addresses',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin');
			ctx.expect((await page.locator('main a[href$="/admin/programme"]').count()) === 0, 'the admin start page offers a case worker no programme link');
			await ctx.visit('/admin/programme', { status: 403 });
			// A guessed address answers 403 before any lookup (one error page per run is audited; titles of error pages repeat).
			const guessed = await page.request.get(ctx.base + '/admin/programme/00000000-0000-4000-8000-000000000000/runden', { headers: { accept: 'text/html' }, maxRedirects: 0 });
			ctx.expect(guessed.status() === 403, `a guessed programme address answers 403 (got ${guessed.status()})`);
			const seeded = await page.request.get(ctx.base + '/admin/programme/__data.json', { maxRedirects: 0 });
			ctx.expect(!(await seeded.text()).includes('buergerhaushalt'), 'no programme data for a case worker');
			for (const [path, form] of [
				['/admin/programme?/create', { template: 'kiezkasse', name: 'Fremdes Programm' }],
				['/admin/programme/00000000-0000-4000-8000-000000000000', { cap: '1' }]
			] as const) {
				const r = await page.request.post(ctx.base + path, { headers: { origin: ctx.base }, form, maxRedirects: 0 });
				ctx.expect(r.status() === 403, `a case worker's POST ${path} is refused (got ${r.status()})`);
			}
			await page.click('header button:text-is("Abmelden")');
			await page.waitForURL(/hinweis=abgemeldet/);
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit('/admin/programme', { status: 403 });
		}
	}
];

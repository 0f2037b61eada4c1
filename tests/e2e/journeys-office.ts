/** End-to-end journeys of the office area (see all.ts): issue 4, district office. */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, signUpAndVerify, unique } from './journeys.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const BH = '/runde/buergerhaushalt-2027-treptow-koepenick';
const BH_CHECKLIST = ['public_benefit', 'publicly_accessible', 'in_region', 'not_started', 'no_excluded_costs', 'within_cap', 'owner_consent', 'feasible'];

const byId = (id: string) => `[id="${id}"]`;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

async function submitIdea(ctx: Ctx, title: string): Promise<string> {
	const { page } = ctx;
	await ctx.visit(`${BH}/idee-einreichen`);
	await page.fill(byId('field-title'), title);
	await page.fill(byId('field-description'), 'Ein Trinkbrunnen am Marktplatz, damit im Sommer alle Wasser bekommen.');
	await page.selectOption(byId('field-items.0.category'), 'material');
	await page.fill(byId('field-items.0.description'), 'Brunnen und Anschluss');
	await page.fill(byId('field-items.0.amount'), '4.800');
	await Promise.all([page.waitForURL(/\/idee\/[0-9a-f-]{36}\?eingereicht=1$/), page.click('form.stack button[type=submit]')]);
	return /\/idee\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

async function post(ctx: Ctx, path: string) {
	const [res] = await Promise.all([ctx.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(path)), ctx.page.click(`form[action="?/check"] button[type=submit]`)]);
	return res;
}

/** A minimal valid PDF: what a scanner produces starts with "%PDF-". */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export const journeys: Journey[] = [
	{
		name: 'office: a case worker pre-checks a resident’s idea; the resident gets the mail and can stop mails with one link',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			const title = `Trinkbrunnen ${unique(ctx.js ? 'js' : 'nojs')}`;
			const id = await submitIdea(ctx, title);
			await signOut(ctx);

			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin');
			await Promise.all([page.waitForURL(/\/admin\/ideen$/), page.click('main a[href$="/admin/ideen"]')]);
			await ctx.audit('/admin/ideen');
			await Promise.all([page.waitForURL(/\/admin\/runden\/buergerhaushalt-/), page.click('main a[href*="/admin/runden/buergerhaushalt-"]')]);
			await ctx.audit('region overview');
			ctx.expect(((await page.textContent('main')) ?? '').includes(title), 'the overview lists the new idea');
			await Promise.all([page.waitForURL(new RegExp(`/admin/ideen/${id}$`)), page.click(`main a[href$="/admin/ideen/${id}"]`)]);
			await ctx.audit('review page');
			ctx.expect(((await page.textContent('main')) ?? '').includes(u.email), 'the case worker sees the proposer’s address');

			// First attempt: "not in the region" without a reason, and "eligible" anyway → errors at the fields.
			await page.check(byId('field-criteria.public_benefit.verdict'));
			await page.check(byId('field-criteria.in_region.verdict-not_met'));
			await page.check(byId('field-outcome'));
			await page.fill(byId('field-publicFeedback'), 'Gute Idee für den Markt.');
			const res = await post(ctx, `/admin/ideen/${id}`);
			ctx.expect(res.status() === 400, `a contradictory check answers 400 (got ${res.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('pre-check (errors)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			for (const f of ['#field-criteria.in_region.reason', '#field-criteria.not_started.verdict'])
				ctx.expect(links.includes(f), `the error summary links to ${f} (${links.join(', ')})`);
			ctx.expect((await page.inputValue(byId('field-publicFeedback'))) === 'Gute Idee für den Markt.', 'the feedback text is kept');
			ctx.expect(await page.isChecked(byId('field-criteria.in_region.verdict-not_met')), 'the chosen verdict is kept');

			// Second attempt: everything met (owner consent does not apply) → eligible.
			for (const k of BH_CHECKLIST) await page.check(byId(k === 'owner_consent' ? `field-criteria.${k}.verdict-not_applicable` : `field-criteria.${k}.verdict`));
			await page.check(byId('field-outcome'));
			await Promise.all([page.waitForURL(/geprueft=mail/), page.click('form[action="?/check"] button[type=submit]')]);
			await ctx.audit('review page after the check');
			ctx.expect(((await page.textContent('main')) ?? '').includes('E-Mail'), 'the page confirms that the proposer is mailed');

			const mail = await ctx.waitForMail(u.email, 15_000, (m) => m.text.includes(title));
			ctx.expect(mail.text.includes('Förderfähig') && mail.text.includes('Gute Idee für den Markt.'), `the mail names the new status and the feedback: ${mail.text}`);
			ctx.expect(mail.text.includes(`${ctx.base}/idee/${id}`), 'the mail links to the idea');
			const optOut = /https?:\/\/\S+\/abmelden-mail\?token=\S+/.exec(mail.text)?.[0];
			ctx.expect(optOut, 'the mail has a one-link unsubscribe');

			await signOut(ctx);
			await ctx.visit(`/idee/${id}`);
			ctx.expect(((await page.textContent('main')) ?? '').includes('Förderfähig'), 'the public page shows the new status');
			// The unsubscribe link works without signing in; opening it alone changes nothing (mail scanners).
			await page.goto(optOut);
			await ctx.audit('/abmelden-mail');
			await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
			await page.waitForSelector('.kern-alert--success');
			await ctx.audit('/abmelden-mail (done)');
			ctx.expect(((await page.textContent('main')) ?? '').includes(u.email), 'the page confirms the stopped address');
			await ctx.visit('/abmelden-mail?token=forged.token');
			ctx.expect(((await page.textContent('main')) ?? '').includes('nicht gültig'), 'a forged link is refused');
		}
	},
	{
		name: 'office: staff enter a paper idea with a scan; the scan stays internal',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin/ideen');
			await Promise.all([page.waitForURL(/\/admin\/runden\/kiezkasse-\d{4}-adlershof$/), page.click('main a:text-is("Kiezkasse Adlershof ' + new Date().getFullYear() + '")')]);
			await Promise.all([page.waitForURL(/idee-erfassen$/), page.click('main a[href$="/idee-erfassen"]')]);
			await ctx.audit('assisted entry');
			const title = `Bank am Dorfanger ${unique(ctx.js ? 'js' : 'nojs')}`;
			// First attempt: no title, and an HTML file named .pdf as the "scan".
			await page.check(byId('field-channel'));
			await page.fill(byId('field-description'), 'Eine Bank für ältere Nachbar:innen am Dorfanger, abgegeben im Bürgerbüro.');
			await page.fill(byId('field-contactEmail'), `${unique('paper')}@example.org`);
			await page.selectOption(byId('field-items.0.category'), 'material');
			await page.fill(byId('field-items.0.description'), 'Bank aus Holz');
			await page.fill(byId('field-items.0.amount'), '650');
			await page.setInputFiles(byId('field-scan'), { name: 'antrag.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
			const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.stack button[type=submit]')]);
			ctx.expect(res.status() === 400, `bad input answers 400 (got ${res.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('assisted entry (errors)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			for (const f of ['#field-title', '#field-scan']) ctx.expect(links.includes(f), `the error summary links to ${f} (${links.join(', ')})`);
			ctx.expect((await page.inputValue(byId('field-items.0.amount'))) === '650', 'the amount is kept');
			ctx.expect(await page.isChecked(byId('field-channel')), 'the channel "paper" is kept');

			await page.fill(byId('field-title'), title);
			await page.setInputFiles(byId('field-scan'), { name: 'antrag.pdf', mimeType: 'application/pdf', buffer: PDF });
			await Promise.all([page.waitForURL(/\/admin\/ideen\/[0-9a-f-]{36}\?erfasst=1$/), page.click('form.stack button[type=submit]')]);
			await ctx.audit('review page of the paper idea');
			const id = /\/admin\/ideen\/([0-9a-f-]{36})/.exec(page.url())![1]!;
			const main = (await page.textContent('main')) ?? '';
			ctx.expect(main.includes('auf Papier') && main.includes('erfasst durch'), 'the record shows the channel and who entered it');
			const scanHref = await page.getAttribute('main a[href*="/scan/"]', 'href');
			ctx.expect(scanHref, 'the review page links the scan');
			const dl = await page.request.get(ctx.base + scanHref);
			ctx.expect(dl.status() === 200 && dl.headers()['content-type'] === 'application/pdf', `staff download the scan as PDF (${dl.status()} ${dl.headers()['content-type']})`);
			ctx.expect((await dl.body()).subarray(0, 5).toString() === '%PDF-', 'the scan is the uploaded file');

			await signOut(ctx);
			await ctx.visit(`/idee/${id}`);
			const pub = (await page.textContent('main')) ?? '';
			ctx.expect(pub.includes('eingereicht auf Papier, erfasst durch die Anlaufstelle'), `the public page says how the idea came in (${pub.slice(0, 300)})`);
			ctx.expect((await page.locator('a[href*="/scan/"]').count()) === 0, 'the public page does not link the scan');
			const anon = await page.request.get(ctx.base + scanHref, { maxRedirects: 0, headers: { accept: 'text/html' } });
			ctx.expect(anon.status() !== 200 && !(await anon.text()).includes('%PDF'), `an anonymous visitor gets no scan (${anon.status()})`);
		}
	},
	{
		name: 'office: import ideas from a mein.berlin CSV export with a dry run; a Kiezpatin reads her region without forms',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			const year = new Date().getFullYear();
			const overview = `/admin/runden/kiezkasse-${year}-allende-viertel`;
			await ctx.visit(overview);
			await Promise.all([page.waitForURL(/\/import$/), page.click('main a[href$="/import"]')]);
			await ctx.audit('import: upload');
			// A file that is no table at all → a message at the field, not a 500.
			await page.setInputFiles(byId('field-file'), { name: 'ideen.csv', mimeType: 'text/csv', buffer: Buffer.from([0xff, 0xfe, 0x00, 0xd8]) });
			const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
			ctx.expect(bad.status() === 400, `an unreadable file answers 400 (got ${bad.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('import: upload (error)');
			const tag = unique(ctx.js ? 'js' : 'nojs');
			const csv = `Referenznummer;Titel;Beschreibung;Kategorie;Budget\n2025-1;Repair-Café ${tag};Reparieren statt wegwerfen;Umwelt;1.500\n2025-2;Lesepaten ${tag};Vorlesen in der Bibliothek;Bildung;\n2025-3;Repair-Café ${tag};doppelt;Umwelt;\n`;
			await page.setInputFiles(byId('field-file'), { name: 'meinberlin-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
			await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
			await page.waitForSelector(byId('field-map.title'));
			await ctx.audit('import: map columns');
			ctx.expect((await page.inputValue(byId('field-map.title'))) === 'Titel', 'the title column is recognised');
			await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]:not([formaction])')]);
			await page.waitForSelector('#plan');
			await ctx.audit('import: dry run');
			const summary = (await page.textContent('main')) ?? '';
			ctx.expect(/2 neu, 1 doppelt, 0 mit Fehlern/.test(summary), `the dry run shows what would happen (${summary.slice(0, 400)})`);
			const before = await page.request.get(ctx.base + overview);
			ctx.expect(!(await before.text()).includes(`Repair-Café ${tag}`), 'the dry run created nothing');
			await Promise.all([page.waitForURL(/importiert=2/), page.click('button[formaction="?/import"]')]);
			await ctx.audit('overview after import');
			const after = (await page.textContent('main')) ?? '';
			ctx.expect(after.includes(`Repair-Café ${tag}`) && after.includes(`Lesepaten ${tag}`), 'the overview lists the imported ideas');
			await signOut(ctx);

			// The Kiezpatin of Alt-Treptow reads her region's overview, without entry or import, and no other region.
			const patin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
			await signIn(ctx, patin.email, patin.password);
			await ctx.visit(`/admin/runden/kiezkasse-${year}-alt-treptow`);
			ctx.expect((await page.locator('main a[href$="/idee-erfassen"], main a[href$="/import"]').count()) === 0, 'no entry or import for the Kiezpatin');
			const res = await page.goto(ctx.base + overview);
			ctx.expect(res?.status() === 404, `another region is not found for her (got ${res?.status()})`);
		}
	},
	{
		name: 'office: a resident guessing admin addresses gets 403 and no data; posts are refused',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit(BH);
			const href = await page.getAttribute('main a[href*="/idee/"]', 'href');
			const id = /\/idee\/([0-9a-f-]{36})/.exec(href ?? '')?.[1];
			ctx.expect(id, 'the round lists an idea');
			await page.goto(ctx.base + `/idee/${id}`);
			const description = ((await page.textContent('main article p.kern-preline')) ?? '').trim().slice(0, 40);
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			for (const path of [`/admin/ideen/${id}`, '/admin/ideen', '/admin/runden/buergerhaushalt-2027-treptow-koepenick', '/admin/runden/buergerhaushalt-2027-treptow-koepenick/idee-erfassen', '/admin/runden/buergerhaushalt-2027-treptow-koepenick/import']) {
				// The refusal page is audited once; the same page under other addresses rightly has the same title.
				if (path.startsWith('/admin/ideen/')) await ctx.visit(path, { status: 403 });
				else {
					const res = await page.goto(ctx.base + path);
					ctx.expect(res?.status() === 403, `${path} answers 403 for a resident (got ${res?.status()})`);
				}
				const text = (await page.textContent('main')) ?? '';
				ctx.expect(text.includes('nur für Mitarbeitende'), `${path}: the 403 page says why`);
				ctx.expect(!description || !text.includes(description), `${path}: no idea data on the refusal`);
			}
			const data = await page.request.get(ctx.base + `/admin/ideen/${id}/__data.json`, { maxRedirects: 0 });
			ctx.expect(data.status() === 403 || !(await data.text()).includes('checklist'), `the review data is not served to a resident (${data.status()})`);
			for (const [path, form] of [
				[`/admin/ideen/${id}?/check`, { outcome: 'eligible' }],
				[`/admin/ideen/${id}?/merge`, { target: id! }],
				['/admin/runden/buergerhaushalt-2027-treptow-koepenick/idee-erfassen', { title: 'Eingeschmuggelt', channel: 'paper' }],
				['/admin/runden/buergerhaushalt-2027-treptow-koepenick/import?/upload', { file: 'x' }]
			] as [string, Record<string, string>][]) {
				const r = await page.request.post(ctx.base + path, { form, headers: { origin: ctx.base }, maxRedirects: 0 });
				ctx.expect(r.status() === 403, `POST ${path} is refused with 403 (got ${r.status()})`);
			}
			const scan = await page.request.get(ctx.base + `/admin/ideen/${id}/scan/00000000-0000-4000-8000-000000000000`, { maxRedirects: 0, headers: { accept: 'text/html' } });
			ctx.expect(scan.status() === 403, `a guessed scan address is refused (got ${scan.status()})`);
		}
	}
];

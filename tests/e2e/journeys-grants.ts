/** End-to-end journeys of the grants area; each journey's name starts with "grants:" so E2E_ONLY picks them. */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import { RESIDENT_FUNDED } from '../../src/lib/server/app/seed-grants.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn } from './journeys.ts';

const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const ROUND = `kiezkasse-${new Date().getUTCFullYear()}-adlershof`;

/** Clicks and waits for the page that follows (a redirect, or the same form with its errors), then audits it. */
async function submit(ctx: Ctx, selector: string, url: RegExp) {
	await Promise.all([ctx.page.waitForEvent('framenavigated', (f) => f === ctx.page.mainFrame()), ctx.page.click(selector)]);
	await ctx.page.waitForLoadState('load');
	ctx.expect(url.test(ctx.page.url()), `after ${selector} the address matches ${url} (${ctx.page.url()})`);
	await ctx.audit();
}

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

const main = async (ctx: Ctx) => ((await ctx.page.textContent('main')) ?? '').replace(/\s+/g, ' ');

/** The demo resident's first funded idea still without an application (the seed gives them four). */
async function openFundedIdea(ctx: Ctx): Promise<{ id: string; title: string }> {
	await ctx.visit('/konto/ideen');
	const ideas: { id: string; title: string }[] = [];
	// The two memorial boards are the settlement journeys' projects (journeys-settlement.ts): a grant notice on them
	// would change their settlement form, so take the resident's other funded ideas (seed-grants, seed-settlement).
	const candidates = [...RESIDENT_FUNDED.filter((t) => !t.includes('tafel')), 'Supervision für Ehrenamtliche am Übergangswohnheim', 'Digitalisierung von ca. 1000 historischen Ortsfotos'];
	for (const title of candidates) {
		const link = ctx.page.locator(`main a:text-is("${title}")`);
		if (!(await link.count())) continue;
		const id = /\/konto\/ideen\/([0-9a-f-]{36})/.exec((await link.first().getAttribute('href')) ?? '')?.[1];
		if (id) ideas.push({ id, title });
	}
	for (const { id, title } of ideas) {
		await ctx.visit(`/konto/ideen/${id}`);
		if (!(await ctx.page.locator(`main a[href$="/konto/ideen/${id}/antrag"]`).count())) continue;
		await ctx.visit(`/konto/ideen/${id}/antrag`);
		if (await ctx.page.locator('#field-iban').count()) return { id, title };
	}
	throw new Error('no funded idea of the demo resident is left to apply for');
}

export const journeys: Journey[] = [
	{
		name: 'grants: a proposer applies (bad IBAN, then good), the case worker issues the notice, pays and exports',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, resident.email, resident.password);
			const { id, title } = await openFundedIdea(ctx);

			// 1. The application, first with an IBAN whose check digits are wrong.
			await page.fill('#field-contactName', 'Erika Beispiel');
			await page.fill('#field-contactEmail', 'erika@example.org');
			await page.fill('#field-contactAddress', 'Dörpfeldstraße 1\n12489 Berlin');
			await page.fill('#field-accountHolder', 'Erika Beispiel');
			await page.fill('#field-iban', 'DE88 3704 0044 0532 0130 00');
			await page.check('#field-costPlanConfirmed');
			await page.check('#field-declaredNotStarted');
			await page.check('#field-declaredSubsidyFraudNotice');
			await submit(ctx, 'main form button[type=submit]', new RegExp(`/konto/ideen/${id}/antrag`));
			const summary = (await page.textContent('.error-summary')) ?? '';
			ctx.expect(summary.includes('Prüfziffern der IBAN'), `the error summary names the IBAN problem (${summary})`);
			ctx.expect((await page.getAttribute('.error-summary a', 'href')) === '#field-iban', 'the summary links to the IBAN field');
			ctx.expect((await page.getAttribute('#field-iban', 'aria-invalid')) === 'true', 'the IBAN field is marked invalid');
			ctx.expect((await page.inputValue('#field-contactName')) === 'Erika Beispiel', 'what was typed is kept');
			ctx.expect(await page.isChecked('#field-declaredNotStarted'), 'the declarations stay ticked');
			ctx.expect((await page.title()).startsWith('Fehler') || (await page.title()).includes(':'), `the title says there is an error (${await page.title()})`);

			// 2. The good IBAN: the application is in, the applicant sees only the masked IBAN.
			await page.fill('#field-iban', 'DE89 3704 0044 0532 0130 00');
			await submit(ctx, 'main form button[type=submit]', /gestellt=1/);
			ctx.expect((await page.textContent('[data-testid=masked-iban]'))?.trim() === 'DE•• •••• •••• •••• 3000', 'the applicant sees the masked IBAN');
			ctx.expect(!(await page.content()).includes('370400440532013000'), 'the full IBAN is not in the page');
			ctx.expect((await main(ctx)).includes('Antrag gestellt'), 'the status is "Antrag gestellt"');
			await signOut(ctx);

			// 3. The case worker: round list → round → case file with the IBAN in full; issue the notice.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin');
			await Promise.all([page.waitForURL(/\/admin\/foerderung$/), page.click('main a[href$="/admin/foerderung"]')]);
			await ctx.audit();
			await Promise.all([page.waitForURL(new RegExp(`/admin/foerderung/runde/${ROUND}$`)), page.click(`main a[href$="/admin/foerderung/runde/${ROUND}"]`)]);
			await ctx.audit();
			const ledgerBefore = (await page.textContent('[data-testid=ledger]')) ?? '';
			await Promise.all([page.waitForURL(new RegExp(`/admin/foerderung/${id}$`)), page.click(`main a:text-is("${title}")`)]);
			await ctx.audit();
			ctx.expect((await page.textContent('[data-testid=iban]'))?.trim() === 'DE89370400440532013000', 'the case worker sees the full IBAN');
			await submit(ctx, 'form[action="?/issue"] button[type=submit]', /ok=bescheid/);
			ctx.expect(/in Umsetzung/i.test(await main(ctx)), 'the status is now "in Umsetzung"');
			const href = await page.getAttribute('main a[href$="/bescheid.pdf"]', 'href');
			ctx.expect(href === `/admin/foerderung/${id}/bescheid.pdf`, `the notice is linked (${href})`);
			const pdf = await page.request.get(ctx.base + href);
			ctx.expect(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', 'the notice downloads as application/pdf');
			ctx.expect((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the file is a PDF');

			// 4. A payment: more than granted is refused at the field, then a real one is booked.
			await page.fill('#field-amount', '999999');
			await page.fill('#field-reference', `Kassenzeichen ${ctx.js ? 'js' : 'nojs'}`);
			await submit(ctx, 'form[action="?/pay"] button[type=submit]', new RegExp(`/admin/foerderung/${id}`));
			ctx.expect(((await page.textContent('.error-summary')) ?? '').includes('noch offen'), 'an overpayment is refused with a clear message');
			ctx.expect((await page.inputValue('#field-reference')).startsWith('Kassenzeichen'), 'the reference typed is kept');
			await page.fill('#field-amount', '100,00');
			await submit(ctx, 'form[action="?/pay"] button[type=submit]', /ok=zahlung/);
			ctx.expect((await main(ctx)).includes(`Kassenzeichen ${ctx.js ? 'js' : 'nojs'}`), 'the payment is listed');

			// 4b. The applicant got both procedure mails over SMTP: with the link, never with the IBAN (last 4 at most).
			const link = `/konto/ideen/${id}/antrag`;
			const issuedMail = await ctx.waitForMail('erika@example.org', 15_000, (m) => m.subject.includes('Zuwendungsbescheid') && m.text.includes(link));
			ctx.expect(!/DE89|370400|0532/.test(issuedMail.text + issuedMail.subject), 'the notice mail carries no bank details');
			const paidMail = await ctx.waitForMail('erika@example.org', 15_000, (m) => m.subject.includes('Auszahlung') && m.text.includes(link));
			ctx.expect(paidMail.text.includes('100,00') && paidMail.text.includes('…3000'), 'the payment mail names the amount and the last four IBAN characters');
			ctx.expect(!/DE89|370400|0532/.test(paidMail.text + paidMail.subject), 'the payment mail carries no more of the IBAN');

			// 5. The round: the ledger moved; the payment list exports as XLSX that reads back.
			await ctx.visit(`/admin/foerderung/runde/${ROUND}`);
			const ledgerAfter = (await page.textContent('[data-testid=ledger]')) ?? '';
			ctx.expect(ledgerAfter !== ledgerBefore, 'the ledger changed after the grant and payment');
			const x = await page.request.get(`${ctx.base}/admin/foerderung/runde/${ROUND}/zahlungen.xlsx`);
			ctx.expect(x.status() === 200 && x.headers()['content-type'] === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `the XLSX export downloads (${x.status()})`);
			const { default: ExcelJS } = await import('exceljs');
			const wb = new ExcelJS.Workbook();
			const body = await x.body();
			await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
			const rows: string[] = [];
			wb.getWorksheet('Zahlungen')!.eachRow((r) => rows.push(String(r.getCell(5).value)));
			ctx.expect(rows.includes(title), `the XLSX lists the payment for "${title}"`);
			const csv = await page.request.get(`${ctx.base}/admin/foerderung/runde/${ROUND}/zahlungen.csv`);
			ctx.expect(csv.status() === 200 && (await csv.text()).includes(title), 'the CSV export lists it too');
			await signOut(ctx);

			// 6. The applicant downloads their notice.
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit(`/konto/ideen/${id}/antrag`);
			ctx.expect(/Ausgezahlt: 100(,00)?\s€/.test(await main(ctx)), 'the applicant sees the payment');
			const mine = await page.request.get(`${ctx.base}/konto/ideen/${id}/bescheid.pdf`);
			ctx.expect(mine.status() === 200 && mine.headers()['content-type'] === 'application/pdf', 'the applicant downloads the notice');
		}
	},
	{
		name: 'grants: residents and Kiezpat:innen cannot reach grant files; guessed ids answer 404',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// Find a real case id as the case worker, then try it as others.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/foerderung/runde/${ROUND}`);
			// The seeded grant (no account owns it), so the demo resident is a stranger to it.
			const caseHref = (await page.getAttribute('main table a:text-is("Trainingsanzüge für die Jugendfeuerwehr")', 'href')) ?? '';
			const id = /\/admin\/foerderung\/([0-9a-f-]{36})/.exec(caseHref)?.[1];
			ctx.expect(id, 'a case is listed');
			await ctx.visit(`/admin/foerderung/00000000-0000-4000-8000-000000000000`, { status: 404 });
			await signOut(ctx);
			for (const who of [resident, kiezpatin]) {
				await signIn(ctx, who.email, who.password);
				for (const path of ['/admin/foerderung', '/admin/foerderung/vorlagen', '/admin/foerderung/zahlungen', '/admin/foerderung/zahlungen/export.csv', `/admin/foerderung/runde/${ROUND}`, `/admin/foerderung/${id}`, `/admin/foerderung/${id}/antrag`, `/admin/foerderung/${id}/bescheid.pdf`, `/admin/foerderung/runde/${ROUND}/zahlungen.xlsx`, `/admin/foerderung/runde/${ROUND}/zahlungen.csv`]) {
					const r = await page.request.get(ctx.base + path, { headers: { accept: 'text/html' }, maxRedirects: 0 });
					ctx.expect(r.status() === 403, `GET ${path} by the ${who.role} answers 403 (got ${r.status()})`);
					ctx.expect(!(await r.text()).includes('DE89'), `GET ${path} shows no bank data`);
				}
				for (const action of ['issue', 'pay']) {
					const r = await page.request.post(`${ctx.base}/admin/foerderung/${id}?/${action}`, { form: { amount: '1', reference: 'x', paidOn: '2026-01-01' }, headers: { origin: ctx.base, accept: 'text/html' }, maxRedirects: 0 });
					ctx.expect(r.status() === 403, `POST ?/${action} by the ${who.role} answers 403 (got ${r.status()})`);
				}
				await signOut(ctx);
			}
			// Somebody else's application and notice: 404, shown as the normal error page.
			await signIn(ctx, resident.email, resident.password);
			// (page.goto, not visit: the 404 page has the same title as the one seen above, on purpose)
			const other = await page.goto(`${ctx.base}/konto/ideen/${id}/antrag`);
			ctx.expect(other?.status() === 404 && !((await page.textContent('main')) ?? '').includes('Jugendfeuerwehr'), `another applicant's application answers 404 (got ${other?.status()})`);
			const pdf = await page.request.get(`${ctx.base}/konto/ideen/${id}/bescheid.pdf`, { maxRedirects: 0 });
			ctx.expect(pdf.status() === 404, `another applicant's notice answers 404 (got ${pdf.status()})`);
		}
	},
	{
		name: 'grants: the case worker edits the notice template (errors keep the input), previews its versions, and takes the cashier list',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const mark = ctx.js ? 'js' : 'nojs';
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin/foerderung');
			await Promise.all([page.waitForURL(/\/admin\/foerderung\/vorlagen$/), page.click('main a[href$="/admin/foerderung/vorlagen"]')]);
			await ctx.audit();
			const first = page.locator('main a[href*="/admin/foerderung/vorlagen/"]').first();
			const tplPath = (await first.getAttribute('href')) ?? '';
			ctx.expect(/\/admin\/foerderung\/vorlagen\/[0-9a-f-]{36}$/.test(tplPath), `a programme's template is listed (${tplPath})`);
			await Promise.all([page.waitForURL((u) => u.pathname === tplPath), first.click()]);
			await ctx.audit();

			// 1. Bad input: a legal-remedy text too short and a period of 0 days; both named, the input kept.
			const remedy = await page.inputValue('#field-legalRemedy');
			await page.fill('#field-legalRemedy', 'Widerspruch möglich.');
			await page.fill('#field-settlementDays', '0');
			await submit(ctx, 'form[action="?/save"] button[type=submit]', new RegExp(`${tplPath}`));
			const summary = (await page.textContent('.error-summary')) ?? '';
			ctx.expect(summary.includes('Rechtsbehelfsbelehrung ist zu kurz') && summary.includes('1 bis 365'), `the error summary names both problems (${summary})`);
			ctx.expect((await page.getAttribute('#field-legalRemedy', 'aria-invalid')) === 'true', 'the legal-remedy field is marked invalid');
			ctx.expect((await page.inputValue('#field-legalRemedy')) === 'Widerspruch möglich.', 'what was typed is kept');
			ctx.expect((await page.title()).includes(':'), `the title says there is an error (${await page.title()})`);

			// 2. A good save: a new version, listed with its preview; the text of the notice is unchanged otherwise.
			await page.fill('#field-legalRemedy', remedy);
			await page.fill('#field-settlementDays', '31');
			await page.fill('#field-signature', `Im Auftrag\nSachbearbeitung SPK (${mark})`);
			await submit(ctx, 'form[action="?/save"] button[type=submit]', /gespeichert=\d+/);
			const version = /gespeichert=(\d+)/.exec(page.url())![1];
			ctx.expect((await main(ctx)).includes(`Gespeichert als Fassung ${version}`), `the page confirms version ${version}`);
			ctx.expect((await page.inputValue('#field-signature')).includes(`(${mark})`), 'the form shows the saved text');
			const preview = await page.getAttribute(`main a[href$="vorschau.pdf?fassung=${version}"]`, 'href');
			ctx.expect(preview, 'the new version has a preview link');
			const pdf = await page.request.get(ctx.base + preview);
			ctx.expect(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the preview is a PDF');

			// 3. The cashier list: a bad date is named at the field; a good range shows counts, the files carry the IBAN.
			await ctx.visit('/admin/foerderung/zahlungen?von=2026-02-30&bis=');
			ctx.expect(((await page.textContent('.error-summary')) ?? '').includes('gültiges Datum'), 'an impossible date is refused at the field');
			await ctx.visit('/admin/foerderung/zahlungen');
			await page.fill('#field-von', '2020-01-01');
			await submit(ctx, 'main form button[type=submit]', /von=2020-01-01/);
			const counted = (await page.textContent('[data-testid=export-summary]')) ?? '';
			ctx.expect(/\d+ Zahlungen, zusammen/.test(counted), `the selection is counted (${counted})`);
			ctx.expect(!/DE\d{20}/.test(await page.content()), 'the page shows no IBAN');
			const csvHref = (await page.getAttribute('main a[href*="/zahlungen/export.csv"]', 'href')) ?? '';
			const csv = await page.request.get(ctx.base + csvHref);
			const csvText = await csv.text();
			ctx.expect(csv.status() === 200 && csvText.includes('Kontoinhaber:in;IBAN') && /;DE\d{20};/.test(csvText), `the CSV holds the full IBAN for the cashier (${csv.status()})`);
			const xHref = (await page.getAttribute('main a[href*="/zahlungen/export.xlsx"]', 'href')) ?? '';
			const x = await page.request.get(ctx.base + xHref);
			const { default: ExcelJS } = await import('exceljs');
			const wb = new ExcelJS.Workbook();
			const body = await x.body();
			await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
			const sheet = wb.getWorksheet('Zahlungen')!;
			const ibans: string[] = [];
			sheet.eachRow((r) => ibans.push(String(r.getCell(10).value ?? '')));
			ctx.expect(ibans[0] === 'IBAN' && ibans.some((v) => /^DE\d{20}$/.test(v)), 'the XLSX reads back with the IBAN column');
		}
	},
	{
		name: 'grants: the grant pages fit a 320 px phone',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/foerderung/runde/${ROUND}`);
			const cases = await page.locator('main table a[href*="/admin/foerderung/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
			await ctx.visit('/admin/foerderung/vorlagen');
			const templates = await page.locator('main a[href*="/admin/foerderung/vorlagen/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
			for (const path of ['/admin/foerderung', `/admin/foerderung/runde/${ROUND}`, ...cases.slice(0, 3), '/admin/foerderung/vorlagen', ...templates.slice(0, 1), '/admin/foerderung/zahlungen?von=2026-01-01']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				const wide = width <= 320 ? [] : await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 322 && !e.closest('.table-scroll')).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`));
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport (${wide.join(', ')})`);
			}
		}
	}
];

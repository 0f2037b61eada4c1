/**
 * End-to-end journeys of the settlement area (issue 6); each journey's name starts with "settlement:" so
 * E2E_ONLY picks them. Demo data: the demo resident carries out funded Kiezkasse projects of Adlershof
 * (src/lib/server/app/seed-settlement.ts); each mode takes a different one, so JS on and off both start fresh.
 */
import ExcelJS from 'exceljs';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import { demoReceiptPdf } from '../../src/lib/server/app/seed-settlement.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn } from './journeys.ts';

const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
const worker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const YEAR = new Date().getUTCFullYear();
const ROUND = `kiezkasse-${YEAR}-adlershof`;

/** Clicks and waits for the next document, then checks the address and runs axe. */
async function submit(ctx: Ctx, selector: string, url: RegExp) {
	await Promise.all([ctx.page.waitForEvent('framenavigated', (f) => f === ctx.page.mainFrame()), ctx.page.click(selector)]);
	await ctx.page.waitForLoadState('load');
	ctx.expect(url.test(ctx.page.url()), `after ${selector} the address matches ${url} (${ctx.page.url()})`);
	await ctx.audit();
}

async function as(ctx: Ctx, who: { email: string; password: string }) {
	await ctx.context.clearCookies();
	await signIn(ctx, who.email, who.password);
}

const pdf = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(demoReceiptPdf(text)) });

async function uploadReceipt(ctx: Ctx, r: { date: string; amount: string; category: string; description: string; file: { name: string; mimeType: string; buffer: Buffer }; replaces?: boolean }) {
	const { page } = ctx;
	if (r.replaces) {
		const value = await page.locator('#field-replaces option').nth(1).getAttribute('value');
		await page.selectOption('#field-replaces', value!);
	}
	await page.fill('#field-date', r.date);
	await page.fill('#field-amount', r.amount);
	await page.selectOption('#field-category', r.category);
	await page.fill('#field-description', r.description);
	await page.setInputFiles('#field-file', r.file);
}

export const journeys: Journey[] = [
	{
		name: 'settlement: a funded project from opening to a closed settlement, one receipt rejected and uploaded again',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const title = ctx.js ? 'Gedenktafel auf dem Waldfriedhof' : 'Informationstafel am Friedhofseingang';

			// The case worker opens the settlement with the figures of the grant notice.
			await as(ctx, worker);
			await ctx.visit('/admin/abrechnung');
			const href = await page.locator('main a', { hasText: title }).first().getAttribute('href');
			ctx.expect(href && /\/admin\/abrechnung\/[0-9a-f-]{36}$/.test(href), `the list links to the project (${href})`);
			const id = href.split('/').pop()!;
			await ctx.visit(`/admin/abrechnung/${id}`);
			await page.fill('#field-granted', '300');
			await page.fill('#field-paid', '300');
			await submit(ctx, 'form[action="?/open"] button[type=submit]', /hinweis=open/);
			ctx.expect((await page.textContent('[data-testid=statement]'))?.includes('300'), 'the statement shows the grant');

			// The applicant uploads receipts; a file that is not what it claims is refused with a message, and
			// its name (with markup) is not echoed.
			await as(ctx, resident);
			await ctx.visit(`/konto/ideen/${id}/abrechnung`);
			await uploadReceipt(ctx, { date: `${YEAR}-06-01`, amount: '180,00', category: 'material', description: 'Tafel aus Aluminium', file: { name: '<img src=x onerror=alert(1)>.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') } });
			await submit(ctx, 'form[action="?/receipt"] button[type=submit]', /abrechnung/);
			ctx.expect((await page.textContent('.error-summary'))?.includes('PDF-, JPEG- oder PNG'), 'a wrong file type is explained in the error summary');
			ctx.expect((await page.inputValue('#field-amount')) === '180,00', 'the typed amount is kept');
			ctx.expect(!(await page.content()).includes('onerror=alert'), 'the file name with markup is not shown');
			await uploadReceipt(ctx, { date: `${YEAR}-06-01`, amount: '180,00', category: 'material', description: 'Tafel aus Aluminium', file: pdf('Rechnung "Tafel" <1>.pdf', 'Rechnung Tafel 180 EUR') });
			await submit(ctx, 'form[action="?/receipt"] button[type=submit]', /hinweis=receipt/);
			ctx.expect((await page.textContent('main'))?.includes('Rechnung _Tafel_ _1_.pdf'), 'the stored name is the sanitised one');
			const receiptHref = await page.locator('li.receipt a', { hasText: 'Rechnung _Tafel_' }).getAttribute('href');
			const receiptId = receiptHref!.split('/').pop()!;
			const own = await page.request.get(`${ctx.base}${receiptHref}`);
			ctx.expect(own.status() === 200 && (await own.body()).subarray(0, 5).toString() === '%PDF-' && own.headers()['x-content-type-options'] === 'nosniff', 'the applicant downloads the receipt as sent');
			await uploadReceipt(ctx, { date: `${YEAR}-06-02`, amount: '40', category: 'catering', description: 'Getränke zur Einweihung', file: pdf('getraenke.pdf', 'Getraenke 40 EUR') });
			await submit(ctx, 'form[action="?/receipt"] button[type=submit]', /hinweis=receipt/);
			ctx.expect((await page.locator('li.receipt').count()) === 2, 'two receipts are listed');
			ctx.expect((await page.textContent('li.receipt >> nth=1'))?.includes('nicht förderfähig'), 'the excluded category is flagged');
			await page.fill('#field-report', 'Die Tafel wurde im Juni angebracht und eingeweiht.');
			await submit(ctx, 'form[action="?/report"] button[type=submit]', /hinweis=report/);
			await submit(ctx, 'form[action="?/submit"] button[type=submit]', /hinweis=submit/);

			// The case worker accepts the first, rejects the second with a reason, and writes to the applicant.
			await as(ctx, worker);
			await ctx.visit(`/admin/abrechnung/${id}`);
			await submit(ctx, 'button:has-text("Beleg 1 anerkennen")', /hinweis=check/);
			await submit(ctx, 'button:has-text("Beleg 2 ablehnen")', /abrechnung/);
			ctx.expect((await page.textContent('.error-summary'))?.includes('Grund'), 'a rejection needs a reason');
			await page.locator('li.receipt >> nth=1').locator('input[type=text]').fill('Verpflegung wird aus der Kiezkasse nicht gefördert. Bitte den Beleg für die Schrauben einreichen.');
			await submit(ctx, 'button:has-text("Beleg 2 ablehnen")', /hinweis=check/);
			await page.fill('#field-body', 'Bitte reichen Sie statt der Getränke den Beleg für die Schrauben ein.');
			await submit(ctx, 'form[action="?/message"] button[type=submit]', /hinweis=message/);
			// The subject is MIME-encoded (non-ASCII), so the mail is recognised by its link to this settlement.
			const mail = await ctx.waitForMail(resident.email, 15_000, (m) => m.text.includes(`/konto/ideen/${id}/abrechnung`));
			ctx.expect(mail.text.includes('Nachricht zur Abrechnung') && !mail.text.includes('Schrauben'), 'the mail notice says there is a message and does not carry it');

			// The applicant reads the reason and the message, uploads a replacement, answers.
			await as(ctx, resident);
			await ctx.visit(`/konto/ideen/${id}/abrechnung`);
			ctx.expect((await page.textContent('main'))?.includes('Verpflegung wird aus der Kiezkasse nicht gefördert'), 'the reason is shown');
			ctx.expect((await page.textContent('#nachrichten'))?.includes('Schrauben ein'), 'the message is in the thread');
			await uploadReceipt(ctx, { date: `${YEAR}-06-03`, amount: '25,50', category: 'material', description: 'Schrauben und Dübel', file: pdf('schrauben.pdf', 'Schrauben 25,50 EUR'), replaces: true });
			await submit(ctx, 'form[action="?/receipt"] button[type=submit]', /hinweis=receipt/);
			ctx.expect((await page.textContent('main'))?.includes('durch neuen Beleg ersetzt'), 'the rejected receipt is marked as replaced');
			await page.fill('#field-body', 'Hier ist der Beleg für die Schrauben.');
			await submit(ctx, 'form[action="?/message"] button[type=submit]', /hinweis=message/);
			// Another account gets 404 for the page and the files.
			await ctx.context.clearCookies();
			await ctx.visit(`/konto/ideen/${id}/abrechnung`);
			ctx.expect(page.url().includes('/anmelden'), 'signed out, the page asks to sign in');
			await as(ctx, kiezpatin);
			// (Both 404 pages share a title, which the harness refuses for two visited pages; one is fetched.)
			const foreign = await page.request.get(`${ctx.base}/konto/ideen/${id}/abrechnung`, { maxRedirects: 0 });
			ctx.expect(foreign.status() === 404, `another account gets 404 for the applicant page (${foreign.status()})`);
			const file = await page.request.get(`${ctx.base}/konto/ideen/${id}/abrechnung/datei/${receiptId}`, { maxRedirects: 0 });
			ctx.expect(file.status() === 404, `another account gets 404 for a receipt (${file.status()})`);
			await ctx.visit(`/admin/abrechnung/${id}`, { status: 404 });

			// The case worker accepts the new receipt and closes: 205.50 € proven, 94.50 € to pay back.
			await as(ctx, worker);
			await ctx.visit(`/admin/abrechnung/${id}`);
			await submit(ctx, 'button:has-text("Beleg 3 anerkennen")', /hinweis=check/);
			await submit(ctx, 'form[action="?/close"] button[type=submit]', /hinweis=close/);
			const statement = (await page.textContent('[data-testid=statement]')) ?? '';
			ctx.expect(statement.includes('205,50') && statement.includes('94,50'), `the statement shows proven and refund (${statement})`);
			ctx.expect(/abgeschlossen/i.test((await page.textContent('main')) ?? ''), 'the project is closed');

			// The public accounts show it, without any name or address.
			await ctx.visit(`/runde/${ROUND}/konten`);
			const row = (await page.locator(`[data-testid=projects] tr:has-text("${title}")`).textContent()) ?? '';
			ctx.expect(row.includes('300') && row.includes('205,50') && row.includes('94,50'), `the project's amounts are public (${row})`);
			ctx.expect(!(await page.content()).includes(resident.email), 'no personal data');
		}
	},
	{
		name: 'settlement: public accounts of a Kiezkasse and the district at 320 px, with CSV and XLSX downloads',
		viewport: { width: 320, height: 800 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit(`/runde/${ROUND}`);
			await submit(ctx, 'main a:text-is("Abrechnung und Jahresrechnung")', /\/konten$/);
			ctx.expect((await page.textContent('h1'))?.includes('Adlershof'), 'the accounts page names the Kiezkasse');
			const annual = (await page.textContent('[data-testid=annual]')) ?? '';
			ctx.expect(annual.includes('7.400'), `the budget of Adlershof is shown (${annual})`);
			const pav = (await page.locator('[data-testid=projects] tr:has-text("Zwei Pavillons")').textContent()) ?? '';
			ctx.expect(pav.includes('224,90') && pav.includes('13,10'), `the closed demo project shows settled and refunded (${pav})`);
			const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
			ctx.expect(width <= 320, `the page does not scroll sideways at 320 px (${width})`);
			const xlsxHref = await page.getAttribute('a:has-text("XLSX")', 'href');
			const res = await page.request.get(new URL(xlsxHref!, ctx.base).toString());
			ctx.expect(res.status() === 200 && (res.headers()['content-type'] ?? '').includes('spreadsheetml'), 'the XLSX download works');
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load((await res.body()).buffer as ArrayBuffer);
			const first = wb.getWorksheet('Jahresrechnung')!.getRow(2).values as unknown[];
			ctx.expect(String(first[1]).includes('Adlershof') && first[3] === 7400, `the XLSX reads back with the annual account (${JSON.stringify(first)})`);
			const csv = await page.request.get(new URL((await page.getAttribute('a:has-text("CSV")', 'href'))!, ctx.base).toString());
			ctx.expect((await csv.text()).includes('Zwei Pavillons für Außenveranstaltungen des Kiezklubs,closed,238.00,238.00,224.90,13.10'), 'the CSV has the same numbers');
			await submit(ctx, 'nav a:has-text("Abrechnungen im Bezirk")', /\/bezirk\/[^/]+\/konten\?jahr=\d{4}/);
			ctx.expect((await page.locator('[data-testid=annual] tbody tr').count()) >= 21, 'the district overview lists every Kiezkasse and a total');
			await ctx.visit(`/runde/keine-solche-runde/konten`, { status: 404 });
		}
	}
];

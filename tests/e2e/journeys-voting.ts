/**
 * End-to-end journeys of the voting area (issue 5): staff make printed codes (the PDF is read back with
 * pdftotext, as a printer would get it), a voter votes with one and checks the receipt, staff close the
 * vote and the published Pabulib file recounts to the published result with the command line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx, Journey } from './harness.ts';
import { signIn, unique } from './journeys.ts';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const ROUND = `stadtteilbudget-${new Date().getUTCFullYear()}-altstadt-kietz`;
const CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/g;

async function makeCodes(ctx: Ctx, n: number): Promise<string[]> {
	await signIn(ctx, caseWorker.email, caseWorker.password);
	await ctx.visit(`/admin/abstimmung/${ROUND}`);
	// A batch without a name comes back with the error summary and what was typed.
	await ctx.page.fill('#field-size', String(n));
	await Promise.all([ctx.page.waitForURL(/fehler=/), ctx.page.click('form[action$="/codes"] button[type=submit]')]);
	await ctx.audit('batch form with an error');
	ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('Bezeichnung'), 'the error summary asks for a name');
	ctx.expect((await ctx.page.inputValue('#field-size')) === String(n), 'the typed number is kept');
	await ctx.page.fill('#field-label', unique('Bürgeramt'));
	const [download] = await Promise.all([ctx.page.waitForEvent('download'), ctx.page.click('form[action$="/codes"] button[type=submit]')]);
	const dir = mkdtempSync(join(tmpdir(), 'kb-codes-'));
	const file = join(dir, 'codes.pdf');
	await download.saveAs(file);
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
	const codes = [...new Set(text.match(CODE) ?? [])];
	ctx.expect(codes.length === n, `the PDF holds ${n} codes (found ${codes.length})`);
	ctx.expect(text.includes('Ihr Abstimmungscode') && text.includes('Your voting code'), 'the letters are in German and English');
	await ctx.visit(`/admin/abstimmung/${ROUND}`);
	return codes;
}

export const journeys: Journey[] = [
	{
		name: 'voting: staff make printed codes; a voter votes with one and checks the receipt',
		async run(ctx: Ctx) {
			const codes = await makeCodes(ctx, 2);
			const code = codes[0] ?? '';
			await ctx.context.clearCookies();
			// The round page leads to the ballot while the vote runs.
			await ctx.visit(`/runde/${ROUND}`);
			await Promise.all([ctx.page.waitForURL(/\/abstimmen$/), ctx.page.click(`a[href$="/runde/${ROUND}/abstimmen"]`)]);
			await ctx.audit('ballot page (code entry)');
			// A typo is caught by the check symbol, with a helpful message.
			const typo = code.slice(0, -1) + (code.endsWith('2') ? '3' : '2');
			await ctx.page.fill('#field-code', typo);
			await Promise.all([ctx.page.waitForLoadState('load'), ctx.page.click('form[action="?/code"] button[type=submit]')]);
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('code with a typo');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('Tippfehler'), 'the typo is explained');
			await ctx.page.fill('#field-code', code.toLowerCase().replaceAll('-', ' '));
			await ctx.page.click('form[action="?/code"] button[type=submit]');
			await ctx.page.waitForSelector('form[action="?/vote"]');
			await ctx.audit('ballot');
			const boxes = await ctx.page.$$eval('form[action="?/vote"] input[type=checkbox]', (els) =>
				els.map((e) => ({ id: e.id, label: document.querySelector(`label[for="${CSS.escape(e.id)}"]`)?.textContent ?? '' }))
			);
			ctx.expect(boxes.length === 6, `six projects on the ballot (${boxes.length})`);
			const idOf = (title: string) => boxes.find((b) => b.label.includes(title))!.id;
			// Over budget first: 6,000 + 3,800 + 3,000 € > 10,000 €.
			for (const t of ['Trinkbrunnen', 'Lastenrad', 'Kiezfest']) await ctx.page.check(`#${CSS_ESCAPE(idOf(t))}`);
			if (ctx.js) {
				const meter = await ctx.page.textContent('[data-testid=meter]');
				ctx.expect(meter?.includes('über dem Budget'), `the live meter says the ballot is over budget (${meter})`);
			}
			await ctx.page.click('form[action="?/vote"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('ballot over budget');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('Budget'), 'the server explains the budget');
			ctx.expect(await ctx.page.isChecked(`#${CSS_ESCAPE(idOf('Kiezfest'))}`), 'the choices are kept');
			await ctx.page.uncheck(`#${CSS_ESCAPE(idOf('Kiezfest'))}`);
			if (ctx.js) {
				const meter = await ctx.page.textContent('[data-testid=meter]');
				ctx.expect(meter?.includes('Noch verfügbar'), `the meter shows the money left (${meter})`);
			}
			await ctx.page.click('form[action="?/vote"] button[type=submit]');
			await ctx.page.waitForSelector('[data-testid=receipt]');
			await ctx.audit('receipt');
			const receipt = (await ctx.page.textContent('[data-testid=receipt]'))!.trim();
			ctx.expect(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/.test(receipt), `a receipt code is shown (${receipt})`);
			// The code counts once.
			await ctx.visit(`/runde/${ROUND}/abstimmen`);
			await ctx.page.fill('#field-code', code);
			await ctx.page.click('form[action="?/code"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('schon abgestimmt'), 'a used code is refused');
			await ctx.audit('used code');
			await ctx.visit(`/runde/${ROUND}/quittung`);
			await ctx.page.fill('#field-receipt', receipt.toLowerCase());
			await ctx.page.click('form button[type=submit]');
			await ctx.page.waitForSelector('[data-testid=receipt-answer]');
			await ctx.audit('receipt check');
			ctx.expect((await ctx.page.textContent('[data-testid=receipt-answer]'))?.includes('enthalten'), 'the receipt is found');
			// No result before the close (E-05).
			await ctx.visit(`/runde/${ROUND}/ergebnis`);
			ctx.expect((await ctx.page.textContent('main'))?.includes('nach dem Ende'), 'no interim result');
			ctx.expect((await ctx.page.request.get(`${ctx.base}/runde/${ROUND}/ergebnis/stimmzettel.pb`)).status() === 404, 'no ballot file before the close');
		}
	},
	{
		name: 'voting: staff close the vote; the result is published and the Pabulib download verifies',
		async run(ctx: Ctx) {
			// A Kiezpatin is staff but may not manage a vote: no page, no codes, no close.
			await signIn(ctx, kiezpatin.email, kiezpatin.password);
			await ctx.visit(`/admin/abstimmung/${ROUND}`, { status: 403 });
			const codes = await ctx.page.request.post(`${ctx.base}/admin/abstimmung/${ROUND}/codes`, { form: { label: 'x', size: '1' }, headers: { origin: ctx.base } });
			ctx.expect(codes.status() === 403, `codes refused to a Kiezpatin (${codes.status()})`);
			const close = await ctx.page.request.post(`${ctx.base}/admin/abstimmung/${ROUND}?/close`, { form: {}, headers: { origin: ctx.base } });
			ctx.expect(close.status() === 403, `close refused to a Kiezpatin (${close.status()})`);
			await ctx.context.clearCookies();
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/abstimmung/${ROUND}`);
			const closeButton = await ctx.page.$('form[action="?/close"] button');
			if (closeButton) {
				await closeButton.click();
				await ctx.page.waitForSelector('.kern-alert--success');
				await ctx.audit('closed');
			} else ctx.note('already closed in the other mode');
			await ctx.visit(`/runde/${ROUND}/ergebnis`);
			ctx.expect(await ctx.page.$('[data-testid=result-summary]'), 'the result is published');
			const pb = await ctx.page.request.get(`${ctx.base}/runde/${ROUND}/ergebnis/stimmzettel.pb`);
			const json = await ctx.page.request.get(`${ctx.base}/runde/${ROUND}/ergebnis/ergebnis.json`);
			ctx.expect(pb.ok() && json.ok(), 'both files download');
			const dir = mkdtempSync(join(tmpdir(), 'kb-verify-'));
			writeFileSync(join(dir, 'b.pb'), await pb.text());
			writeFileSync(join(dir, 'r.json'), await json.text());
			const run = spawnSync(process.execPath, ['cli/kiezbudget.ts', 'tally', join(dir, 'b.pb'), '--verify', join(dir, 'r.json')], { encoding: 'utf8' });
			ctx.expect(run.status === 0 && run.stdout.includes('Verified'), `the recount reproduces the result: ${run.stdout}${run.stderr}`);
			await ctx.visit(`/runde/${ROUND}/abstimmen`);
			ctx.expect((await ctx.page.textContent('main'))?.includes('beendet'), 'the ballot page says voting has ended');
		}
	},
	{
		name: 'voting: result and ballot pages fit a 320 px screen',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			for (const path of [`/runde/${ROUND}`, `/runde/${ROUND}/abstimmen`, `/runde/${ROUND}/quittung`, `/runde/${ROUND}/ergebnis`, `/en/runde/${ROUND}/ergebnis`]) {
				await ctx.visit(path);
				const wide = await ctx.page.evaluate(() => document.documentElement.scrollWidth);
				ctx.expect(wide <= 320, `${path} scrolls sideways at 320 px (${wide} px wide)`);
			}
		}
	}
];

/** CSS.escape for ids that start with "field-p." and contain a uuid (the dot must be escaped). */
function CSS_ESCAPE(id: string): string {
	return id.replace(/([.:])/g, '\\$1');
}

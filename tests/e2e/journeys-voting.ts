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
import { admin, signIn, signUpAndVerify, unique } from './journeys.ts';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const kiezpatin = DEMO_LOGINS.find((l) => l.role === 'moderator')!;
const resident = DEMO_LOGINS.find((l) => l.role === 'resident')!;
const platformAdmin = DEMO_LOGINS.find((l) => l.role === 'platform_admin')!;
const ROUND = `stadtteilbudget-${new Date().getUTCFullYear()}-altstadt-kietz`;
/** The demo Bürgerhaushalt of this year votes online with accounts (src/lib/server/app/seed.ts). */
const ACCOUNT_ROUND = `buergerhaushalt-${new Date().getUTCFullYear()}-treptow-koepenick`;
const CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/g;

/**
 * Issue 7: staff switch the voluntary age band on for the demo vote before it opens, through the staff page
 * (the opening locks it; the vote opens on the first visit of a voting page, so this runs before any). The
 * first voting journey to run switches it on; every later one finds it on and locked.
 */
async function askAgeBand(ctx: Ctx) {
	await ctx.visit(`/admin/auswertung/${ROUND}/stimmzettel`);
	const state = async () => (await ctx.page.textContent('[data-testid=age-question-state]')) ?? '';
	if ((await state()).includes('fragt nicht')) {
		ctx.expect(await ctx.page.$('main form'), 'the age question can still be switched on (no voting page of the round was opened before)');
		await Promise.all([ctx.page.waitForLoadState('load'), ctx.page.click('main form button[type=submit]')]);
		await ctx.audit('age question switched on');
	}
	ctx.expect((await state()).includes('fragt nach der Altersgruppe'), 'the demo vote asks the voluntary age band');
}

async function makeCodes(ctx: Ctx, n: number): Promise<string[]> {
	await signIn(ctx, caseWorker.email, caseWorker.password);
	await askAgeBand(ctx);
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
			// Each project comes with its short text (the start of the idea's description).
			ctx.expect((await ctx.page.textContent('form[action="?/vote"]'))?.includes('Vier Bänke am Uferweg'), 'the ballot shows each project\'s short text');
			const idOf = (title: string) => boxes.find((b) => b.label.includes(title))!.id;
			// The voluntary age band (issue 7): "no answer" until the voter picks one.
			ctx.expect((await ctx.page.textContent('[data-testid=ballot-age-band] legend'))?.includes('Freiwillig: Wie alt sind Sie?'), 'the ballot asks the voluntary age band');
			ctx.expect(await ctx.page.isChecked('#ageBand-none'), '"no answer" is preselected');
			await ctx.page.check('#ageBand-65_plus');
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
			ctx.expect(await ctx.page.isChecked('#ageBand-65_plus'), 'the chosen age band is kept');
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
		name: 'voting: a kiosk ballot — staff set up a device, unlock it with a letter code, the voter votes, the device locks again',
		async run(ctx: Ctx) {
			const [code = ''] = await makeCodes(ctx, 1);
			const label = unique('Tablet');
			// Device 1 (the kiosk): a staff member sets it up and is signed out there.
			await ctx.visit(`/admin/abstimmung/${ROUND}/kiosk`);
			await ctx.page.click('form[action="?/setup"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('kiosk setup without a name');
			await ctx.page.fill('#field-label', label);
			await Promise.all([ctx.page.waitForURL(new RegExp(`/runde/${ROUND}/kiosk$`)), ctx.page.click('form[action="?/setup"] button[type=submit]')]);
			await ctx.audit('kiosk locked');
			ctx.expect(await ctx.page.$('[data-testid=kiosk-locked]'), 'the new kiosk is locked');
			ctx.expect((await ctx.page.request.get(`${ctx.base}/admin/abstimmung/${ROUND}/kiosk`, { maxRedirects: 0 })).status() === 303, 'the kiosk device is signed out of the admin area');
			const kioskCookies = await ctx.context.cookies();
			ctx.expect(kioskCookies.some((c) => c.name === 'kb_kiosk' && c.httpOnly), 'the device holds an http-only kiosk cookie');
			// Device 2 (the staff member's own): after checking the letter, unlock the kiosk for one ballot.
			await ctx.context.clearCookies();
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/abstimmung/${ROUND}/kiosk`);
			const device = `article[data-testid=kiosk-device]:has(h3:text-is("${label}"))`;
			await ctx.page.fill(`${device} input[name=code]`, code.slice(0, -1) + (code.endsWith('2') ? '3' : '2'));
			await ctx.page.click(`${device} form[action="?/unlock"] button[type=submit]`);
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('kiosk unlock with a typo');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('Tippfehler'), 'a typo in the code is explained');
			await ctx.page.fill(`${device} input[name=code]`, code);
			await ctx.page.click(`${device} form[action="?/unlock"] button[type=submit]`);
			await ctx.page.waitForSelector('.kern-alert--success');
			await ctx.audit('kiosk unlocked');
			ctx.expect((await ctx.page.textContent(`${device} [data-testid=kiosk-state]`))?.includes('Freigegeben'), 'the list shows the device unlocked');
			const staffCookies = await ctx.context.cookies();
			// Back on the kiosk: the ballot, one vote, locked again.
			await ctx.context.clearCookies();
			await ctx.context.addCookies(kioskCookies);
			await ctx.visit(`/runde/${ROUND}/kiosk`);
			const boxes = await ctx.page.$$eval('form[action="?/vote"] input[type=checkbox]', (els) =>
				els.map((e) => ({ id: e.id, label: document.querySelector(`label[for="${CSS.escape(e.id)}"]`)?.textContent ?? '' }))
			);
			ctx.expect(boxes.length === 6, `the kiosk shows the ballot with six projects (${boxes.length})`);
			ctx.expect((await ctx.page.textContent('form[action="?/vote"]'))?.includes('Eine Telefonzelle wird zum offenen Bücherschrank.'), 'the kiosk shows each project\'s short text');
			const idOf = (title: string) => boxes.find((b) => b.label.includes(title))!.id;
			// The kiosk asks the same voluntary age band as the online ballot (issue 7).
			ctx.expect(await ctx.page.isChecked('#ageBand-none'), 'the kiosk asks the age band, "no answer" preselected');
			await ctx.page.check('#ageBand-27_44');
			for (const t of ['Trinkbrunnen', 'Lastenrad', 'Kiezfest']) await ctx.page.check(`#${CSS_ESCAPE(idOf(t))}`);
			await ctx.page.click('form[action="?/vote"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('kiosk ballot over budget');
			ctx.expect(await ctx.page.isChecked(`#${CSS_ESCAPE(idOf('Lastenrad'))}`), 'the choices are kept');
			ctx.expect(await ctx.page.isChecked('#ageBand-27_44'), 'the chosen age band is kept at the kiosk');
			await ctx.page.uncheck(`#${CSS_ESCAPE(idOf('Kiezfest'))}`);
			await ctx.page.click('form[action="?/vote"] button[type=submit]');
			await ctx.page.waitForSelector('[data-testid=receipt]');
			await ctx.audit('kiosk receipt');
			const receipt = (await ctx.page.textContent('[data-testid=receipt]'))!.trim();
			await Promise.all([ctx.page.waitForURL(new RegExp(`/runde/${ROUND}/kiosk$`)), ctx.page.click('main a.kern-btn')]);
			await ctx.page.waitForSelector('[data-testid=kiosk-locked]');
			await ctx.audit('kiosk locked again');
			// A second ballot from the same unlock is refused.
			const again = await ctx.page.request.post(`${ctx.base}/runde/${ROUND}/kiosk?/vote`, { form: { [`p.${idOf('Lastenrad').slice('field-p.'.length)}`]: 'on' }, headers: { origin: ctx.base } });
			ctx.expect(again.status() === 409, `a second post from the kiosk is refused (${again.status()})`);
			// The letter's code is used up online too, and the receipt is in the set.
			await ctx.context.clearCookies();
			await ctx.visit(`/runde/${ROUND}/abstimmen`);
			await ctx.page.fill('#field-code', code);
			await ctx.page.click('form[action="?/code"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('schon abgestimmt'), 'the code used at the kiosk is refused online');
			await ctx.visit(`/runde/${ROUND}/quittung`);
			await ctx.page.fill('#field-receipt', receipt);
			await ctx.page.click('form button[type=submit]');
			await ctx.page.waitForSelector('[data-testid=receipt-answer]');
			ctx.expect((await ctx.page.textContent('[data-testid=receipt-answer]'))?.includes('enthalten'), 'the kiosk receipt is found');
			// Staff see the device locked; a resident and a Kiezpatin cannot unlock anything.
			await ctx.context.addCookies(staffCookies);
			await ctx.visit(`/admin/abstimmung/${ROUND}/kiosk`);
			ctx.expect((await ctx.page.textContent(`${device} [data-testid=kiosk-state]`))?.includes('Gesperrt'), 'the list shows the device locked again');
			const deviceId = await ctx.page.getAttribute(`${device} input[name=device]`, 'value');
			for (const who of [resident, kiezpatin]) {
				await ctx.context.clearCookies();
				await signIn(ctx, who.email, who.password);
				await ctx.visit(`/admin/abstimmung/${ROUND}/kiosk`, { status: 403 });
				const res = await ctx.page.request.post(`${ctx.base}/admin/abstimmung/${ROUND}/kiosk?/unlock`, { form: { device: deviceId ?? '', code }, headers: { origin: ctx.base } });
				ctx.expect(res.status() === 403, `unlock refused to ${who.role} (${res.status()})`);
			}
		}
	},
	{
		name: 'voting: paper ballots printed, entered twice by two people, one mismatch decided by a third',
		async run(ctx: Ctx) {
			const base = 100_000 + Math.floor(Math.random() * 8_000_000);
			const [same, differ, bandOnly] = [String(base), String(base + 1), String(base + 2)];
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await askAgeBand(ctx);
			await ctx.visit(`/admin/abstimmung/${ROUND}/papier`);
			// The printable ballots.
			await ctx.page.fill('#field-from', String(base));
			await ctx.page.fill('#field-count', '2');
			const [download] = await Promise.all([ctx.page.waitForEvent('download'), ctx.page.click('form[action$="/papier/stimmzettel"] button[type=submit]')]);
			const dir = mkdtempSync(join(tmpdir(), 'kb-paper-'));
			await download.saveAs(join(dir, 'b.pdf'));
			const text = execFileSync('pdftotext', [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' });
			ctx.expect(text.includes(`Stimmzettel-Nr. / Ballot no. ${String(base).padStart(6, '0')}`) && text.includes(String(base + 1)), 'the PDF holds the numbered ballots');
			ctx.expect(text.includes('Trinkbrunnen') && text.includes('Kiezfest'), 'the PDF lists the projects');
			ctx.expect(text.includes('Freiwillig: Wie alt sind Sie?') && text.includes('65 Jahre und älter / 65 and older') && text.includes('Möchte ich nicht sagen / Prefer not to say'), 'the PDF has the voluntary age band as tick boxes');
			/** One clerk's entry; `band` is the age-band box ticked on the paper (none: "no answer"). */
			const enter = async (serial: string, titles: string[], band?: string) => {
				await ctx.visit(`/admin/abstimmung/${ROUND}/papier`);
				await ctx.page.fill('#field-serial', serial);
				for (const t of titles) {
					const id = await ctx.page.$eval(`form[action="?/enter"] label:has-text("${t}")`, (l) => l.getAttribute('for'));
					await ctx.page.check(`#${CSS_ESCAPE(id ?? '')}`);
				}
				if (band) await ctx.page.check(`form[action="?/enter"] input[name=ageBand][value="${band}"]`);
				await ctx.page.click('form[action="?/enter"] button[type=submit]');
				await ctx.page.waitForSelector('[data-testid=paper-outcome], .error-summary');
				await ctx.audit(`paper entry ${serial}`);
				return (await ctx.page.textContent('main')) ?? '';
			};
			// A bad number comes back with the error summary and what was ticked.
			await ctx.page.fill('#field-serial', 'zwölf');
			const firstBox = await ctx.page.$eval('form[action="?/enter"] input[type=checkbox]', (e) => e.id);
			await ctx.page.check(`#${CSS_ESCAPE(firstBox)}`);
			ctx.expect(await ctx.page.isChecked('form[action="?/enter"] input[name=ageBand][value=""]'), 'the entry form has the age band, "no answer" preselected');
			await ctx.page.check('form[action="?/enter"] input[name=ageBand][value="27_44"]');
			await ctx.page.click('form[action="?/enter"] button[type=submit]');
			await ctx.page.waitForSelector('.error-summary');
			await ctx.audit('paper entry with an error');
			ctx.expect((await ctx.page.textContent('.error-summary'))?.includes('Stimmzettel-Nummer'), 'the summary points at the number');
			ctx.expect(await ctx.page.isChecked(`#${CSS_ESCAPE(firstBox)}`), 'the ticks are kept');
			ctx.expect(await ctx.page.isChecked('form[action="?/enter"] input[name=ageBand][value="27_44"]'), 'the age band is kept');
			ctx.expect((await enter(same, ['Sitzbänke', 'Bücherzelle'], '65_plus')).includes('erste Eingabe gespeichert'), 'first entry saved');
			ctx.expect((await enter(same, ['Sitzbänke', 'Bücherzelle'], '65_plus')).includes('schon eingegeben'), 'the same person cannot make the second entry');
			ctx.expect((await enter(differ, ['Trinkbrunnen'], '27_44')).includes('erste Eingabe gespeichert'), 'first entry of the second ballot saved');
			ctx.expect((await enter(bandOnly, ['Sitzbänke'], '18_26')).includes('erste Eingabe gespeichert'), 'first entry of the third ballot saved');
			// The second person.
			await ctx.context.clearCookies();
			await signIn(ctx, admin.email, admin.password);
			ctx.expect((await enter(same, ['Bücherzelle', 'Sitzbänke'], '65_plus')).includes('gezählt'), 'two matching entries (ticks and age band) count');
			ctx.expect((await enter(differ, ['Lastenrad'])).includes('weichen ab'), 'two differing entries go to the queue');
			// The same ticks with another age band differ too: the band is stored with the counted ballot.
			ctx.expect((await enter(bandOnly, ['Sitzbänke'], '55_64')).includes('weichen ab'), 'entries that differ only in the age band go to the queue');
			const mismatch = `article[data-testid=mismatch]:has(h3:text-is("Stimmzettel Nr. ${differ}"))`;
			const mismatchBand = `article[data-testid=mismatch]:has(h3:text-is("Stimmzettel Nr. ${bandOnly}"))`;
			ctx.expect((await ctx.page.textContent(mismatch))?.includes('selbst eingegeben'), 'the second person cannot decide their own mismatch');
			ctx.expect((await ctx.page.textContent(`${mismatch} [data-testid=mismatch-age-first]`))?.includes('27 bis 44 Jahre') && (await ctx.page.textContent(`${mismatch} [data-testid=mismatch-age-second]`))?.includes('Keine Angabe'), 'the mismatch list shows both readings of the age band');
			ctx.expect((await ctx.page.textContent(`${mismatchBand} [data-testid=mismatch-age-first]`))?.includes('18 bis 26 Jahre') && (await ctx.page.textContent(`${mismatchBand} [data-testid=mismatch-age-second]`))?.includes('55 bis 64 Jahre'), 'a mismatch in the age band alone shows both bands');
			// The same page in English.
			await ctx.visit(`/en/admin/abstimmung/${ROUND}/papier`);
			ctx.expect((await ctx.page.textContent('form[action="?/enter"] [data-testid=ballot-age-band] legend'))?.includes('Age group on the ballot (optional question)'), 'the English entry form asks for the age group');
			ctx.expect((await ctx.page.textContent(`${mismatchBand.replace('Stimmzettel Nr.', 'Ballot no.')} [data-testid=mismatch-age-second]`))?.includes('55 to 64'), 'the English mismatch list shows the age group');
			// The close is blocked while the mismatch waits (E-09).
			const close = await ctx.page.request.post(`${ctx.base}/admin/abstimmung/${ROUND}?/close`, { form: {}, headers: { origin: ctx.base } });
			ctx.expect(close.status() === 409, `the close is refused while paper is unsettled (${close.status()})`);
			// The third person reads the paper and decides.
			await ctx.context.clearCookies();
			await signIn(ctx, platformAdmin.email, platformAdmin.password);
			await ctx.visit(`/admin/abstimmung/${ROUND}/papier`);
			const decide = async (article: string, title: string, band: string) => {
				const id = await ctx.page.$eval(`${article} form label:has-text("${title}")`, (l) => l.getAttribute('for'));
				await ctx.page.check(`#${CSS_ESCAPE(id ?? '')}`);
				ctx.expect(await ctx.page.isChecked(`${article} form input[name=ageBand][value=""]`), 'the third look has the age band too, "no answer" preselected');
				await ctx.page.check(`${article} form input[name=ageBand][value="${band}"]`);
				await ctx.page.click(`${article} form button[type=submit]`);
				await ctx.page.waitForSelector('[data-testid=paper-outcome]');
			};
			await decide(mismatch, 'Trinkbrunnen', '27_44');
			await ctx.audit('paper mismatch decided');
			ctx.expect((await ctx.page.textContent('[data-testid=paper-outcome]'))?.includes('entschieden'), 'the third look decides');
			ctx.expect(!(await ctx.page.$(mismatch)), 'the mismatch left the queue');
			await decide(mismatchBand, 'Sitzbänke', '18_26');
			ctx.expect((await ctx.page.textContent('[data-testid=paper-outcome]'))?.includes(`Nr. ${bandOnly}: entschieden`), 'the third look decides the age band');
			ctx.expect(!(await ctx.page.$(mismatchBand)), 'the age-band mismatch left the queue');
			// Residents get nothing.
			await ctx.context.clearCookies();
			await signIn(ctx, resident.email, resident.password);
			await ctx.visit(`/admin/abstimmung/${ROUND}/papier`, { status: 403 });
			const post = await ctx.page.request.post(`${ctx.base}/admin/abstimmung/${ROUND}/papier?/enter`, { form: { serial: same }, headers: { origin: ctx.base } });
			ctx.expect(post.status() === 403, `paper entry refused to a resident (${post.status()})`);
		}
	},
	{
		name: 'voting: accounts checked against a register file — staff upload it; a listed resident votes online, another at a kiosk, a third gets a paper ballot and cannot vote online',
		async run(ctx: Ctx) {
			const { page } = ctx;
			// Three invented people on the register, new in each run (letters only: names are compared as words).
			const tag = (ctx.js ? 'j' : 'n') + Array.from({ length: 7 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('');
			const online = { name: `Erika Mustermann${tag}`, birthdate: '1961-08-12', postcode: '12555' };
			const atKiosk = { name: `Ali Yilmaz${tag}`, birthdate: '1988-02-29', postcode: '12439' };
			const onPaper = { name: `Grete Schulze${tag}`, birthdate: '1940-11-03', postcode: '12587' };
			const csv = ['Name;Geburtsdatum;PLZ', ...[online, atKiosk, onPaper].map((p) => `${p.name};${p.birthdate.split('-').reverse().join('.')};${p.postcode}`), 'Ohne Datum;;12555'].join('\n');

			// The district office uploads the register file; the unreadable line is reported by number.
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/abstimmung/${ACCOUNT_ROUND}/register`);
			await page.setInputFiles('#field-file', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
			await Promise.all([page.waitForSelector('[data-testid=register-done]'), page.click('form[action="?/upload"] button[type=submit]')]);
			await ctx.audit('register uploaded');
			const done = (await page.textContent('[data-testid=register-done]')) ?? '';
			ctx.expect(/3 Einträge hinzugefügt/.test(done) && /1 Zeilen übersprungen/.test(done), `three entries added, one line skipped (${done})`);
			ctx.expect(!(await page.content()).includes(online.name), 'the page never shows a name from the file');

			// Paper: the person at the desk is marked before getting a ballot; a typo in the postcode is explained.
			await ctx.visit(`/admin/abstimmung/${ACCOUNT_ROUND}/papier`);
			await page.fill('#field-issue-name', onPaper.name);
			await page.fill('#field-issue-birthdate', '3.11.1940');
			await page.fill('#field-issue-postcode', '1258');
			await Promise.all([page.waitForSelector('.error-summary'), page.click('form[action="?/issue"] button[type=submit]')]);
			await ctx.audit('paper hand-out with a bad postcode');
			ctx.expect((await page.inputValue('#field-issue-name')) === onPaper.name, 'the typed name is kept');
			await page.fill('#field-issue-postcode', onPaper.postcode);
			await Promise.all([page.waitForSelector('[data-testid=paper-issued]'), page.click('form[action="?/issue"] button[type=submit]')]);
			await ctx.audit('paper ballot handed out');
			await page.fill('#field-issue-name', onPaper.name.toUpperCase());
			await page.fill('#field-issue-birthdate', onPaper.birthdate);
			await page.fill('#field-issue-postcode', onPaper.postcode);
			await Promise.all([page.waitForSelector('.error-summary'), page.click('form[action="?/issue"] button[type=submit]')]);
			ctx.expect((await page.textContent('.error-summary'))?.includes('schon abgestimmt'), 'a second paper ballot for the same person is refused');

			// Kiosk: staff set up a device and unlock it for a person on the register.
			const label = unique('Tablet');
			await ctx.visit(`/admin/abstimmung/${ACCOUNT_ROUND}/kiosk`);
			await page.fill('#field-label', label);
			await Promise.all([page.waitForURL(new RegExp(`/runde/${ACCOUNT_ROUND}/kiosk$`)), page.click('form[action="?/setup"] button[type=submit]')]);
			await ctx.audit('register kiosk locked');
			const kioskCookies = await ctx.context.cookies();
			await ctx.context.clearCookies();
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit(`/admin/abstimmung/${ACCOUNT_ROUND}/kiosk`);
			const device = `article[data-testid=kiosk-device]:has(h3:text-is("${label}"))`;
			const unlock = async (p: typeof online) => {
				for (const f of ['name', 'birthdate', 'postcode'] as const) await page.fill(`${device} input[name=${f}]`, p[f]);
				await Promise.all([page.waitForSelector('.error-summary, .kern-alert--success'), page.click(`${device} form[action="?/unlock"] button[type=submit]`)]);
			};
			await unlock({ ...atKiosk, name: 'Niemand Unbekannt' });
			await ctx.audit('kiosk unlock for a person not on the register');
			ctx.expect((await page.textContent('.error-summary'))?.includes('Wählerverzeichnis'), 'a person not on the register is refused');
			ctx.expect((await page.inputValue(`${device} input[name=postcode]`)) === atKiosk.postcode, 'the typed details are kept');
			await unlock(onPaper);
			ctx.expect((await page.textContent('.error-summary'))?.includes('schon abgestimmt'), 'the person with a paper ballot cannot also vote at the kiosk');
			await unlock(atKiosk);
			await ctx.audit('kiosk unlocked through the register');
			ctx.expect(await page.$('.kern-alert--success'), 'the kiosk is unlocked for the listed person');
			await ctx.context.clearCookies();
			await ctx.context.addCookies(kioskCookies);
			await ctx.visit(`/runde/${ACCOUNT_ROUND}/kiosk`);
			await page.check('form[action="?/vote"] input[type=checkbox] >> nth=0');
			await Promise.all([page.waitForSelector('[data-testid=receipt]'), page.click('form[action="?/vote"] button[type=submit]')]);
			await ctx.audit('register kiosk receipt');

			// Online: a new account proves it is on the register; a wrong birth date is explained first.
			await ctx.context.clearCookies();
			const voter = await signUpAndVerify(ctx);
			await signIn(ctx, voter.email, voter.password);
			await ctx.visit(`/runde/${ACCOUNT_ROUND}/abstimmen`);
			ctx.expect(await page.$('form[action="?/register"]'), 'the ballot asks for the register details first');
			await page.fill('#field-name', online.name);
			await page.fill('#field-birthdate', '31.02.1961');
			await page.fill('#field-postcode', online.postcode);
			await Promise.all([page.waitForSelector('.error-summary'), page.click('form[action="?/register"] button[type=submit]')]);
			await ctx.audit('register check with an impossible date');
			ctx.expect((await page.inputValue('#field-name')) === online.name, 'the typed name is kept');
			// The same person, written differently (order, case, date format), is found.
			const [first, last] = online.name.split(' ');
			await page.fill('#field-name', `${last!.toUpperCase()}, ${first}`);
			await page.fill('#field-birthdate', '12.8.1961');
			await Promise.all([page.waitForSelector('form[action="?/vote"]'), page.click('form[action="?/register"] button[type=submit]')]);
			await ctx.audit('register ballot');
			await page.check('form[action="?/vote"] input[type=checkbox] >> nth=1');
			await Promise.all([page.waitForSelector('[data-testid=receipt]'), page.click('form[action="?/vote"] button[type=submit]')]);
			await ctx.audit('register receipt');
			ctx.expect(/^[0-9A-Z-]{6,}$/.test(((await page.textContent('[data-testid=receipt]')) ?? '').trim()), 'a receipt code is shown');

			// The person who got paper and the person who voted at the kiosk cannot vote online (any account).
			for (const p of [onPaper, atKiosk]) {
				await ctx.visit(`/runde/${ACCOUNT_ROUND}/abstimmen`);
				for (const f of ['name', 'birthdate', 'postcode'] as const) await page.fill(`#field-${f}`, p[f]);
				await Promise.all([page.waitForSelector('.error-summary'), page.click('form[action="?/register"] button[type=submit]')]);
				ctx.expect((await page.textContent('.error-summary'))?.includes('schon abgestimmt'), `${p === onPaper ? 'paper' : 'kiosk'} voter refused online`);
			}
			await ctx.audit('register check for someone who already voted');
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
			// The vote asked the age band online, at the kiosk and on paper: the evaluation re-weights it (issue 7),
			// showing no band with fewer than 5 ballots (the journeys cast only a few).
			await ctx.visit(`/runde/${ROUND}/auswertung`);
			ctx.expect(await ctx.page.$('[data-testid=reweighted-weights]'), 'the closed vote has the re-weighted analysis');
			for (const cell of await ctx.page.locator('[data-testid=reweighted-weights] td.kern-table__cell--numeric').allTextContents()) {
				const n = /^\d+$/.test(cell.trim()) ? Number(cell.trim()) : null;
				ctx.expect(n === null || n === 0 || n >= 5, `no ballot count below 5 (${cell})`);
			}
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

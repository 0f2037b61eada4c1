/** End-to-end journeys of the ideaform area (see all.ts): issue 4, "Residents". */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import { boundsOf, makeView, type PolygonRings } from '../../src/lib/core/proposal/geo.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, signUpAndVerify, unique } from './journeys.ts';

const ROUND = '/runde/buergerhaushalt-2027-treptow-koepenick';
const FORM = `${ROUND}/idee-einreichen`;
/** Marktplatz Adlershof: inside Treptow-Köpenick. */
const ADLERSHOF: [number, number] = [13.5434, 52.4316];
const demoResident = DEMO_LOGINS.find((l) => l.role === 'resident')!;

const fill = (ctx: Ctx, field: string, value: string) => ctx.page.fill(`[id="field-${field}"]`, value);

async function fillIdea(ctx: Ctx, title: string) {
	await fill(ctx, 'title', title);
	await fill(ctx, 'description', 'Drei Hochbeete aus Lärchenholz am Kiezklub, offen für alle Nachbar:innen.');
	await ctx.page.selectOption('[id="field-items.0.category"]', 'material');
	await fill(ctx, 'items.0.description', 'Holz und Erde');
	await fill(ctx, 'items.0.amount', '1.200');
	await ctx.page.selectOption('[id="field-items.1.category"]', 'fees');
	await fill(ctx, 'items.1.description', 'Honorar für den Bau-Workshop');
	await fill(ctx, 'items.1.amount', '300,50');
}

/** A photo as a phone makes it: JPEG with camera data and a GPS position. */
async function photo(): Promise<Buffer> {
	return sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 60, g: 140, b: 70 } } })
		.jpeg()
		.withExif({ IFD0: { Make: 'KiezCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 25/1 54/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 32/1 36/1' } })
		.toBuffer();
}

async function submitAndWait(ctx: Ctx, button = 'form.stack button[name=intent][value=submit]') {
	const [res] = await Promise.all([ctx.page.waitForResponse((r) => r.request().method() === 'POST'), ctx.page.click(button)]);
	await ctx.page.waitForLoadState('load');
	return res.status();
}

/** Where a point lies on the form's map (the same view the server draws: all regions of the district, 320 wide). */
function mapPosition(p: [number, number]): { x: number; y: number; width: number; height: number } {
	const fc = JSON.parse(readFileSync(resolve('../shared/data/berlin/lor2021/treptow-koepenick_bezirksregionen_2021.geojson'), 'utf8')) as {
		features: { geometry: { coordinates: PolygonRings } }[];
	};
	const view = makeView(boundsOf(fc.features.map((f) => f.geometry.coordinates))!, 320);
	const [x, y] = view.toSvg(p);
	return { x, y, width: view.width, height: view.height };
}

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

export const journeys: Journey[] = [
	{
		name: 'ideaform: a resident submits an idea with two cost items, an image and a place, and finds it on the round page',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			await ctx.visit(FORM);
			const title = `Hochbeete mit Foto ${unique(ctx.js ? 'js' : 'nojs')}`;
			await fillIdea(ctx, title);
			await fill(ctx, 'placeDescription', 'Marktplatz Adlershof, Ecke Dörpfeldstraße');
			await page.setInputFiles('[id="field-images.0.file"]', { name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: await photo() });
			await fill(ctx, 'images.0.alt', 'Die leere Rasenfläche am Kiezklub');
			if (ctx.js) {
				// The map appears with JavaScript only; a click inside the district sets the point.
				await page.locator('#field-location').scrollIntoViewIfNeeded();
				const box = (await page.locator('#field-location svg').boundingBox())!;
				ctx.expect(box, 'the form shows a map of the area');
				const p = mapPosition(ADLERSHOF);
				await page.mouse.click(box.x + (p.x / p.width) * box.width, box.y + (p.y / p.height) * box.height);
				ctx.expect(((await page.textContent('#area-map-status')) ?? '').includes('52.43'), `the chosen point is announced (${await page.textContent('#area-map-status')})`);
				// Keyboard: Delete removes the point, Enter sets one in the middle, the arrows move it; then click again.
				await page.focus('#field-location');
				await page.keyboard.press('Delete');
				ctx.expect(((await page.textContent('#area-map-status')) ?? '').includes('kein Punkt'), 'Delete removes the point');
				await page.keyboard.press('Enter');
				const middle = (await page.textContent('#area-map-status')) ?? '';
				await page.keyboard.press('ArrowLeft');
				const moved = (await page.textContent('#area-map-status')) ?? '';
				ctx.expect(middle.includes('Gewählter Punkt') && moved !== middle, `Enter sets a point and the arrows move it (${middle} → ${moved})`);
				await page.mouse.click(box.x + (p.x / p.width) * box.width, box.y + (p.y / p.height) * box.height);
				await ctx.audit('idea form with a point on the map');
			} else {
				ctx.expect((await page.locator('#field-location').count()) === 0, 'without JavaScript there is no map; the place description is enough');
			}
			const status = await submitAndWait(ctx);
			ctx.expect(/\/idee\/[0-9a-f-]{36}\?eingereicht=1$/.test(page.url()), `after submitting, the idea page opens (at ${page.url()}, status ${status})`);
			await ctx.audit('idea page with image');
			ctx.expect((await page.textContent('h1'))?.trim() === title, 'the idea page shows the new idea');
			ctx.expect(/1\.500,50\s?€/.test((await page.textContent('main')) ?? ''), 'the requested amount is the sum of both items');
			const img = page.locator('main img[alt="Die leere Rasenfläche am Kiezklub"]');
			ctx.expect((await img.count()) === 1, 'the gallery shows the image with its text alternative');
			const src = (await img.getAttribute('src'))!;
			const res = await page.request.get(ctx.base + src);
			const h = res.headers();
			ctx.expect(res.status() === 200 && h['content-type'] === 'image/jpeg', `the image is served as JPEG (${res.status()} ${h['content-type']})`);
			ctx.expect(h['x-content-type-options'] === 'nosniff' && (h['cache-control'] ?? '').includes('max-age'), 'the image has nosniff and cache headers');
			const meta = await sharp(await res.body()).metadata();
			ctx.expect(meta.exif === undefined, 'the served image carries no EXIF or GPS data');
			// The place: the description always, the point on a small drawn map when one was set (with JavaScript).
			const ideaPath = new URL(page.url()).pathname;
			ctx.expect(((await page.textContent('section[aria-labelledby="place"]')) ?? '').includes('Dörpfeldstraße'), 'the idea page shows the place description');
			ctx.expect((await page.locator('section[aria-labelledby="place"] figure.ideas-map circle').count()) === (ctx.js ? 2 : 0), 'the idea page draws the point only when one was set');
			await ctx.visit(ROUND);
			ctx.expect(((await page.textContent('main')) ?? '').includes(title), 'the round page lists the new idea');
			// The round's map numbers the placed ideas of this page as the list does (the list is the text equivalent).
			const marker = page.locator(`figure.ideas-map a[href="${ideaPath}"]`);
			ctx.expect((await marker.count()) === (ctx.js ? 1 : 0), `the round map shows the idea as a point only when it has one (${await marker.count()})`);
			if (ctx.js) {
				const n = ((await marker.locator('text').textContent()) ?? '').trim();
				const item = page.locator('.idea-list li', { has: page.locator(`a[href="${ideaPath}"]`) });
				ctx.expect(((await item.locator('.map-number').textContent()) ?? '').trim() === n, `the list item carries the map number ${n}`);
			}
			// "Meine Ideen" lists it; with JavaScript the stored point is there, without it none was set.
			await ctx.visit('/konto/ideen');
			await Promise.all([page.waitForURL(/\/konto\/ideen\/[0-9a-f-]{36}$/), page.click(`main a:text-is("${title}")`)]);
			await ctx.audit('edit page of a submitted idea');
			const lon = await page.inputValue('input[name="location.lon"]');
			ctx.expect(ctx.js ? Math.abs(Number(lon) - ADLERSHOF[0]) < 0.01 : lon === '', `the stored point is kept in the edit form (${lon})`);
			ctx.expect((await page.inputValue('[id="field-placeDescription"]')).includes('Dörpfeldstraße'), 'the place description is stored');
		}
	},
	{
		name: 'ideaform: bad input (20 MB file, a PDF renamed .png, markup) gets a clear message and keeps what was typed',
		async run(ctx: Ctx) {
			const { page } = ctx;
			let dialogs = 0;
			page.on('dialog', (d) => {
				dialogs++;
				void d.dismiss();
			});
			await signIn(ctx, demoResident.email, demoResident.password);
			await ctx.visit(FORM);
			const title = '<script>alert(1)</script> Beete';
			await fillIdea(ctx, title);
			await fill(ctx, 'benefit', '<img src=x onerror=alert(2)> für alle');
			const big = Buffer.alloc(20 * 1024 * 1024);
			(await photo()).copy(big);
			// From a file on disk: the browser reads it itself (sending 20 MB through the driver is slow on a busy machine).
			const dir = mkdtempSync(join(tmpdir(), 'kb-upload-'));
			writeFileSync(join(dir, 'riesig.jpg'), big);
			await page.setInputFiles('[id="field-images.0.file"]', join(dir, 'riesig.jpg'), { timeout: 120_000 });
			await fill(ctx, 'images.0.alt', 'Ein sehr großes Foto');
			await page.setInputFiles('[id="field-images.1.file"]', { name: 'plan.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') });
			await fill(ctx, 'images.1.alt', 'Der Plan');
			const status = await submitAndWait(ctx);
			rmSync(dir, { recursive: true, force: true });
			ctx.expect(status === 400, `bad files answer 400 (got ${status})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('idea form (file errors)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			for (const f of ['#field-images.0.file', '#field-images.1.file']) ctx.expect(links.includes(f), `the error summary links to ${f} (${links.join(', ')})`);
			const summary = (await page.textContent('.error-summary')) ?? '';
			ctx.expect(summary.includes('höchstens 8 MB'), 'the 20 MB file is refused with the size limit');
			ctx.expect(summary.includes('kein Bild im Format JPEG, PNG oder WebP'), 'the PDF renamed .png is refused as not an image');
			ctx.expect(((await page.textContent('main')) ?? '').includes('noch einmal aus'), 'the page asks to choose the images again');
			ctx.expect((await page.getAttribute('[id="field-images.1.file"]', 'aria-invalid')) === 'true', 'the file field is marked invalid');
			ctx.expect((await page.inputValue('[id="field-title"]')) === title, 'the title keeps what was typed, markup as text');
			ctx.expect((await page.inputValue('[id="field-benefit"]')) === '<img src=x onerror=alert(2)> für alle', 'the benefit keeps what was typed');
			ctx.expect((await page.inputValue('[id="field-items.1.amount"]')) === '300,50', 'the cost items are kept');
			ctx.expect((await page.inputValue('[id="field-images.0.alt"]')) === 'Ein sehr großes Foto', 'the image descriptions are kept');
			ctx.expect(dialogs === 0 && (await page.locator('main img[src="x"]').count()) === 0, 'no markup from the input ran or rendered');

			// A post larger than the server reads at all: a clear message on the page, not a crash.
			const huge = Buffer.alloc(27 * 1024 * 1024, 1);
			const r = await page.request.post(ctx.base + FORM, {
				headers: { origin: ctx.base, accept: 'text/html' },
				multipart: { title: 'Zu groß', 'images.0.alt': 'Riesig', 'images.0.file': { name: 'a.jpg', mimeType: 'image/jpeg', buffer: huge } },
				maxRedirects: 0
			});
			ctx.expect(r.status() === 413, `a 27 MB post answers 413 (got ${r.status()})`);
			ctx.expect((await r.text()).includes('zusammen zu groß'), 'the 413 page explains the limit');
		}
	},
	{
		name: 'ideaform: without an account, the idea counts once the mail link is opened (and only once)',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit(FORM);
			const title = `Tauschregal ${unique(ctx.js ? 'js' : 'nojs')}`;
			const email = `${unique('anon')}@example.org`;
			await fillIdea(ctx, title);
			// First try without an address: the message points at the field and nothing typed is lost.
			await fill(ctx, 'contactName', 'Anna');
			let status = await submitAndWait(ctx);
			ctx.expect(status === 400, `a missing address answers 400 (got ${status})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('idea form without account (errors)');
			ctx.expect((await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')))).includes('#field-contactEmail'), 'the summary links to the address field');
			ctx.expect((await page.inputValue('[id="field-contactName"]')) === 'Anna' && (await page.inputValue('[id="field-title"]')) === title, 'name and idea are kept');
			await fill(ctx, 'contactEmail', email);
			status = await submitAndWait(ctx);
			ctx.expect(page.url().endsWith('?mail=1'), `after handing in, the page asks to confirm by mail (at ${page.url()}, ${status})`);
			await ctx.audit('idea form: mail sent');
			ctx.expect(((await page.textContent('h1')) ?? '').includes('bestätigen'), 'the page says to confirm the idea');
			await ctx.visit(ROUND);
			ctx.expect(!((await page.textContent('main')) ?? '').includes(title), 'before confirming, the idea is not public');
			const mail = await ctx.waitForMail(email);
			const link = /https?:\/\/\S+\/idee\/bestaetigen\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
			ctx.expect(link && link.startsWith(ctx.base), `the mail holds a link to the app: ${mail.text}`);
			ctx.expect(mail.text.includes('Hallo Anna') && mail.text.includes(title), 'the mail names the person and the idea');
			await page.goto(link);
			await ctx.audit('idea confirmed');
			ctx.expect(((await page.textContent('h1')) ?? '').includes('eingereicht'), 'the link confirms the idea');
			await Promise.all([page.waitForURL(/\/idee\/[0-9a-f-]{36}$/), page.click('main a[href*="/idee/"]')]);
			await ctx.audit('confirmed idea page');
			ctx.expect((await page.textContent('h1'))?.trim() === title, 'the confirmed idea is public');
			await page.goto(link);
			await ctx.audit('idea link used twice');
			ctx.expect(((await page.textContent('h1')) ?? '').includes('gilt nicht mehr'), 'the link works only once');
			await ctx.visit(ROUND);
			ctx.expect(((await page.textContent('main')) ?? '').includes(title), 'the round page lists the confirmed idea');
		}
	},
	{
		name: 'ideaform: a draft is saved, handed in from "Meine Ideen", withdrawn; another resident gets 404',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			await ctx.visit(FORM);
			const title = `Entwurf Trinkbrunnen ${unique(ctx.js ? 'js' : 'nojs')}`;
			await fill(ctx, 'title', title);
			await submitAndWait(ctx, 'form.stack button[name=intent][value=draft]');
			ctx.expect(/\/konto\/ideen\/[0-9a-f-]{36}\?gespeichert=1$/.test(page.url()), `a draft opens its edit page (at ${page.url()})`);
			await ctx.audit('draft saved');
			const id = /\/konto\/ideen\/([0-9a-f-]{36})/.exec(page.url())![1]!;
			ctx.expect(((await page.textContent('main')) ?? '').includes('Entwurf ist gespeichert'), 'the page confirms the draft');
			await ctx.visit(`/idee/${id}`, { status: 404 });
			await ctx.visit('/konto/ideen');
			ctx.expect(((await page.textContent('main table')) ?? '').includes('Entwurf'), 'Meine Ideen lists the draft with its status');
			// Hand it in: the full checks run now.
			await ctx.visit(`/konto/ideen/${id}`);
			await fillIdea(ctx, title.replace('Entwurf ', ''));
			await submitAndWait(ctx, 'form.stack button[name=intent][value=submit]');
			ctx.expect(page.url().endsWith(`/idee/${id}?eingereicht=1`), `handing in the draft opens the public idea page (at ${page.url()})`);
			await ctx.audit('draft handed in');
			// Withdraw: asks for confirmation first.
			await ctx.visit(`/konto/ideen/${id}`);
			let status = await submitAndWait(ctx, 'form.withdraw button[type=submit]');
			ctx.expect(status === 400, `withdrawing without ticking the box answers 400 (got ${status})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('withdraw without confirmation');
			await page.check('#field-confirm');
			status = await submitAndWait(ctx, 'form.withdraw button[type=submit]');
			ctx.expect(page.url().endsWith('/konto/ideen?zurueckgezogen=1'), `after withdrawing, Meine Ideen opens (at ${page.url()}, ${status})`);
			await ctx.audit('idea withdrawn');
			ctx.expect(((await page.textContent('main table')) ?? '').includes('Zurückgezogen'), 'the idea shows as withdrawn');
			// Someone else: the edit page and its actions answer 404, never the idea.
			await signOut(ctx);
			await signIn(ctx, demoResident.email, demoResident.password);
			// (page.goto, not visit: the 404 page has the same title as the one seen above, on purpose)
			const other = await page.goto(`${ctx.base}/konto/ideen/${id}`);
			ctx.expect(other?.status() === 404 && !((await page.textContent('main')) ?? '').includes(title.replace('Entwurf ', '')), `another resident gets 404 for the edit page (got ${other?.status()})`);
			const post = await page.request.post(`${ctx.base}/konto/ideen/${id}?/save`, {
				headers: { origin: ctx.base, accept: 'text/html' },
				multipart: { title: 'Gekapert!', intent: 'save' },
				maxRedirects: 0
			});
			ctx.expect(post.status() === 404, `another resident's edit post answers 404 (got ${post.status()})`);
		}
	},
	{
		name: 'ideaform: the form and "Meine Ideen" work on a 320 px phone',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			await signIn(ctx, demoResident.email, demoResident.password);
			for (const path of [FORM, '/konto/ideen']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			}
		}
	}
];

/**
 * The journeys of issue 2, each run with JavaScript on and off. Demo data: the Treptow-Köpenick seed.
 */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';

export const admin = DEMO_LOGINS.find((l) => l.role === 'district_admin')!;
let counter = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function signIn(ctx: Ctx, email: string, password: string) {
	await ctx.visit('/anmelden');
	await ctx.page.fill('#field-email', email);
	await ctx.page.fill('#field-password', password);
	await Promise.all([ctx.page.waitForURL((u) => !u.pathname.endsWith('/anmelden')), ctx.page.click('form.stack button[type=submit]')]);
}

export async function signUpAndVerify(ctx: Ctx): Promise<{ email: string; pseudonym: string; password: string }> {
	const who = unique(ctx.js ? 'js' : 'nojs');
	const email = `${who}@example.org`;
	const pseudonym = `Nachbar ${who}`.slice(0, 40);
	const password = 'ein langes Passwort 42';
	await ctx.visit('/registrieren');
	await ctx.page.fill('#field-email', email);
	await ctx.page.fill('#field-pseudonym', pseudonym);
	await ctx.page.fill('#field-password', password);
	await ctx.page.fill('#field-passwordRepeat', password);
	await ctx.page.check('#field-privacy');
	await Promise.all([ctx.page.waitForURL(/gesendet=/), ctx.page.click('form.stack button[type=submit]')]);
	await ctx.audit('/registrieren?gesendet');
	ctx.expect((await ctx.page.textContent('h1'))?.includes('bestätigen'), 'after sign-up the page asks to confirm the e-mail address');
	const mail = await ctx.waitForMail(email);
	const link = /https?:\/\/\S+\/konto\/bestaetigen\?token=\S+/.exec(mail.text)?.[0];
	ctx.expect(link, `the confirmation mail contains a link: ${mail.text}`);
	ctx.expect(link.startsWith(ctx.base), `the link points to the app (${link})`);
	await ctx.page.goto(link);
	await ctx.audit('/konto/bestaetigen');
	ctx.expect((await ctx.page.textContent('h1'))?.includes('bestätigt'), 'the link confirms the address');
	return { email, pseudonym, password };
}

export const journeys: Journey[] = [
	{
		name: 'browse: home → district → Kiezkasse → proposal (German and English)',
		async run(ctx: Ctx) {
			const { page } = ctx;
			for (const prefix of ['', '/en']) {
				await ctx.visit(prefix || '/');
				await Promise.all([page.waitForURL(/\/bezirk\/treptow-koepenick$/), page.click('main a[href$="/bezirk/treptow-koepenick"]')]);
				await ctx.audit();
				const rows = await page.locator('table tbody tr').count();
				ctx.expect(rows === 20, `the district page lists 20 Kiezkassen (saw ${rows})`);
				const total = (await page.textContent('table tfoot'))?.replace(/\s+/g, ' ') ?? '';
				ctx.expect(/100[.,]000\s?€|€\s?100,000/.test(total), `the budgets add up to 100,000 € (footer: ${total})`);
				await Promise.all([page.waitForURL(/\/runde\/kiezkasse-\d{4}-adlershof$/), page.click('table a:text-is("Adlershof")')]);
				await ctx.audit();
				ctx.expect((await page.locator('ol.timeline li').count()) >= 4, 'the round page shows its phase timeline');
				const first = page.locator('main ul.kern-list a[href*="/idee/"]').first();
				const title = (await first.textContent())?.trim() ?? '';
				await Promise.all([page.waitForURL(/\/idee\//), first.click()]);
				await ctx.audit();
				ctx.expect((await page.textContent('h1'))?.trim() === title, `the proposal page shows "${title}"`);
			}
			// A link from a German page into the English site (as an idea's text may hold) switches everything,
			// <html lang> included (WCAG 3.1.1), also when the app would follow it without a page load.
			await ctx.visit('/termine');
			await page.evaluate(() => {
				const a = Object.assign(document.createElement('a'), { href: '/en/bezirk/treptow-koepenick', textContent: 'District in English', id: 'to-english' });
				document.querySelector('main')!.append(a);
			});
			await Promise.all([page.waitForURL(/\/en\/bezirk\/treptow-koepenick$/), page.click('#to-english')]);
			await page.waitForLoadState('load');
			await ctx.audit();
			ctx.expect((await page.textContent('header nav'))?.includes('Sign in'), 'the header is in English after the link');
		}
	},
	{
		name: 'account: sign up, confirm by the mail link, sign in, sign out',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			await ctx.audit('/konto');
			const header = (await page.textContent('header')) ?? '';
			ctx.expect(header.includes(u.pseudonym), 'the header shows the pseudonym after sign-in');
			ctx.expect(header.includes('Mein Konto'), 'the header links to the account');
			await Promise.all([page.waitForURL(/hinweis=abgemeldet/), page.click('header button:text-is("Abmelden")')]);
			await ctx.audit('/anmelden?hinweis=abgemeldet');
			const after = (await page.textContent('header')) ?? '';
			ctx.expect(after.includes('Anmelden') && !after.includes(u.pseudonym), 'after sign-out the header offers "Anmelden" again');
		}
	},
	{
		name: 'access: a resident is refused the admin area, a district admin enters it',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await page.goto(ctx.base + '/admin');
			ctx.expect(new URL(page.url()).pathname === '/anmelden', `anonymous /admin leads to the sign-in page (at ${page.url()})`);
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			const status = await ctx.visit('/admin', { status: 403 });
			ctx.expect(status === 403, '/admin answers 403 for a resident');
			ctx.expect((await page.textContent('main'))?.includes('nur für Mitarbeitende'), 'the 403 page says why');
			const post = await page.request.post(ctx.base + '/admin', { headers: { origin: ctx.base }, form: { x: '1' }, maxRedirects: 0 });
			ctx.expect(post.status() === 403, `a resident's POST into the admin area is refused before any handler (got ${post.status()})`);
			const data = await page.request.get(ctx.base + '/admin/__data.json', { maxRedirects: 0 });
			ctx.expect(data.status() === 403 || !(await data.text()).includes('auditEvents'), 'the admin page data is not served to a resident');
			await page.click('header button:text-is("Abmelden")');
			await page.waitForURL(/hinweis=abgemeldet/);
			await signIn(ctx, admin.email, admin.password);
			await ctx.visit('/admin');
			ctx.expect((await page.textContent('h1'))?.includes('Verwaltung'), 'the district admin sees the admin start page');
		}
	},
	{
		name: 'ideas: a resident submits an idea with two cost items; bad input keeps everything typed',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const round = '/runde/buergerhaushalt-2027-treptow-koepenick';
			await ctx.visit(round);
			await Promise.all([page.waitForURL(/idee-einreichen$/), page.click('main a[href$="/idee-einreichen"]')]);
			await ctx.audit('idea form, signed out');
			ctx.expect((await page.textContent('main'))?.includes('melden Sie sich bitte an'), 'signed out, the form page asks to sign in');
			const u = await signUpAndVerify(ctx);
			await signIn(ctx, u.email, u.password);
			await ctx.visit(`${round}/idee-einreichen`);
			const title = `Hochbeete am Kiezklub ${ctx.js ? 'mit JS' : 'ohne JS'}`;
			const fill = async (field: string, value: string) => page.fill(`[id="field-${field}"]`, value);
			// First attempt: markup in the title is kept as text; catering is not funded; an absurd amount.
			await fill('title', '<i>');
			await fill('description', 'Drei Hochbeete aus Lärchenholz, offen für alle Nachbar:innen.');
			await page.selectOption('[id="field-items.0.category"]', 'material');
			await fill('items.0.description', 'Holz und Erde');
			await fill('items.0.amount', '1.200');
			await page.selectOption('[id="field-items.1.category"]', 'catering');
			await fill('items.1.description', 'Buffet zur Eröffnung');
			await fill('items.1.amount', '-5');
			const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.stack button[type=submit]')]);
			ctx.expect(res.status() === 400, `bad idea input answers 400 (got ${res.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('idea form (errors)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			for (const f of ['#field-title', '#field-items.1.amount']) ctx.expect(links.includes(f), `the error summary links to ${f} (${links.join(', ')})`);
			ctx.expect((await page.inputValue('[id="field-title"]')) === '<i>', 'the title keeps what was typed, markup as text');
			ctx.expect((await page.inputValue('[id="field-items.0.amount"]')) === '1.200', 'the first amount is kept');
			ctx.expect((await page.inputValue('[id="field-items.1.category"]')) === 'catering', 'the chosen category is kept');
			// Second attempt: fix the title and amount; the excluded category is explained with the programme's reason.
			await fill('title', title);
			await fill('items.1.amount', '80');
			await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.stack button[type=submit]')]);
			await page.waitForSelector('.error-summary');
			ctx.expect((await page.textContent('.error-summary'))?.includes('Verpflegung wird aus der Kiezkasse nicht gefördert'), 'an excluded category is refused with the programme’s reason');
			await ctx.audit('idea form (excluded category)');
			// Third attempt: a fundable second item.
			await page.selectOption('[id="field-items.1.category"]', 'fees');
			await fill('items.1.description', 'Honorar für den Bau-Workshop');
			await fill('items.1.amount', '300,50');
			await Promise.all([page.waitForURL(/\/idee\/[0-9a-f-]{36}\?eingereicht=1$/), page.click('form.stack button[type=submit]')]);
			await ctx.audit('idea page after submission');
			ctx.expect((await page.textContent('h1'))?.trim() === title, 'the idea page shows the new idea');
			const main = (await page.textContent('main')) ?? '';
			ctx.expect(/1\.500,50\s?€/.test(main), `the requested amount is the sum of both items (1.500,50 €)`);
			ctx.expect(main.includes('Eingereicht'), 'the status history starts with "Eingereicht"');
			await ctx.visit(round);
			ctx.expect(((await page.textContent('main')) ?? '').includes(title), 'the round page lists the new idea');
		}
	},
	{
		name: 'bad input: clear messages, what was typed is kept, never a 500',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit('/registrieren');
			await page.fill('#field-email', 'keine-adresse');
			await page.fill('#field-pseudonym', 'Zeynep');
			await page.fill('#field-password', 'kurz');
			await page.fill('#field-passwordRepeat', 'anders');
			const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.stack button[type=submit]')]);
			ctx.expect(res.status() === 400, `a bad sign-up answers 400 (got ${res.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('/registrieren (errors)');
			const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
			for (const f of ['#field-email', '#field-password', '#field-privacy']) ctx.expect(links.includes(f), `the error summary links to ${f} (${links.join(', ')})`);
			ctx.expect((await page.inputValue('#field-email')) === 'keine-adresse', 'the e-mail field keeps what was typed');
			ctx.expect((await page.inputValue('#field-pseudonym')) === 'Zeynep', 'the pseudonym field keeps what was typed');
			ctx.expect((await page.inputValue('#field-password')) === '', 'the password is not sent back');
			ctx.expect((await page.getAttribute('#field-email', 'aria-invalid')) === 'true', 'the e-mail field is marked invalid');
			if (ctx.js) ctx.expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'the error summary takes the focus');

			await ctx.visit('/anmelden');
			await page.fill('#field-email', admin.email);
			await page.fill('#field-password', 'falsches passwort');
			const [res2] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.stack button[type=submit]')]);
			ctx.expect(res2.status() === 400, `a wrong password answers 400 (got ${res2.status()})`);
			await page.waitForSelector('.error-summary');
			await ctx.audit('/anmelden (errors)');
			ctx.expect((await page.inputValue('#field-email')) === admin.email, 'the sign-in form keeps the address');

			// Garbage posts to every form action: 4xx, never 5xx.
			const bodies: [string, Record<string, string>][] = [
				['', {}],
				['x=1', { 'content-type': 'application/x-www-form-urlencoded' }],
				['{"__proto__":{"admin":true}}', { 'content-type': 'application/json' }],
				['email=' + 'a'.repeat(100_000), { 'content-type': 'application/x-www-form-urlencoded' }],
				['--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=x' }]
			];
			for (const path of ['/registrieren', '/anmelden', '/passwort-vergessen', '/passwort-neu', '/abmelden']) {
				for (const [body, headers] of bodies) {
					const r = await page.request.post(ctx.base + path, { data: body, headers: { origin: ctx.base, accept: 'text/html', ...headers }, maxRedirects: 0 });
					ctx.expect(r.status() < 500, `POST ${path} with ${JSON.stringify(body.slice(0, 30))} answered ${r.status()}`);
				}
			}
			const cross = await page.request.post(ctx.base + '/anmelden', { form: { email: admin.email, password: admin.password }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 });
			ctx.expect(cross.status() === 403, `a cross-site form post is refused (got ${cross.status()})`);
		}
	},
	{
		name: 'headers and privacy: strict CSP, no cookies for readers, health',
		modes: ['nojs'],
		async run(ctx: Ctx) {
			const { page } = ctx;
			for (const path of ['/', '/bezirk/treptow-koepenick', '/en/anmelden', '/gibt-es-nicht']) {
				const r = await page.request.get(ctx.base + path, { maxRedirects: 0 });
				const h = r.headers();
				const csp = h['content-security-policy'] ?? '';
				ctx.expect(csp.includes("default-src 'self'"), `${path}: CSP default-src 'self' (${csp})`);
				ctx.expect(!/https?:\/\//.test(csp), `${path}: the CSP names no other host`);
				ctx.expect(!/script-src[^;]*unsafe-inline/.test(csp), `${path}: no unsafe-inline scripts`);
				for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) ctx.expect(csp.includes(d), `${path}: CSP has ${d}`);
				ctx.expect(h['x-content-type-options'] === 'nosniff', `${path}: nosniff`);
				ctx.expect(!!h['referrer-policy'], `${path}: Referrer-Policy`);
				ctx.expect(!h['set-cookie'], `${path}: no cookie for an anonymous reader (${h['set-cookie']})`);
			}
			await ctx.visit('/');
			const cookies = await ctx.context.cookies();
			ctx.expect(cookies.length === 0, `no cookies after reading (${cookies.map((c) => c.name).join(', ')})`);
			const health = await page.request.get(ctx.base + '/health');
			ctx.expect(health.status() === 200 && (await health.json()).status === 'ok', '/health answers 200 ok');
			await ctx.visit('/gibt-es-nicht', { status: 404 });
		}
	},
	{
		name: 'small phone and keyboard: 320 px without sideways scrolling, skip link first',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			await page.goto(ctx.base + '/bezirk/treptow-koepenick');
			const round = (await page.getAttribute('table a:text-is("Adlershof")', 'href')) ?? '/runde/missing';
			for (const path of ['/', '/bezirk/treptow-koepenick', round, '/registrieren', '/en']) {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			}
			await ctx.visit('/');
			await page.keyboard.press('Tab');
			const first = await page.evaluate(() => ({ cls: document.activeElement?.className ?? '', href: document.activeElement?.getAttribute('href') }));
			ctx.expect(first.href === '#main' && first.cls.includes('skip-link'), `Tab focuses the skip link first (${JSON.stringify(first)})`);
		}
	}
];

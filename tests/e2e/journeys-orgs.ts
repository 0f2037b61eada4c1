/** End-to-end journeys of the orgs area (issue 8); each journey's name starts with "orgs:" so E2E_ONLY picks them. */
import { DEMO_LOGINS } from '../../src/lib/server/app/demo-logins.ts';
import type { Ctx, Journey } from './harness.ts';
import { signIn, signUpAndVerify, unique } from './journeys.ts';

const caseWorker = DEMO_LOGINS.find((l) => l.role === 'case_worker')!;
const FORM = '/runde/buergerhaushalt-2027-treptow-koepenick/idee-einreichen';
const MUEGGELHEIM = '094016';
const DORFANGER = 'foerderverein-dorfanger-mueggelheim';
const byId = (id: string) => `[id="${id}"]`;

async function signOut(ctx: Ctx) {
	await Promise.all([ctx.page.waitForURL(/hinweis=abgemeldet/), ctx.page.click('header button:text-is("Abmelden")')]);
}

async function submit(ctx: Ctx, button: string, url: RegExp) {
	await Promise.all([ctx.page.waitForURL(url), ctx.page.click(button)]);
}

/** Posts a form whose answer is the same page with errors (no redirect), then waits for the error summary. */
async function submitWithErrors(ctx: Ctx, button: string) {
	await Promise.all([ctx.page.waitForLoadState('load'), ctx.page.click(button)]);
	await ctx.page.waitForSelector('.kern-error');
}

export const journeys: Journey[] = [
	{
		name: 'orgs: anyone finds initiatives by region, reads a verified profile with the badge explained, and writes through the contact form (input kept on error)',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit('/initiativen');
			ctx.expect((await page.textContent('h1'))?.includes('Initiativen und Vereine'), 'the directory has its heading');
			const all = await page.locator('.org-list > li').count();
			await page.selectOption('#org-region', MUEGGELHEIM);
			await submit(ctx, 'form.org-filter button[type=submit]', /region=094016/);
			await ctx.audit('/initiativen?region');
			const names = await page.locator('.org-list h2').allTextContents();
			ctx.expect(names.some((n) => n.includes('Dorfanger Müggelheim')), `the Müggelheim filter lists the Dorfanger association (${names.join(', ')})`);
			ctx.expect(names.length < all, `the filter narrows the list (${names.length} of ${all})`);
			ctx.expect((await page.inputValue('#org-region')) === MUEGGELHEIM, 'the filter keeps the chosen region');

			await submit(ctx, `a[href$="/initiativen/${DORFANGER}"]`, new RegExp(`/initiativen/${DORFANGER}$`));
			await ctx.audit('profile');
			const body = (await page.textContent('main')) ?? '';
			ctx.expect(body.includes('Geprüft vom Bezirksamt') && body.includes('Das ist keine Bewertung ihrer Arbeit'), 'the badge says what it means');
			ctx.expect(!body.includes('@kiezbudget.localhost') && !(await page.content()).includes('@kiezbudget.localhost'), 'the organisation’s address is not on the page');
			ctx.expect(body.includes('Melden Sie sich an, um Förderverein Dorfanger Müggelheim e. V. zu folgen'), 'an anonymous reader is offered to sign in to follow the organisation');

			const sender = `${unique(ctx.js ? 'js' : 'nojs')}@example.org`;
			await page.fill(byId('field-name'), 'Eva Nachbarin');
			await page.fill(byId('field-email'), sender);
			await page.fill(byId('field-message'), 'kurz');
			await submitWithErrors(ctx, '#kontakt form button[type=submit]');
			await ctx.audit('contact error');
			ctx.expect((await page.inputValue(byId('field-name'))) === 'Eva Nachbarin' && (await page.inputValue(byId('field-email'))) === sender, 'the form keeps the input');
			ctx.expect((await page.locator('a[href="#field-message"]').count()) === 1, 'the error summary points at the message field');
			const message = `Darf ich beim Dorffest helfen? (${sender})`;
			await page.fill(byId('field-message'), message);
			await submit(ctx, '#kontakt form button[type=submit]', /gesendet=1/);
			await ctx.audit('contact sent');
			ctx.expect(((await page.textContent('main')) ?? '').includes('Ihre Nachricht ist unterwegs'), 'the page confirms the message');
			const mail = await ctx.waitForMail(`${DORFANGER}@kiezbudget.localhost`, 15_000, (m) => m.text.includes(message));
			ctx.expect(mail.text.includes(sender), 'the mail names the sender to answer');

			await ctx.visit('/en/initiativen');
			ctx.expect((await page.textContent('h1'))?.includes('Initiatives and associations'), 'the directory speaks English under /en');
			ctx.expect((await ctx.visit('/initiativen/gibt-es-nicht', { status: 404 })) === 404, 'an unknown profile answers 404');
		}
	},
	{
		name: 'orgs: a resident creates an initiative, another asks to join, the admin accepts after the mail, staff verify it with a note, and only then the member can hand in an idea for it',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const anna = await signUpAndVerify(ctx);
			await signIn(ctx, anna.email, anna.password);
			await ctx.visit('/konto/initiativen');
			const name = `Gemeinschaftsgarten ${unique(ctx.js ? 'js' : 'nojs')}`;
			await page.fill(byId('field-name'), name);
			await page.selectOption(byId('field-kind'), 'initiative');
			await page.fill(byId('field-description'), 'zu kurz');
			await page.selectOption(byId('field-regionId'), '091001');
			await submitWithErrors(ctx, 'form[action="?/create"] button[type=submit]');
			await ctx.audit('create error');
			ctx.expect((await page.inputValue(byId('field-name'))) === name && (await page.inputValue(byId('field-regionId'))) === '091001', 'the create form keeps the input');
			ctx.expect((await page.locator('a[href="#field-description"]').count()) === 1, 'the error summary points at the description');
			await page.fill(byId('field-description'), 'Wir gärtnern gemeinsam im Hinterhof und laden alle Nachbarinnen und Nachbarn ein.');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', /\/initiativen\/[a-z0-9-]+\?neu=1$/);
			await ctx.audit('created');
			const slug = /\/initiativen\/([a-z0-9-]+)\?/.exec(page.url())![1]!;
			ctx.expect(((await page.textContent('main')) ?? '').includes('Noch nicht geprüft'), 'a new initiative shows that it is not checked yet');
			await signOut(ctx);

			const ben = await signUpAndVerify(ctx);
			await signIn(ctx, ben.email, ben.password);
			await ctx.visit(`/initiativen/${slug}`);
			await submit(ctx, 'form[action="?/join"] button[type=submit]', /anfrage=requested/);
			await ctx.audit('join requested');
			await ctx.visit(FORM);
			ctx.expect((await page.locator(byId('field-organisationId')).count()) === 0, 'before acceptance and verification the idea form offers no organisation');
			await signOut(ctx);

			await ctx.waitForMail(anna.email, 15_000, (m) => m.subject.includes('Beitrittsanfrage'));
			await signIn(ctx, anna.email, anna.password);
			await ctx.visit('/konto/initiativen');
			await submit(ctx, `button[formaction="?/accept"][aria-label$="${ben.pseudonym}"]`, /erledigt=aufgenommen/);
			await ctx.audit('accepted');
			await signOut(ctx);

			await signIn(ctx, caseWorker.email, caseWorker.password);
			await ctx.visit('/admin');
			await submit(ctx, 'main a[href$="/admin/initiativen"]', /\/admin\/initiativen$/);
			await ctx.audit('/admin/initiativen');
			const item = page.locator('.org-admin-list > li', { has: page.locator(`a[href$="/initiativen/${slug}"]`) });
			const orgId = ((await item.getAttribute('id')) ?? '').replace(/^org-/, '');
			await submitWithErrors(ctx, `[id="org-${orgId}"] button[value=verify]`);
			await ctx.audit('verify without note');
			ctx.expect((await page.locator(`a[href="#field-note-${orgId}"]`).count()) === 1, 'a decision without a note points at the note field');
			await page.fill(byId(`field-note-${orgId}`), 'Gespräch mit der Ansprechperson im Bezirksamt.');
			await submit(ctx, `[id="org-${orgId}"] button[value=verify]`, /gespeichert=/);
			await ctx.audit('verified');
			ctx.expect((await page.locator(`[id="org-${orgId}"] button[value=unverify]`).count()) === 1, 'the verified initiative can be unverified again');
			await signOut(ctx);

			await signIn(ctx, ben.email, ben.password);
			await ctx.visit(`/initiativen/${slug}`);
			const profile = (await page.textContent('main')) ?? '';
			ctx.expect(profile.includes('Geprüft vom Bezirksamt') && profile.includes('Sie können Ideen im Namen dieser Initiative einreichen'), 'the member sees the badge and may act for it');
			await ctx.visit(FORM);
			const options = await page.locator(`${byId('field-organisationId')} option`).allTextContents();
			ctx.expect(options.includes(name), `the idea form offers the verified initiative (${options.join(', ')})`);
		}
	},
	{
		name: 'orgs: the only manager cannot leave; they accept a member, edit the profile (input kept on error), hand over managing it and leave',
		async run(ctx: Ctx) {
			const { page } = ctx;
			const anna = await signUpAndVerify(ctx);
			await signIn(ctx, anna.email, anna.password);
			await ctx.visit('/konto/initiativen');
			const name = `Repair-Café ${unique(ctx.js ? 'js' : 'nojs')}`;
			await page.fill(byId('field-name'), name);
			await page.selectOption(byId('field-kind'), 'initiative');
			await page.fill(byId('field-description'), 'Wir reparieren gemeinsam Toaster, Fahrräder und Kleidung, jeden ersten Samstag.');
			await submit(ctx, 'form[action="?/create"] button[type=submit]', /\/initiativen\/[a-z0-9-]+\?neu=1$/);
			const slug = /\/initiativen\/([a-z0-9-]+)\?/.exec(page.url())![1]!;
			await signOut(ctx);

			const ben = await signUpAndVerify(ctx);
			await signIn(ctx, ben.email, ben.password);
			await ctx.visit(`/initiativen/${slug}`);
			await submit(ctx, 'form[action="?/join"] button[type=submit]', /anfrage=requested/);
			await signOut(ctx);

			await signIn(ctx, anna.email, anna.password);
			await ctx.visit('/konto/initiativen');
			await Promise.all([page.waitForLoadState('load'), page.click(`form[action="?/leave"] button[aria-label$=": ${name}"]`)]);
			await page.waitForSelector('.kern-alert--danger');
			await ctx.audit('leave refused');
			ctx.expect(((await page.textContent('.kern-alert--danger')) ?? '').includes('Übertragen Sie die Verwaltung zuerst'), 'the only manager is told to hand over first');
			await submit(ctx, `button[formaction="?/accept"][aria-label$="${ben.pseudonym}"]`, /erledigt=aufgenommen/);
			const manage = page.locator('main a[href*="/konto/initiativen/"]', { hasText: 'verwalten' });
			const href = (await manage.getAttribute('href')) ?? '';
			await submit(ctx, `main a[href="${href}"]`, /\/konto\/initiativen\/[0-9a-f-]{36}$/);
			await ctx.audit('manage page');
			ctx.expect((await page.inputValue(byId('field-name'))) === name, 'the edit form starts with the profile as it is');
			await page.fill(byId('field-description'), 'Wir reparieren gemeinsam Toaster, Fahrräder und Kleidung – jetzt auch Handys.');
			await page.fill(byId('field-website'), 'kein web');
			await submitWithErrors(ctx, 'form[action="?/edit"] button[type=submit]');
			await ctx.audit('edit error');
			ctx.expect((await page.locator('a[href="#field-website"]').count()) === 1, 'the error summary points at the website');
			ctx.expect((await page.inputValue(byId('field-description'))).includes('jetzt auch Handys') && (await page.inputValue(byId('field-website'))) === 'kein web', 'the edit form keeps the input');
			await page.fill(byId('field-website'), 'repair.example.org');
			await submit(ctx, 'form[action="?/edit"] button[type=submit]', /erledigt=gespeichert/);
			await ctx.audit('saved');
			await submit(ctx, `button[formaction="?/admin"][aria-label$="${ben.pseudonym}"]`, /erledigt=rolle/);
			ctx.expect((await page.locator(`button[formaction="?/member"][aria-label$="${ben.pseudonym}"]`).count()) === 1, 'the member now manages the profile too');
			await ctx.visit(`/initiativen/${slug}`);
			ctx.expect(((await page.textContent('main')) ?? '').includes('jetzt auch Handys'), 'the public profile shows the new description');
			await ctx.visit('/konto/initiativen');
			await submit(ctx, `form[action="?/leave"] button[aria-label$=": ${name}"]`, /erledigt=ausgetreten/);
			await ctx.audit('left');
			ctx.expect((await page.locator(`form[action="?/leave"] button[aria-label$=": ${name}"]`).count()) === 0, 'the initiative is no longer among the memberships');
			ctx.expect((await ctx.visit(href, { status: 403 })) === 403, 'who left cannot open the manage page');
		}
	},
	{
		name: 'orgs: at 320 px the directory, a profile, Meine Initiativen and the staff list need no sideways scrolling',
		viewport: { width: 320, height: 640 },
		async run(ctx: Ctx) {
			const { page } = ctx;
			const fits = async (path: string) => {
				await ctx.visit(path);
				const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
				ctx.expect(width <= 320, `${path} is ${width} px wide at a 320 px viewport`);
			};
			await fits('/initiativen');
			await fits(`/initiativen/${DORFANGER}`);
			await signIn(ctx, caseWorker.email, caseWorker.password);
			await fits('/konto/initiativen');
			await fits('/admin/initiativen');
		}
	}
];

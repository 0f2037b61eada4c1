/**
 * A small end-to-end runner on playwright-core and Debian's Chromium (research/stack.md §5): no
 * @playwright/test, whose browser download cannot work here. Every page a journey visits is scanned with
 * axe (WCAG 2.2 AA tags); requests to other hosts and console errors (e.g. CSP violations) fail the check.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** `head`: the raw header block (e.g. to check List-Unsubscribe, RFC 8058). */
export type Mail = { to: string; subject: string; text: string; head?: string };

export type Ctx = {
	base: string;
	js: boolean;
	page: Page;
	context: BrowserContext;
	/** Opens a path, checks status and the page basics, runs axe. Returns the response status. */
	visit(path: string, opts?: { status?: number }): Promise<number>;
	/** Runs axe and the page checks on the page as it is now (after a click or a form post). */
	audit(label?: string): Promise<void>;
	/** The first mail to `to` (that `match` accepts, when given: e.g. a status mail after the sign-up mail). */
	waitForMail(to: string, timeoutMs?: number, match?: (m: Mail) => boolean): Promise<Mail>;
	expect(cond: unknown, message: string): asserts cond;
	note(msg: string): void;
};

export type Journey = { name: string; modes?: ('js' | 'nojs')[]; viewport?: { width: number; height: number }; run(ctx: Ctx): Promise<void> };

export class CheckFailed extends Error {}

export async function runJourneys(
	base: string,
	journeys: Journey[],
	mails: { list: Mail[] },
	opts: { label: string; shotsDir: string; modes?: (j: Journey, index: number) => ('js' | 'nojs')[] }
): Promise<{ passed: number; failed: number }> {
	let passed = 0;
	let failed = 0;
	// axe needs timers, which do not run in a page whose JavaScript is off. For the JavaScript-off runs the
	// page's DOM as served (scripts stripped, so nothing hydrates) is scanned in a second, scriptable page
	// that loads the same styles and fonts from the app.
	// One browser for the whole run; each journey gets a fresh context (own cookies, storage and cache), which
	// isolates as well as a new browser process per journey but starts in milliseconds instead of about a second.
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
	type AxeResult = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
	// Only the violations travel back, reduced to what a failure message names: axe's full result (every
	// passing node with its markup) is about 100 KB per page, and serialising it cost a fifth of each scan.
	const runAxe = (target: Page) =>
		target.evaluate(async (tags) => {
			type Raw = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
			const axe = (window as unknown as { axe: { run(o: unknown): Promise<Raw> } }).axe;
			const r = await axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
			return { violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })) };
		}, AXE_TAGS) as Promise<AxeResult>;
	const injectAndRunAxe = async (target: Page) => {
		await target.evaluate(AXE_SOURCE);
		return runAxe(target);
	};
	// One scanning page per viewport size, kept for the whole run. It is opened once on a blank page of the
	// app's origin; each scan then replaces its document with document.open/write, which keeps the window
	// (and with it the axe already loaded, whose parsing costs as much as a scan) and finds the app's styles
	// and fonts in the cache. A <base> with the page's address makes its relative links resolve as served.
	const scanners = new Map<string, Page>();
	const axeWithoutScripts = async (page: Page, html: string) => {
		const url = page.url();
		const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
		const key = `${viewport.width}x${viewport.height}`;
		let ap = scanners.get(key);
		if (!ap) {
			ap = await (await browser.newContext({ viewport })).newPage();
			const blank = `${new URL(base).origin}/__axe-scanner__`;
			const serve = (r: Route) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>axe</title>' });
			await ap.route(blank, serve);
			await ap.goto(blank, { waitUntil: 'load' });
			await ap.unroute(blank, serve);
			await ap.evaluate(AXE_SOURCE);
			scanners.set(key, ap);
		}
		const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
		const withBase = /<head\b[^>]*>/i.test(html) ? html.replace(/<head\b[^>]*>/i, (h) => `${h}<base href="${attr}">`) : `<base href="${attr}">${html}`;
		await ap.evaluate(async (doc) => {
			document.open();
			document.write(doc);
			document.close();
			// Every stylesheet applied and every font loaded before axe measures (contrast, target sizes): the
			// written document reports readyState "complete" at once, before its stylesheets have loaded.
			const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')];
			await Promise.all(sheets.map((l) => (l.sheet ? null : new Promise((r) => { l.addEventListener('load', r, { once: true }); l.addEventListener('error', r, { once: true }); }))));
			if (document.readyState !== 'complete') await new Promise((r) => window.addEventListener('load', r, { once: true }));
			// A layout first, so the fonts the page uses have started loading before waiting for them.
			void document.body?.offsetHeight;
			await document.fonts.ready;
		}, withBase);
		// A document that navigated itself away (a meta refresh) took axe with it.
		if (!(await ap.evaluate(() => 'axe' in window))) await ap.evaluate(AXE_SOURCE);
		return runAxe(ap);
	};
	// axe's verdict depends only on the DOM, the app's styles and the viewport. Journeys revisit the same pages
	// in the same state many times (home page, sign-in, the demo round), so a page whose markup was already
	// scanned at this size reuses that verdict — identical input, identical result, and any violation still
	// fails every journey that meets it.
	const verdicts = new Map<string, AxeResult>();
	let scans = 0;
	let reused = 0;
	let scanMs = 0;
	const scan = async (page: Page, mode: 'js' | 'nojs') => {
		const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link[^>]+rel="modulepreload"[^>]*>/gi, '');
		const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
		// Script elements and the CSP nonce (new on every response) are not content axe judges.
		const markup = html.replace(/ nonce="[^"]*"/g, '');
		const key = createHash('sha256').update(`${mode} ${viewport.width}x${viewport.height} ${page.url()}\n`).update(markup).digest('hex');
		const known = verdicts.get(key);
		if (known) {
			reused++;
			return known;
		}
		scans++;
		const t0 = Date.now();
		const result = mode === 'js' ? await injectAndRunAxe(page) : await axeWithoutScripts(page, html);
		scanMs += Date.now() - t0;
		verdicts.set(key, result);
		return result;
	};
	for (const [index, j] of journeys.entries()) {
		for (const mode of opts.modes?.(j, index) ?? j.modes ?? ['js', 'nojs']) {
			const name = `[${opts.label}] ${j.name} (${mode === 'js' ? 'JavaScript on' : 'JavaScript off'})`;
			const context = await browser.newContext({
				javaScriptEnabled: mode === 'js',
				viewport: j.viewport ?? { width: 1280, height: 900 },
				locale: 'de-DE'
			});
			const page = context.pages()[0] ?? (await context.newPage());
			const problems: string[] = [];
			const baseOrigin = new URL(base).origin;
			page.on('request', (r) => {
				const u = r.url();
				if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== baseOrigin) problems.push(`request to another host: ${u}`);
			});
			page.on('console', (m) => {
				// A 4xx document (e.g. the 403 page we ask for) is logged by Chromium as a failed resource.
				if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console error: ${m.text()}`);
			});
			page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
			const titles = new Map<string, string>();
			const audit = async (label = page.url()) => {
				const result = await scan(page, mode);
				for (const v of result.violations) {
					problems.push(`axe ${v.id} on ${label}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
				}
				const basics = await page.evaluate(() => ({
					lang: document.documentElement.lang,
					title: document.title,
					h1: document.querySelectorAll('h1').length,
					skip: (document.querySelector('a.skip-link') as HTMLAnchorElement | null)?.getAttribute('href') ?? null,
					main: !!document.getElementById('main')
				}));
				const path = new URL(page.url()).pathname;
				if (!basics.title.trim()) problems.push(`no <title> on ${label}`);
				if (basics.h1 !== 1) problems.push(`${basics.h1} h1 elements on ${label}`);
				if (basics.skip !== '#main' || !basics.main) problems.push(`no skip link to #main on ${label}`);
				const expectedLang = path === '/en' || path.startsWith('/en/') ? 'en' : 'de';
				if (basics.lang !== expectedLang) problems.push(`<html lang="${basics.lang}"> on ${label}, expected ${expectedLang}`);
				// Titles must tell pages apart within one language; a proper name (a round, an idea) may read the same in both.
				const langOf = (p: string) => (p === '/en' || p.startsWith('/en/') ? 'en' : 'de');
				const other = [...titles.entries()].find(([p, t]) => t === basics.title && p !== path && langOf(p) === langOf(path));
				if (other) problems.push(`title "${basics.title}" of ${path} is also the title of ${other[0]}`);
				titles.set(path, basics.title);
			};
			const ctx: Ctx = {
				base,
				js: mode === 'js',
				page,
				context,
				async visit(path, o = {}) {
					const res = await page.goto(base + path, { waitUntil: 'load' });
					// With JavaScript, wait until the app has hydrated (routes/+layout.svelte sets the mark):
					// typing earlier can be undone by hydration when the machine is slow.
					if (mode === 'js' && (res?.headers()['content-type'] ?? '').includes('text/html'))
						await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 }).catch(() => problems.push(`${path} did not hydrate within 30 s`));
					const status = res?.status() ?? 0;
					if (status !== (o.status ?? 200)) problems.push(`GET ${path} answered ${status}, expected ${o.status ?? 200}`);
					await audit(path);
					return status;
				},
				audit,
				async waitForMail(to, timeoutMs = 15_000, match = () => true) {
					const until = Date.now() + timeoutMs;
					while (Date.now() < until) {
						const m = mails.list.find((x) => x.to.toLowerCase() === to.toLowerCase() && match(x));
						if (m) return m;
						await new Promise((r) => setTimeout(r, 100));
					}
					throw new CheckFailed(`no mail to ${to} within ${timeoutMs} ms`);
				},
				expect(cond, message) {
					if (!cond) throw new CheckFailed(message);
				},
				note(msg) {
					console.log(`    ${msg}`);
				}
			};
			const started = Date.now();
			const scanBefore = scanMs;
			try {
				await j.run(ctx);
			} catch (e) {
				problems.push(e instanceof CheckFailed ? e.message : `error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
			}
			if (problems.length === 0) {
				passed++;
				console.log(`  ✓ ${name} ${Date.now() - started} ms (axe ${scanMs - scanBefore} ms)`);
			} else {
				failed++;
				const shot = join(opts.shotsDir, `${opts.label}-${j.name.replace(/\W+/g, '-')}-${mode}.png`);
				await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
				console.log(`  ✗ ${name}\n${problems.map((p) => `      - ${p}`).join('\n')}\n      screenshot: ${shot}`);
			}
			await context.close();
		}
	}
	console.log(`  axe: ${scans} scans in ${Math.round(scanMs / 1000)} s, ${reused} verdicts reused for identical pages`);
	await browser.close();
	return { passed, failed };
}

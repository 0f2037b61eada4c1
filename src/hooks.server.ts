import { sequence, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
	baseLocale,
	deLocalizeUrl,
	extractLocaleFromUrl,
	getServerAsyncLocalStorage,
	getTextDirection,
	overwriteServerAsyncLocalStorage
} from '#lib/paraglide/runtime.js';
import { container, shutdownContainer } from '#lib/server/container.ts';
import { hasSessionCookie } from '#lib/server/auth/session.ts';
import { log } from '#lib/server/log.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { isCrossSiteFormPost } from '#lib/server/http/csrf.ts';
import { dev } from '$app/env';

// Migrations (and the demo seed, if asked for) run before the server listens, not during the build.
export const init: ServerInit = async () => {
	await container();
	// adapter-node emits this after SIGTERM/SIGINT once the server stopped accepting requests; an open
	// PGlite or pg pool would otherwise keep the process alive forever (research/stack.md §2).
	let closing = false;
	const close = async (why: string) => {
		if (closing) return;
		closing = true;
		// A request whose client hung up counts as done for adapter-node (its request "close" event), but its
		// handler may still be writing: let running handlers finish (up to 10 s) before the pool closes, so
		// they neither fail half-way nor answer 500 (seen under load in bench/voting).
		for (let i = 0; i < 100 && inFlight > 0; i++) await new Promise((r) => setTimeout(r, 100));
		await shutdownContainer();
		log.info({ msg: 'database closed, bye', why, unfinished: inFlight });
	};
	process.once('sveltekit:shutdown', (reason: string) => void close(reason));
	// adapter-node never emits the event when closing the server fails; after its own time limit
	// (SHUTDOWN_TIMEOUT, default 30 s) and a margin the process closes the database and ends anyway.
	const fallback = () => {
		const seconds = (Number(process.env.SHUTDOWN_TIMEOUT) || 30) + 5;
		setTimeout(() => void close('timeout').finally(() => process.exit(0)), seconds * 1000).unref();
	};
	process.once('SIGTERM', fallback);
	process.once('SIGINT', fallback);
};

/** Requests whose handler is still running (see the shutdown above). */
let inFlight = 0;
const countInFlight: Handle = async ({ event, resolve }) => {
	inFlight++;
	try {
		return await resolve(event);
	} finally {
		inFlight--;
	}
};

/**
 * The locale is the URL prefix (/en/…) or else German. A German URL needs nothing from Paraglide's middleware
 * but its request context for the message functions: the middleware copies every request, body included,
 * even when the URL stays the same, which cost about 80 µs a request here (a fifth of what a ballot cast
 * costs in the use case; bench/voting). So German URLs only get the context; prefixed URLs go through the
 * middleware, which also hands on the request under its URL without the prefix.
 */
const i18nTransform = (locale: string) => ({
	transformPageChunk: ({ html }: { html: string }) => html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale as typeof baseLocale))
});
const i18n: Handle = ({ event, resolve }) => {
	if (extractLocaleFromUrl(event.url) === baseLocale) {
		let storage = getServerAsyncLocalStorage();
		if (!storage) {
			storage = new AsyncLocalStorage();
			overwriteServerAsyncLocalStorage(storage);
		}
		return storage.run({ locale: baseLocale, origin: event.url.origin, messageCalls: new Set<string>() }, () => resolve(event, i18nTransform(baseLocale)));
	}
	return paraglideMiddleware(event.request, ({ request, locale }) => resolve({ ...event, request }, i18nTransform(locale)));
};

const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	// Anonymous readers cost no session lookup and get no cookie (PRODUCT.md: read without login).
	if (hasSessionCookie(event.request.headers.get('cookie'))) {
		const c = await container();
		event.locals.user = await c.sessionUser(event.request.headers);
	}
	return resolve(event);
};

/**
 * The admin area is for staff only; the policy lives in core/access (house rule 5). Page views (GET/HEAD
 * asking for HTML, and their __data.json) are checked by routes/admin/+layout.server.ts so the refusal is
 * a proper page; everything else (form actions, endpoints, exports) is refused here, before any handler runs.
 */
const adminGate: Handle = ({ event, resolve }) => {
	const path = deLocalizeUrl(event.url).pathname;
	if (path === '/admin' || path.startsWith('/admin/')) {
		const pageView =
			(event.request.method === 'GET' || event.request.method === 'HEAD') &&
			(event.isDataRequest || (event.request.headers.get('accept') ?? '').includes('text/html'));
		if (!pageView) requireStaff(event);
	}
	return resolve(event);
};

/** After a successful write, followers' immediate mails go out within seconds (app/follow.ts soon). */
const notifyFollowers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD' && response.status < 400) (await container()).follow.soon();
	return response;
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = crypto.randomUUID();
	const response = await resolve(event);
	const h = response.headers;
	// public-sector.md §security headers; the CSP itself comes from the kit config (vite.config.ts).
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
	if (event.url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (event.locals.user && !h.has('Cache-Control')) h.set('Cache-Control', 'private, no-store');
	// The path only: query strings can carry tokens from mail links (never log secrets).
	log.info({
		req: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started)
	});
	return response;
};

/**
 * SvelteKit's cross-site form check, with the one-click stop of follow mails as the only exception
 * (lib/server/http/csrf.ts says why; the framework's own check is off in vite.config.ts for this reason).
 * Like the framework's, it runs only in built apps, not in the dev server.
 */
const csrf: Handle = async ({ event, resolve }) => {
	if (!dev) {
		const c = await container();
		const forbidden = isCrossSiteFormPost({
			method: event.request.method,
			contentType: event.request.headers.get('content-type'),
			origin: event.request.headers.get('origin'),
			selfOrigins: [c.config.origin, event.url.origin],
			path: deLocalizeUrl(event.url).pathname
		});
		if (forbidden) return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

export const handle = sequence(countInFlight, securityHeaders, csrf, notifyFollowers, i18n, session, adminGate);

export const handleError: HandleServerError = (input) => {
	const requestId = input.event.locals.requestId;
	if (input.kind === 'unknown') {
		const err = input.error;
		log.error({
			req: requestId,
			path: input.event.url.pathname,
			err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err)
		});
		return { message: 'Internal error', requestId };
	}
	// App and framework errors (404, 403 …) keep their status and safe message.
	return { requestId };
};

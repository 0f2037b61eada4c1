import type { RequestEvent } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import type { Auth } from './auth.ts';

export type AuthCallResult = { ok: true; status: number; data: unknown } | { ok: false; status: number; code: string };

/**
 * Calls a better-auth endpoint through its HTTP handler (not `auth.api.*`) so that its rate limits and
 * origin checks apply, from a SvelteKit form action that works without JavaScript. Cookies it sets are
 * copied to the response of the form post.
 */
export async function callAuth(
	auth: Auth,
	event: RequestEvent,
	path: string,
	body: Record<string, unknown> | undefined,
	locale: string
): Promise<AuthCallResult> {
	const origin = auth.options.baseURL as string;
	const headers = new Headers({
		origin,
		'x-kiezbudget-client-ip': event.getClientAddress(),
		'x-kiezbudget-locale': locale,
		'user-agent': event.request.headers.get('user-agent') ?? ''
	});
	const cookie = event.request.headers.get('cookie');
	if (cookie) headers.set('cookie', cookie);
	if (body) headers.set('content-type', 'application/json');
	const res = await auth.handler(
		new Request(`${origin}/api/auth${path}`, {
			method: body ? 'POST' : 'GET',
			headers,
			body: body ? JSON.stringify(body) : undefined
		})
	);
	const setCookie = res.headers.get('set-cookie');
	if (setCookie) {
		for (const [name, attrs] of parseSetCookieHeader(setCookie)) {
			event.cookies.set(name, attrs.value, { ...toCookieOptions(attrs), path: attrs.path || '/' });
		}
	}
	const text = await res.text();
	let data: unknown = null;
	try {
		data = text ? JSON.parse(text) : null;
	} catch {
		data = text;
	}
	if (res.ok) return { ok: true, status: res.status, data };
	const code =
		res.status === 429
			? 'RATE_LIMITED'
			: typeof data === 'object' && data && 'code' in data && typeof data.code === 'string'
				? data.code
				: `HTTP_${res.status}`;
	return { ok: false, status: res.status, code };
}

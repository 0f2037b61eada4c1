/**
 * The cross-site form check of SvelteKit (kit/src/runtime/server/csrf.js `is_csrf_forbidden`), done here
 * instead of by the framework so that exactly one route can be exempt: the one-click stop of follow mails.
 *
 * Why: RFC 8058 §3.2 has the mail client (or the mail provider's server) POST "List-Unsubscribe=One-Click"
 * as a form to the List-Unsubscribe URL. That request carries no Origin of ours (often none at all), so the
 * framework's check answers 403 and the one-click stop never works. Kit has no per-route switch; its only
 * knob is `csrf.trustedOrigins` (['*'] turns the check off everywhere, vite.config.ts). So the check is off
 * in the framework and on here, for every route but that one. The exempt route is safe without it: it
 * changes nothing for a session (no cookie is read) and acts only on a token signed with the app secret.
 */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** The only path a form may be posted to from another origin (without the locale prefix). */
export const CSRF_EXEMPT_PATH = '/abo-abmelden';

export function isCrossSiteFormPost(p: { method: string; contentType: string | null; origin: string | null; selfOrigins: readonly string[]; path: string }): boolean {
	if (p.path === CSRF_EXEMPT_PATH) return false;
	const type = (p.contentType ?? '').split(';')[0]!.trim().toLowerCase();
	const formLike = !p.contentType || FORM_TYPES.includes(type);
	return formLike && MUTATING.has(p.method) && (p.origin === null || !p.selfOrigins.includes(p.origin));
}

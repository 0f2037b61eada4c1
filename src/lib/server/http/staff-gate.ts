import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const STAFF_ONLY = 'Dieser Bereich ist nur für Mitarbeitende des Bezirksamts. / This area is for district staff only.';

/**
 * The admin area is for staff only (PRODUCT.md roles; the policy itself is core/access `isStaff`, computed
 * into locals.user at session time). Anonymous visitors go to the sign-in page and come back afterwards.
 */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>): NonNullable<App.Locals['user']> {
	const user = event.locals.user;
	if (!user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
	if (!user.isStaff) error(403, STAFF_ONLY);
	return user;
}

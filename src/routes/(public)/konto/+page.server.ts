import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const u = locals.user;
	return { account: { pseudonym: u.pseudonym, email: u.email, roles: [...new Set(u.grants.map((g) => g.role))] } };
};

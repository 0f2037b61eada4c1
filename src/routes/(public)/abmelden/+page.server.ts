import { redirect } from '@sveltejs/kit';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (the header's button); a GET just goes home.
export const load: PageServerLoad = () => {
	redirect(303, localizeHref('/'));
};

export const actions: Actions = {
	default: async (event) => {
		const { auth } = await container();
		await callAuth(auth, event, '/sign-out', {}, getLocale());
		redirect(303, localizeHref('/anmelden?hinweis=abgemeldet'));
	}
};

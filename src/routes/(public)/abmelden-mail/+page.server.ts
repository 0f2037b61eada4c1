import { fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// One-link unsubscribe (issue 4). Opening the link only shows a button: mail scanners fetch links in
// advance, and a GET that unsubscribed would stop mails nobody asked to stop. No sign-in needed.
export const load: PageServerLoad = async ({ url }) => {
	const c = await container();
	const token = (url.searchParams.get('token') ?? '').slice(0, 1000);
	const email = c.office.unsubscribeTarget(token);
	return { token: email ? token : null, email };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const token = form.get('token');
		const email = typeof token === 'string' ? await c.office.unsubscribe(token.slice(0, 1000)) : null;
		if (!email) return fail(400, { invalid: true });
		return { done: true, email };
	}
};

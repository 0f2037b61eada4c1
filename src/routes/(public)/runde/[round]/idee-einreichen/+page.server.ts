import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: hand in an idea online. The page explains itself when the round is closed or the visitor is
// not signed in, instead of only refusing (read without login; act with an account).
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const gate = await c.ideas.gate(params.round.slice(0, 200));
	if (gate.kind === 'not_found') error(404, 'Not found');
	return {
		open: gate.kind === 'open',
		form: gate.form,
		signedIn: !!locals.user,
		verified: !!locals.user?.emailVerified
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.ideas.submit(toActor(event.locals.user), event.params.round.slice(0, 200), form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'closed':
				return fail(409, { closed: true });
			case 'forbidden':
				if (r.reason === 'not_signed_in') redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
				return fail(403, { errors: { form: r.reason === 'email_not_verified' ? 'error_email_not_verified' : 'error_generic' } });
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors, excluded: r.excluded });
			case 'ok':
				redirect(303, localizeHref(`/idee/${r.id}?eingereicht=1`));
		}
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 6: the proposer's project application for a funded idea, then the grant notice and payments.
// Anyone but the proposer (and the district's case workers) gets 404 (server/app/grants.ts).
export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const r = await c.grants.applicationPage(toActor(locals.user), params.id.slice(0, 100));
	if (r.kind !== 'ok') error(404, 'Not found');
	return { ...r.value, done: url.searchParams.has('gestellt') };
};

export const actions: Actions = {
	apply: async (event) => {
		if (!event.locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
		const form = await readForm(event);
		const c = await container();
		const id = event.params.id.slice(0, 100);
		const r = await c.grants.apply(toActor(event.locals.user), id, form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'conflict':
				return fail(409, { errors: { form: 'grants_error_conflict' } as Record<string, string> });
			case 'invalid':
				return fail(400, { errors: r.issues, values: r.values });
			case 'ok':
				redirect(303, localizeHref(`/konto/ideen/${id}/antrag?gestellt=1`));
		}
	}
};

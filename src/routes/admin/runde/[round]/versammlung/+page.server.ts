import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, assembly: the sittings of a round and opening a new one (agenda from the eligible ideas).
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await c.assemblies.ofRound(toActor(locals.user), params.round);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	return r;
};

export const actions: Actions = {
	create: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.assemblies.create(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'invalid') return fail(400, { errors: r.errors, values: r.values });
		redirect(303, localizeHref(`/admin/versammlung/${r.id}`));
	}
};

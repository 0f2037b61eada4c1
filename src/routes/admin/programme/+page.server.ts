import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed } from './outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: the district admin's programmes, and a new one from a template.
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	const r = allowed(await c.programmes.home(toActor(locals.user)));
	return { districts: r.districts, programmes: r.programmes, templates: r.templates };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.create(toActor(event.locals.user), form));
		if (r.kind === 'invalid') return fail(400, { values: r.values, errors: r.errors });
		redirect(303, localizeHref(`/admin/programme/${r.id}?angelegt=1`));
	}
};

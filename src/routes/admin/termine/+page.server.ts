import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Calendar entries of their own (issue 8): assemblies, info events, mobile-office stops, made by district staff.
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	const r = await c.record.entryForm(toActor(locals.user));
	if (r.kind !== 'ok') refuse(r.kind);
	return r.value;
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.saveEntry(toActor(event.locals.user), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/termine/${r.id}?gespeichert=1`));
		}
	}
};

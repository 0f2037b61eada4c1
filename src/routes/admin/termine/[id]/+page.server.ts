import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = await c.record.entryForm(toActor(locals.user), params.id.slice(0, 40));
	if (r.kind !== 'ok') refuse(r.kind);
	return { ...r.value, id: params.id, saved: url.searchParams.get('gespeichert') === '1' };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.saveEntry(toActor(event.locals.user), form, event.params.id.slice(0, 40));
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

import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Cancel a calendar entry with a public reason, or delete one entered by mistake (issue 8). A page of its own,
// so that the edit form keeps its single default action.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = await c.record.entryForm(toActor(locals.user), params.id.slice(0, 40));
	if (r.kind !== 'ok') refuse(r.kind);
	const entry = r.value.list.find((e) => e.id === params.id);
	if (!entry) refuse('not_found');
	return { id: params.id, entry, done: url.searchParams.get('abgesagt') === '1' };
};

export const actions: Actions = {
	cancel: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.cancelEntry(toActor(event.locals.user), event.params.id.slice(0, 40), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors });
			case 'conflict':
				return fail(409, { problem: 'already' as const });
			case 'ok':
				redirect(303, localizeHref(`/admin/termine/${event.params.id}/absagen?abgesagt=1`));
		}
	},
	remove: async (event) => {
		await readForm(event);
		const c = await container();
		const r = await c.record.deleteEntry(toActor(event.locals.user), event.params.id.slice(0, 40));
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'conflict':
				return fail(409, { problem: 'in_use' as const });
			case 'ok':
				redirect(303, localizeHref('/admin/termine?geloescht=1'));
		}
	}
};

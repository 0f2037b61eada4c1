import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Review of one idea (issue 4): the pre-check with the programme's checklist, and merging a duplicate.
export const load: PageServerLoad = async ({ locals, params }) => {
	const c = await container();
	const r = await c.office.review(toActor(locals.user), params.id.slice(0, 100));
	if (r.kind !== 'ok') refuse(r.kind);
	return r.value;
};

export const actions: Actions = {
	check: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.office.precheck(toActor(event.locals.user), event.params.id.slice(0, 100), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { check: { values: r.values, errors: r.errors } });
			case 'conflict':
				return fail(409, { check: { values: r.values, errors: { form: 'office_error_not_checkable' } } });
			case 'ok':
				redirect(303, localizeHref(`/admin/ideen/${event.params.id}?geprueft=${r.mailed ? 'mail' : '1'}`));
		}
	},
	merge: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.office.merge(toActor(event.locals.user), event.params.id.slice(0, 100), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { merge: { values: r.values, errors: r.errors } });
			case 'ok':
				redirect(303, localizeHref(`/admin/ideen/${r.targetId}?zusammengelegt=${r.supportsMoved}`));
		}
	}
};

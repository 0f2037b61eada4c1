import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Assisted entry (issue 4): staff enter an idea handed in on paper, by e-mail, phone, at the assembly or at
// the mobile office, with the scan of the form attached.
export const load: PageServerLoad = async ({ locals, params }) => {
	const c = await container();
	const r = await c.office.assistedForm(toActor(locals.user), params.round.slice(0, 200));
	if (r.kind !== 'ok') refuse(r.kind);
	return r.value;
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.office.enterAssisted(toActor(event.locals.user), event.params.round.slice(0, 200), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/ideen/${r.id}?erfasst=1`));
		}
	}
};

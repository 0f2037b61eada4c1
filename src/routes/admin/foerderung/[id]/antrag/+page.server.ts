import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 6: a case worker enters the project application on the proposer's behalf (paper form, phone, visit).
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const actor = toActor(locals.user);
	const id = params.id.slice(0, 100);
	// The case file's gate first: only grant.manage of the round's district (403 / 404 otherwise).
	allowed(await c.grants.caseGate(actor, id));
	const r = await c.grants.applicationPage(actor, id);
	if (r.kind !== 'ok' || r.value.viewer !== 'staff') error(404, 'Not found');
	if (!r.value.mayApply) redirect(303, localizeHref(`/admin/foerderung/${id}`));
	return r.value;
};

export const actions: Actions = {
	apply: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const id = event.params.id.slice(0, 100);
		const actor = toActor(event.locals.user);
		allowed(await c.grants.caseGate(actor, id));
		const r = await c.grants.apply(actor, id, form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'conflict':
				return fail(409, { errors: { form: 'grants_error_conflict' } as Record<string, string> });
			case 'invalid':
				return fail(400, { errors: r.issues, values: r.values });
			case 'ok':
				redirect(303, localizeHref(`/admin/foerderung/${id}?ok=antrag`));
		}
	}
};

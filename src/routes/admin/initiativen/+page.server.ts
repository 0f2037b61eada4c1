import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Verifying organisations (issue 8): staff with organisation.verify set or take away the badge, with a note
// that the audit log keeps.
export const load: PageServerLoad = async ({ locals, url }) => {
	const c = await container();
	const r = await c.orgs.adminList(toActor(locals.user));
	if (r.kind !== 'ok') refuse(r.kind);
	return { ...r.value, saved: url.searchParams.get('gespeichert') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.orgs.verify(toActor(event.locals.user), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/initiativen?gespeichert=${r.org.id}#org-${r.org.id}`));
		}
	}
};

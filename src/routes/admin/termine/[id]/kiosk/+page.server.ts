import { fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import type { Actions, PageServerLoad } from './$types';

// Kiosk mode at a mobile-office stop (issue 8; like Kiel's "Tiny Rathaus"): staff take ideas and comments on a
// tablet, recorded with the channel mobile_office. After each save the form is empty again for the next person
// and shows nothing of the previous one.
export const load: PageServerLoad = async ({ locals, params }) => {
	const c = await container();
	const r = await c.record.kiosk(toActor(locals.user), params.id.slice(0, 40));
	if (r.kind !== 'ok') refuse(r.kind);
	return r.value;
};

export const actions: Actions = {
	idea: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.kioskIdea(toActor(event.locals.user), event.params.id.slice(0, 40), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { form: 'idea' as const, values: r.values, errors: r.errors });
			case 'ok':
				return { form: 'idea' as const, done: true };
		}
	},
	comment: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.kioskComment(toActor(event.locals.user), event.params.id.slice(0, 40), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { form: 'comment' as const, commentValues: r.values, errors: r.errors });
			case 'ok':
				return { form: 'comment' as const, done: true };
		}
	}
};

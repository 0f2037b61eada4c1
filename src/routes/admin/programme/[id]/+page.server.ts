import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: a programme's rules in one form that works without JavaScript; voting rules show read-only while locked.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = allowed(await c.programmes.page(toActor(locals.user), params.id));
	const saved = url.searchParams.get('gespeichert');
	return { programme: r.programme, values: r.values, lock: r.lock, created: url.searchParams.has('angelegt'), saved: saved !== null && /^\d{1,3}$/.test(saved) ? Number(saved) : null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.saveRules(toActor(event.locals.user), event.params.id, form));
		if (r.kind === 'invalid') return fail(400, { values: r.values, errors: r.errors });
		redirect(303, localizeHref(`/admin/programme/${event.params.id}?gespeichert=${r.changed}`));
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed, GRANTS_ONLY } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 6: one programme's grant notice template; each save is a new version (older ones stay listed).
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = allowed(await c.grants.templates.page(toActor(locals.user), params.programme.slice(0, 100)));
	const saved = url.searchParams.get('gespeichert');
	return { ...r.value, saved: saved && /^\d{1,6}$/.test(saved) ? Number(saved) : null };
};

export const actions: Actions = {
	save: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const id = event.params.programme.slice(0, 100);
		const r = await c.grants.templates.save(toActor(event.locals.user), id, form);
		if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { errors: r.issues, values: r.values });
		if (r.kind === 'conflict') return fail(409, { errors: { form: 'grants_tpl_error_conflict' } as Record<string, string>, values: r.values });
		redirect(303, localizeHref(`/admin/foerderung/vorlagen/${id}?gespeichert=${r.version}`));
	}
};

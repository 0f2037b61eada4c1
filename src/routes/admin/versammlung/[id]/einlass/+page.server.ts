import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, assembly: counting people at the door (+1 with self-declared residence) and anonymous answer cards.
// Each post answers with a redirect (PRG), so reloading the page never counts a person twice.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = await c.assemblies.view(toActor(locals.user), params.id);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	const done = url.searchParams.get('gezaehlt');
	return { ...r, done: done === 'resident' || done === 'other' || done === 'card' || done === 'undo' ? done : null };
};

export const actions: Actions = {
	count: async (event) => {
		const form = await readForm(event);
		const who = String(form.get('who') ?? '').slice(0, 20);
		const r = await (await container()).assemblies.countIn(toActor(event.locals.user), event.params.id, who);
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { problem: 'who' as const });
		if (r.kind === 'conflict') return fail(409, { problem: 'closed' as const });
		redirect(303, localizeHref(`/admin/versammlung/${event.params.id}/einlass?gezaehlt=${who}`));
	},
	uncount: async (event) => {
		const form = await readForm(event);
		const who = String(form.get('who') ?? '').slice(0, 20);
		const r = await (await container()).assemblies.countOut(toActor(event.locals.user), event.params.id, who);
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { problem: 'who' as const });
		if (r.kind === 'conflict') return fail(409, { problem: r.reason });
		redirect(303, localizeHref(`/admin/versammlung/${event.params.id}/einlass?gezaehlt=undo`));
	},
	card: async (event) => {
		const form = await readForm(event);
		const r = await (await container()).assemblies.addCard(toActor(event.locals.user), event.params.id, form);
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { problem: 'card' as const });
		if (r.kind === 'conflict') return fail(409, { problem: 'closed' as const });
		redirect(303, localizeHref(`/admin/versammlung/${event.params.id}/einlass?gezaehlt=card`) + '#card');
	}
};

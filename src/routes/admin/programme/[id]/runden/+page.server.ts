import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: a year's rounds for all regions at once — first a preview (nothing saved), then the confirmation.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = allowed(await c.programmes.roundsPage(toActor(locals.user), params.id));
	const n = (k: string) => {
		const v = url.searchParams.get(k);
		return v !== null && /^\d{1,4}$/.test(v) ? Number(v) : null;
	};
	return { programme: r.programme, defaults: r.defaults, rounds: r.rounds, created: n('angelegt'), skipped: n('vorhanden') ?? 0 };
};

export const actions: Actions = {
	preview: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.previewRounds(toActor(event.locals.user), event.params.id, form));
		if (r.kind === 'invalid') return fail(400, { values: r.values, errors: r.errors });
		return { values: r.values, preview: { year: r.year, rows: r.rows, totalCents: r.totalCents, asOf: r.asOf } };
	},
	create: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.createRounds(toActor(event.locals.user), event.params.id, form));
		if (r.kind === 'invalid') return fail(400, { values: r.values, errors: r.errors });
		redirect(303, localizeHref(`/admin/programme/${event.params.id}/runden?angelegt=${r.created}&vorhanden=${r.skipped}`));
	}
};

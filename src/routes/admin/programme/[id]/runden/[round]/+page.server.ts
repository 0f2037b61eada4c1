import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed } from '../../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: one round — its budget (adjusted by hand only with a reason), its phase dates, and starting the next phase.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = allowed(await c.programmes.roundPage(toActor(locals.user), params.id, params.round));
	const done = url.searchParams.get('erledigt');
	return { ...r, done: done === 'budget' || done === 'termine' || done === 'phase' ? done : null };
};

const back = (id: string, round: string, done: string) => localizeHref(`/admin/programme/${id}/runden/${round}?erledigt=${done}`);

export const actions: Actions = {
	budget: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.adjustBudget(toActor(event.locals.user), event.params.id, event.params.round, form));
		if (r.kind === 'invalid') return fail(400, { budget: { values: r.values, errors: r.errors } });
		redirect(303, back(event.params.id, event.params.round, 'budget'));
	},
	dates: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.changePhaseDates(toActor(event.locals.user), event.params.id, event.params.round, form));
		if (r.kind === 'invalid') return fail(400, { dates: { values: r.values, errors: r.errors } });
		redirect(303, back(event.params.id, event.params.round, 'termine'));
	},
	start: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = allowed(await c.programmes.startPhase(toActor(event.locals.user), event.params.id, event.params.round, form));
		if (r.kind === 'conflict') return fail(409, { start: { errors: { phase: `programmes_error_phase_${r.reason}` } } });
		redirect(303, back(event.params.id, event.params.round, 'phase'));
	}
};

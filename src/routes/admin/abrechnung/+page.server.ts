import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Funded projects and their settlements for case workers, the overdue list, and the queue of progress
// updates waiting for moderation (issue 6). Each staff member sees only their scope.
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event);
	const c = await container();
	const actor = toActor(user);
	const list = await c.settlement.staffList(actor);
	return {
		rows: list?.rows ?? [],
		overdue: list?.overdue ?? [],
		queue: await c.settlement.progressQueue(actor),
		notice: event.url.searchParams.get('hinweis')?.slice(0, 30) ?? null
	};
};

export const actions: Actions = {
	moderate: async (event) => {
		const user = requireStaff(event);
		const form = await readForm(event);
		const c = await container();
		const r = await c.settlement.moderateProgress(toActor(user), form);
		switch (r.kind) {
			case 'ok':
				redirect(303, localizeHref('/admin/abrechnung?hinweis=moderated#fortschritt'));
			// falls through (redirect() throws)
			case 'not_found':
				error(404, 'Not found');
			// falls through
			case 'invalid':
				return fail(400, { errors: r.issues });
			case 'conflict':
				return fail(409, { errors: { form: `settlement_conflict_${r.reason}` } });
		}
	}
};

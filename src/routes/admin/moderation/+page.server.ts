import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { ModerationAction } from '#lib/server/app/engage.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// The moderation queue (issue 4). The admin layout and hooks.server.ts keep non-staff out; the use case
// then shows each staff member only the comments in their scope (a Kiezpat:in: their region).
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event);
	const c = await container();
	return await c.engage.moderationPage(toActor(user)!);
};

async function act(event: RequestEvent, action: ModerationAction, notice: string) {
	// hooks.server.ts refused non-staff posts already; this keeps the action safe on its own, too.
	const user = requireStaff(event);
	const form = await readForm(event);
	const c = await container();
	const r = await c.engage.moderate(toActor(user), action, form, c.now());
	switch (r.kind) {
		case 'ok':
			redirect(303, localizeHref(`/admin/moderation?hinweis=${notice}`));
		// falls through (redirect() throws)
		case 'not_found':
			error(404, 'Not found');
		// falls through
		case 'forbidden':
			error(403, 'Forbidden');
		// falls through
		case 'invalid':
			return fail(400, { commentId: r.commentId, values: r.values, errors: r.errors });
	}
}

export const actions: Actions = {
	hide: (event) => act(event, 'hide', 'ausgeblendet'),
	restore: (event) => act(event, 'restore', 'wiederhergestellt'),
	keep: (event) => act(event, 'keep', 'behalten')
};

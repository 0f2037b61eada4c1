import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { entryGate, RESPONSE_CHANNELS, submitResponse, WEB_CHANNELS } from '#lib/server/app/evaluation.ts';
import { DIMENSIONS } from '#lib/core/evaluation/demographics.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 7: staff type in the anonymous cards from paper, the assembly, the mobile office, the phone.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await entryGate(c.evaluation, toActor(locals.user), params.round.slice(0, 200));
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind !== 'ok') error(403, 'Forbidden');
	return { round: r.value, dimensions: DIMENSIONS, channels: RESPONSE_CHANNELS.filter((ch) => !WEB_CHANNELS.includes(ch)) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await submitResponse(c.evaluation, toActor(event.locals.user), event.params.round.slice(0, 200), form, c.now(), { staff: true });
		switch (r.kind) {
			case 'ok':
				// The channel stays chosen for the next card (a stack of paper cards comes from one place).
				return { saved: true, channel: String(form.get('channel')) };
			case 'invalid_form':
				return fail(400, { errors: r.issues, values: r.values.answers as Record<string, string>, channel: r.values.channel });
			case 'forbidden':
				error(403, 'Forbidden');
			// falls through (error() throws)
			default:
				error(404, 'Not found');
		}
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { submitResponse } from '#lib/server/app/evaluation.ts';
import { DIMENSIONS } from '#lib/core/evaluation/demographics.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { rateWindow } from '#lib/server/http/rate-window.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 7: the anonymous questionnaire, open to everyone (no account: people who will not register count too).
const limiter = rateWindow(20, 60 * 60 * 1000);

export const load: PageServerLoad = async ({ params, url }) => {
	const c = await container();
	const round = await c.evaluation.round(params.round.slice(0, 200));
	if (!round) error(404, 'Not found');
	return { round, dimensions: DIMENSIONS, thanks: url.searchParams.has('danke'), fromIdea: url.searchParams.get('weg') === 'idee' };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		if (!limiter.allow(event.getClientAddress(), Date.now())) return fail(429, { errors: { form: 'rate' }, values: {} as Record<string, string> });
		const r = await submitResponse(c.evaluation, null, event.params.round.slice(0, 200), form, c.now(), { staff: false });
		switch (r.kind) {
			case 'ok':
				redirect(303, localizeHref(`/runde/${r.value.roundSlug}/umfrage?danke=1`));
			// falls through (redirect() throws)
			case 'invalid_form':
				return fail(400, { errors: r.issues, values: r.values.answers as Record<string, string> });
			default:
				error(404, 'Not found');
		}
	}
};

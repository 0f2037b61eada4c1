import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { ballotAgeSetting, setBallotAgeSetting } from '#lib/server/app/evaluation.ts';
import { BALLOT_AGE_BANDS } from '#lib/core/evaluation/ballot-weights.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 7: staff opt in to the voluntary age-band question on the ballot, before the vote opens.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await ballotAgeSetting(c.evaluation, toActor(locals.user), params.round.slice(0, 200));
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind !== 'ok') error(403, 'Forbidden');
	return { ...r.value, bands: BALLOT_AGE_BANDS };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const actor = toActor(event.locals.user);
		const slug = event.params.round.slice(0, 200);
		// The role is checked before the input, so a refused role never learns more than "forbidden".
		const gate = await ballotAgeSetting(c.evaluation, actor, slug);
		if (gate.kind === 'not_found') error(404, 'Not found');
		if (gate.kind !== 'ok') error(403, 'Forbidden');
		const raw = form.get('asked');
		if (raw !== '1' && raw !== '0') return fail(400, { invalid: true });
		const r = await setBallotAgeSetting(c.evaluation, actor, slug, raw === '1', c.now());
		switch (r.kind) {
			case 'ok':
				return { saved: r.value.asked ? ('on' as const) : ('off' as const) };
			case 'locked':
				return fail(409, { locked: true });
			case 'forbidden':
				error(403, 'Forbidden');
			// falls through (error() throws)
			default:
				error(404, 'Not found');
		}
	}
};

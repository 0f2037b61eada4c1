import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 5 / public-sector.md E-06: a voter checks that their ballot is in the set. A form post keeps the
// receipt out of URLs and logs; the answer is yes or no, never the choices.
export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const s = await c.voting.state(params.round);
	if (s.kind === 'not_found') error(404, 'Not found');
	return { round: s.round };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const raw = String(form.get('receipt') ?? '').slice(0, 100);
		const c = await container();
		const r = await c.voting.checkReceipt(event.params.round, raw);
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { receipt: raw, errors: { receipt: 'voting_error_receipt' } });
		return { receipt: raw, found: r.kind === 'found' };
	}
};

import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, staff: turnout (never interim results), code batches, switching a batch off, the close.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = await c.voting.admin(toActor(locals.user), params.round);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	// A failed batch request comes back from the PDF endpoint as a redirect with what was typed.
	const batchError = url.searchParams.get('fehler');
	return {
		...r,
		batchForm: batchError
			? { errors: Object.fromEntries(batchError.split(',').filter((f) => f === 'label' || f === 'size').map((f) => [f, `voting_error_batch_${f}`])), label: url.searchParams.get('label') ?? '', size: url.searchParams.get('size') ?? '' }
			: null
	};
};

export const actions: Actions = {
	deactivate: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.deactivateBatch(toActor(event.locals.user), event.params.round, String(form.get('batch') ?? '').slice(0, 40));
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') return fail(404, { done: null });
		return { done: 'deactivate' as const };
	},
	close: async (event) => {
		const c = await container();
		const r = await c.voting.close(toActor(event.locals.user), event.params.round);
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'conflict') return fail(409, { done: null, paperUnsettled: r.reason === 'paper_unsettled' });
		return { done: 'close' as const };
	}
};

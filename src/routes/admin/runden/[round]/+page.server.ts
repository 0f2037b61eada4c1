import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { refuse } from '#lib/server/http/office.ts';
import type { PageServerLoad } from './$types';

// Region overview (issue 4): the round's ideas with status, channel and requested sums against the budget.
export const load: PageServerLoad = async ({ locals, params }) => {
	const c = await container();
	const r = await c.office.overview(toActor(locals.user), params.round.slice(0, 200));
	if (r.kind !== 'ok') refuse(r.kind);
	return r.value;
};

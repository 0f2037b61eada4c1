import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { allowed } from '../../outcome.ts';
import type { PageServerLoad } from './$types';

// Issue 6: the funded proposals of a round with their grant state, the round's ledger and the payment export.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	return allowed(await c.grants.round(toActor(locals.user), params.round.slice(0, 200))).value;
};

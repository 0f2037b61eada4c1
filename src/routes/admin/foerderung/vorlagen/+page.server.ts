import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { allowed } from '../outcome.ts';
import type { PageServerLoad } from './$types';

// Issue 6: the programmes whose grant notice template this person may edit (grant.template, district-wide).
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	return { programmes: allowed(await c.grants.templates.programmes(toActor(locals.user))).value };
};

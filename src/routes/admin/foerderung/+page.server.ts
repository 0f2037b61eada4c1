import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { allowed } from './outcome.ts';
import type { PageServerLoad } from './$types';

// Issue 6: the rounds whose grants this case worker handles. Staff without grant.manage (Kiezpat:innen) get 403.
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	return { rounds: allowed(await c.grants.rounds(toActor(locals.user))).value };
};

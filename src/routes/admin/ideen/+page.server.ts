import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import type { PageServerLoad } from './$types';

// The office's entry: the rounds this person may see, with ideas waiting for a check (issue 4).
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	return { rounds: await c.office.rounds(toActor(locals.user)) };
};

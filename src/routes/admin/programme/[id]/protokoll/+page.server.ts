import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { allowed } from '../../outcome.ts';
import type { PageServerLoad } from './$types';

// Issue 4: every change to a programme and its rounds, from the event table (house rule 7: the audit log).
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const roundId = url.searchParams.get('runde')?.slice(0, 40) || null;
	const r = allowed(await c.programmes.audit(toActor(locals.user), params.id, roundId));
	return { programme: r.programme, events: r.events, roundId };
};

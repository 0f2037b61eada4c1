import { redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

// "Meine Ideen" (issue 4): one's own drafts and handed-in ideas, each with a way to edit or withdraw it.
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	return { ideas: (await c.ideas.mine(toActor(locals.user))) ?? [], withdrawn: url.searchParams.has('zurueckgezogen') };
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// Issue 5, assembly: the projector view (public, read-only). Live updates come from ./live (server-sent events).
export const load: PageServerLoad = async ({ params }) => {
	const s = await (await container()).assemblies.publicView(params.id);
	if (!s) error(404, 'Not found');
	return { snapshot: s };
};

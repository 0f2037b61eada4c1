import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// Issue 5, assembly: a round's sittings with their projector view and published minutes (public).
export const load: PageServerLoad = async ({ params }) => {
	const r = await (await container()).assemblies.publicOfRound(params.round);
	if (!r) error(404, 'Not found');
	return r;
};

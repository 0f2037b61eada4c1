import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

/** One calendar entry with its place, time, derived status and links to its round, region and documents. */
export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const r = await c.record.entry(params.id.slice(0, 40));
	if (!r) error(404, 'Not found');
	return r;
};

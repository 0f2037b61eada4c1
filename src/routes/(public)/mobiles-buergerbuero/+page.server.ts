import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

/** Where the mobile participation office will be next, and its schedule (issue 8). */
export const load: PageServerLoad = async () => {
	const c = await container();
	const r = await c.record.mobileOffice();
	if (!r) error(404, 'Not found');
	return r;
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const c = await container();
	const k = await c.record.knowledge();
	if (!k) error(404, 'Not found');
	return k;
};

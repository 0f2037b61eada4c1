import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { roundPage } from '#lib/server/app/public-read.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const r = await roundPage(c.publicRead, params.round.slice(0, 200), c.now());
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

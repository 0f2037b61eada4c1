import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { proposalPage } from '#lib/server/app/public-read.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const r = await proposalPage(c.publicRead, params.id.slice(0, 100));
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

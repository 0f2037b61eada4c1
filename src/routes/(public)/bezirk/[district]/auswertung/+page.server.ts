import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { districtEvaluation } from '#lib/server/app/evaluation.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const r = await districtEvaluation(c.evaluation, params.district.slice(0, 100));
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { evaluationPage } from '#lib/server/app/evaluation.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const r = await evaluationPage(c.evaluation, params.round.slice(0, 200));
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { evaluationPage } from '#lib/server/app/evaluation.ts';
import { evaluationCsv } from '#lib/server/documents/evaluation-csv.ts';
import type { RequestHandler } from './$types';

/** The numbers of the evaluation page as CSV, with the same small-cell suppression (issue 7). */
export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const r = await evaluationPage(c.evaluation, params.round.slice(0, 200));
	if (r.kind !== 'ok') error(404, 'Not found');
	return new Response(evaluationCsv(r.value), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="auswertung-${r.value.round.slug}.csv"`
		}
	});
};

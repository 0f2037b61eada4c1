import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { evaluationPage } from '#lib/server/app/evaluation.ts';
import { evaluationXlsx } from '#lib/server/documents/evaluation-xlsx.ts';
import * as m from '#lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/** The numbers of the evaluation page as XLSX, with the same small-cell suppression as the CSV (issue 7). */
export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const r = await evaluationPage(c.evaluation, params.round.slice(0, 200));
	if (r.kind !== 'ok') error(404, 'Not found');
	const xlsx = await evaluationXlsx(r.value, [m.eval_method_text({ k1: String(r.value.k - 1) })]);
	return new Response(xlsx as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="auswertung-${r.value.round.slug}.xlsx"`
		}
	});
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { evaluationPage } from '#lib/server/app/evaluation.ts';
import { evaluationReportPdf } from '#lib/server/documents/evaluation-report.ts';
import { evaluationTexts } from '#lib/server/http/evaluation-texts.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import { localDay } from '#lib/core/calendar/dates.ts';
import * as m from '#lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/** The evaluation report as PDF (issue 7): the page's numbers, with the same small-cell suppression. */
export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const r = await evaluationPage(c.evaluation, params.round.slice(0, 200));
	if (r.kind !== 'ok') error(404, 'Not found');
	const v = r.value;
	const pdf = await evaluationReportPdf(v, evaluationTexts, {
		locale: getLocale() === 'en' ? 'en' : 'de',
		roundTitle: m.round_title({ programme: v.round.programmeName, region: v.round.place, year: String(v.round.year) }),
		createdOn: localDay(c.now(), 'Europe/Berlin')
	});
	return new Response(pdf as BodyInit, {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="auswertung-${v.round.slug}.pdf"` }
	});
};

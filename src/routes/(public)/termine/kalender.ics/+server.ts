import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { calendar, calendarFeed } from '#lib/server/app/calendar.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { calendarParams, labels } from '../labels.ts';
import type { RequestHandler } from './$types';

/** iCalendar feed (RFC 5545) of the same dates and entries as /termine, past ones of these years included. */
export const GET: RequestHandler = async ({ url }) => {
	const c = await container();
	const now = c.now();
	const r = await calendar(c.publicRead, c.calendarRead, null, { ...calendarParams(url), vergangene: '1' }, now, labels);
	if (r.kind !== 'ok') error(404, 'Not found');
	const body = calendarFeed(r.value, url.origin, now, labels, (slug) => localizeHref(`/runde/${slug}`), (id) => localizeHref(`/termine/eintrag/${id}`));
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="kiezbudget-termine.ics"',
			// Calendar apps poll; an hour keeps the load small and the dates fresh enough.
			'cache-control': 'public, max-age=3600'
		}
	});
};

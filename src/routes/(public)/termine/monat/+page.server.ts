import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { calendar } from '#lib/server/app/calendar.ts';
import { parseMonth, shiftMonth } from '#lib/core/record/record.ts';
import { calendarParams, labels } from '../labels.ts';
import type { PageServerLoad } from './$types';

/** The month view (issue 8): the same dates and entries as the list, laid out as a table of weeks. */
export const load: PageServerLoad = async ({ url }) => {
	const c = await container();
	const now = c.now();
	const month = parseMonth(url.searchParams.get('monat')) ?? now.toISOString().slice(0, 7);
	// The month is a view of these years; "past" is always on so the start of the month is shown too.
	const r = await calendar(c.publicRead, c.calendarRead, null, { ...calendarParams(url), vergangene: '1' }, now, labels);
	if (r.kind !== 'ok') error(404, 'Not found');
	const end = shiftMonth(month, 1);
	const inMonth = <T extends { first: string; last: string }>(x: T) => x.first < `${end}-01` && x.last >= `${month}-01`;
	return { ...r.value, dates: r.value.dates.filter(inMonth), entries: r.value.entries.filter(inMonth), month, prev: shiftMonth(month, -1), next: end };
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { calendar } from '#lib/server/app/calendar.ts';
import { calendarParams, labels } from './labels.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const c = await container();
	const r = await calendar(c.publicRead, c.calendarRead, null, calendarParams(url), c.now(), labels);
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

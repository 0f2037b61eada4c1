import * as m from '#lib/paraglide/messages.js';
import { phaseLabel } from '#lib/ui/phases.ts';
import type { Labels } from '#lib/server/app/calendar.ts';

/** The calendar's texts in the request's language (Paraglide resolves the locale per request). */
export const labels: Labels = {
	roundTitle: (r) => m.round_title({ programme: r.programmeName, region: r.place, year: String(r.year) }),
	phase: (key) => phaseLabel(key),
	calendarName: (place) => m.calendar_feed_name({ place })
};

/** The query parameters the calendar understands (all optional). */
export const calendarParams = (url: URL) => ({
	region: url.searchParams.get('region'),
	runde: url.searchParams.get('runde'),
	vergangene: url.searchParams.get('vergangene')
});

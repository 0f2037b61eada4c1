import * as m from '#lib/paraglide/messages.js';
import { phaseLabel } from '#lib/ui/phases.ts';
import { entryKindLabel } from '#lib/ui/record-labels.ts';
import type { Labels } from '#lib/server/app/calendar.ts';

/** The calendar's texts in the request's language (Paraglide resolves the locale per request). */
export const labels: Labels = {
	roundTitle: (r) => m.round_title({ programme: r.programmeName, region: r.place, year: String(r.year) }),
	phase: (key) => phaseLabel(key),
	calendarName: (place) => m.calendar_feed_name({ place }),
	entry: (e) => entryTitle(e)
};

/** "Mobiles Bürgerbüro: Wochenmarkt – Adlershof": the same words on the page and in the feed. */
export const entryTitle = (e: { kind: string; title: string; regionName: string | null }) => `${entryKindLabel(e.kind)}: ${e.title}${e.regionName ? ` – ${e.regionName}` : ''}`;

/** The query parameters the calendar understands (all optional). */
export const calendarParams = (url: URL) => ({
	region: url.searchParams.get('region'),
	runde: url.searchParams.get('runde'),
	vergangene: url.searchParams.get('vergangene')
});

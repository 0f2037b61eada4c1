/**
 * The calendar of participation dates (issue 8): every phase of every round of a district, filtered by
 * region or round, as a list for the page and as an iCalendar feed for calendar apps.
 */
import { icalendar, type CalendarEvent } from '../../core/calendar/ical.ts';
import { participationDates, type ParticipationDate } from '../../core/calendar/dates.ts';
import { notFound, ok, type Outcome } from '../../core/shared/outcome.ts';
import type { PublicReadPort } from './public-read.ts';
import type { EntryView } from './record.ts';

export type CalendarRound = {
	slug: string;
	year: number;
	regionId: string | null;
	programmeName: string;
	place: string;
	phases: { key: string; startsAt: string; endsAt: string | null }[];
};

export type CalendarReadPort = {
	regions(districtId: string): Promise<{ id: string; name: string }[]>;
	rounds(districtId: string, filter: { regionId?: string; roundSlug?: string; years?: number[] }): Promise<CalendarRound[]>;
	/** Calendar entries of their own (assemblies, info events, mobile-office stops) overlapping [from, to). */
	entries(districtId: string, filter: { regionId?: string; roundSlug?: string; from: Date; to: Date }, now: Date): Promise<EntryView[]>;
};

export type CalendarFilter = { regionId?: string; roundSlug?: string; past?: boolean };

export type CalendarView = {
	district: { id: string; slug: string; name: string };
	regions: { id: string; name: string }[];
	filter: CalendarFilter;
	dates: (ParticipationDate & { programmeName: string; place: string; year: number })[];
	/** Entries with a time and a place of their own, in the same years and filter as the dates. */
	entries: EntryView[];
};

/** Labels come from the route (the UI's messages), so the feed speaks the reader's language. */
export type Labels = {
	roundTitle(r: { programmeName: string; place: string; year: number }): string;
	phase(key: string): string;
	calendarName(place: string): string;
	/** The summary of an entry: its kind, title and region, as the page shows it. */
	entry(e: { kind: string; title: string; regionName: string | null }): string;
};

const ID = /^[0-9]{6,8}$/;
const SLUG = /^[a-z0-9-]{1,120}$/;

export async function calendar(pub: PublicReadPort, cal: CalendarReadPort, districtSlug: string | null, raw: Record<string, string | null>, now: Date, labels: Labels): Promise<Outcome<CalendarView>> {
	const d = districtSlug ? await pub.districtBySlug(districtSlug) : await pub.defaultDistrict();
	if (!d) return notFound();
	const regions = await cal.regions(d.id);
	// Unknown filter values are ignored rather than refused: a stale bookmarked link still shows the calendar.
	const filter: CalendarFilter = {};
	if (raw.region && ID.test(raw.region) && regions.some((r) => r.id === raw.region)) filter.regionId = raw.region;
	if (raw.runde && SLUG.test(raw.runde)) filter.roundSlug = raw.runde;
	if (raw.vergangene === '1') filter.past = true;
	// Only this and the neighbouring years: the calendar is about what comes, not an archive.
	const year = now.getUTCFullYear();
	const rounds = await cal.rounds(d.id, { ...filter, years: filter.roundSlug ? undefined : [year - 1, year, year + 1] });
	if (filter.roundSlug && rounds.length === 0) return notFound();
	const info = new Map(rounds.map((r) => [r.slug, r]));
	const dates = participationDates(
		rounds.map((r) => ({ slug: r.slug, title: labels.roundTitle(r), regionId: r.regionId, phases: r.phases })),
		now
	)
		.filter((x) => filter.past || x.status !== 'finished')
		.map((x) => {
			const r = info.get(x.roundSlug)!;
			return { ...x, programmeName: r.programmeName, place: r.place, year: r.year };
		});
	const years = filter.roundSlug ? null : [year - 1, year + 1];
	const entries = (
		await cal.entries(
			d.id,
			{
				regionId: filter.regionId,
				roundSlug: filter.roundSlug,
				from: years ? new Date(Date.UTC(years[0]!, 0, 1)) : new Date(Date.UTC(2000, 0, 1)),
				to: years ? new Date(Date.UTC(years[1]! + 1, 0, 1)) : new Date(Date.UTC(2101, 0, 1))
			},
			now
		)
	).filter((e) => filter.past || e.status !== 'finished');
	return ok({ district: d, regions, filter, dates, entries });
}

/** The feed: all dates (also past ones of these years, so apps keep their history), one VEVENT each. */
export function calendarFeed(view: CalendarView, origin: string, stamp: Date, labels: Labels, roundHref: (slug: string) => string, entryHref: (id: string) => string): string {
	const events: CalendarEvent[] = view.dates.map((x) => ({
		uid: `${x.uid}@${new URL(origin).host}`,
		summary: `${labels.phase(x.phase)}: ${x.roundTitle}`,
		url: new URL(roundHref(x.roundSlug), origin).toString(),
		categories: [x.programmeName, x.place],
		days: { first: x.first, last: x.last },
		status: 'CONFIRMED'
	}));
	// Entries have a time and a place: timed events with LOCATION (and GEO when a point is known, RFC 5545 §3.8.1.6).
	for (const e of view.entries) {
		events.push({
			uid: `${e.source}-${e.id}@${new URL(origin).host}`,
			summary: labels.entry(e),
			description: e.description || undefined,
			url: new URL(entryHref(e.id), origin).toString(),
			location: `${e.placeName}, ${e.address}`,
			geo: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : undefined,
			categories: [e.kind, ...(e.regionName ? [e.regionName] : [])],
			start: new Date(e.startsAt),
			end: new Date(e.endsAt),
			status: e.cancelledAt ? 'CANCELLED' : 'CONFIRMED',
			sequence: e.sequence
		});
	}
	const region = view.filter.regionId ? view.regions.find((r) => r.id === view.filter.regionId)?.name : undefined;
	return icalendar(events, { name: labels.calendarName(region ?? view.district.name), stamp });
}

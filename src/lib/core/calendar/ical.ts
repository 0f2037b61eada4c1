/**
 * iCalendar feeds (RFC 5545) of participation dates (issue 8), so residents can subscribe in the calendar app
 * they already use. Pure: the time stamp comes in as an argument (house rule 1).
 *
 * RFC 5545 details that calendar apps are strict about: CRLF line ends (§3.1), lines folded at 75 octets
 * with a leading space (§3.1, counted in UTF-8 bytes, never splitting a character), TEXT escaping of
 * backslash, semicolon, comma and newline (§3.3.11), DTSTAMP and UID on every VEVENT (§3.6.1), all-day
 * events as DATE values with an exclusive DTEND (§3.6.1).
 */

export type CalendarEvent = {
	/** Stable across feeds and fetches, so apps update instead of duplicating. */
	uid: string;
	summary: string;
	description?: string;
	url?: string;
	location?: string;
	/** A point (WGS 84), written as GEO (RFC 5545 §3.8.1.6). */
	geo?: { lat: number; lng: number };
	categories?: string[];
	/** All-day events: first and last day (inclusive), as YYYY-MM-DD in the local calendar. */
	days?: { first: string; last: string };
	/** Timed events, in UTC. */
	start?: Date;
	end?: Date;
	status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
	/** Revision (RFC 5545 §3.8.7.4); raised when an entry is cancelled so apps replace their copy. */
	sequence?: number;
};

const encoder = new TextEncoder();

export function escapeText(s: string): string {
	return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line at 75 octets (UTF-8), continuation lines starting with one space. */
export function fold(line: string): string {
	const out: string[] = [];
	let current = '';
	let bytes = 0;
	for (const ch of line) {
		const n = encoder.encode(ch).length;
		const limit = out.length === 0 ? 75 : 74; // continuation lines carry the leading space
		if (bytes + n > limit) {
			out.push(current);
			current = '';
			bytes = 0;
		}
		current += ch;
		bytes += n;
	}
	out.push(current);
	return out.join('\r\n ');
}

const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const date = (ymd: string) => ymd.replace(/-/g, '');

/** The day after an ISO date (YYYY-MM-DD), for the exclusive DTEND of all-day events. */
export function nextDay(ymd: string): string {
	const d = new Date(`${ymd}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

export function icalendar(events: readonly CalendarEvent[], opts: { name: string; stamp: Date; prodId?: string }): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${opts.prodId ?? '-//Kiezbudget//Beteiligungstermine//DE'}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(opts.name)}`,
		'X-WR-TIMEZONE:Europe/Berlin'
	];
	for (const e of events) {
		lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utc(opts.stamp)}`);
		if (e.days) lines.push(`DTSTART;VALUE=DATE:${date(e.days.first)}`, `DTEND;VALUE=DATE:${date(nextDay(e.days.last))}`);
		else if (e.start) {
			lines.push(`DTSTART:${utc(e.start)}`);
			if (e.end) lines.push(`DTEND:${utc(e.end)}`);
		} else throw new Error(`event ${e.uid} has neither days nor a start`);
		lines.push(`SUMMARY:${escapeText(e.summary)}`);
		if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
		if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
		if (e.geo) lines.push(`GEO:${e.geo.lat.toFixed(6)};${e.geo.lng.toFixed(6)}`);
		if (e.url) lines.push(`URL:${e.url}`);
		if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
		if (e.status) lines.push(`STATUS:${e.status}`);
		if (e.sequence) lines.push(`SEQUENCE:${e.sequence}`);
		lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}

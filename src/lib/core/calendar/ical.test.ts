import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, fold, icalendar, nextDay } from './ical.ts';

const stamp = new Date('2026-11-23T10:00:00Z');

describe('iCalendar feed', () => {
	it('escapes TEXT values', () => {
		expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
	});
	it('folds at 75 octets without splitting a character', () => {
		const line = `SUMMARY:${'Ä'.repeat(100)}`;
		const folded = fold(line);
		for (const l of folded.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
		expect(folded.replace(/\r\n /g, '')).toBe(line);
	});
	it('knows month and leap-year ends', () => {
		expect(nextDay('2026-12-31')).toBe('2027-01-01');
		expect(nextDay('2028-02-28')).toBe('2028-02-29');
	});
	it('is read back by a real iCal library (ical.js) with the same events', () => {
		const text = icalendar(
			[
				{
					uid: 'phase-ideas-r1@kiezbudget',
					summary: 'Kiezkasse Adlershof 2026: Ideen sammeln; bitte, mit Komma',
					description: 'Zeile 1\nZeile 2 – mit Umlauten: Köpenick, Grünau',
					url: 'https://kiezbudget.example/runde/kiezkasse-2026-adlershof',
					categories: ['Kiezkasse', 'Adlershof'],
					days: { first: '2026-02-14', last: '2026-04-15' }
				},
				{ uid: 'assembly-r1@kiezbudget', summary: 'Kiezkassenversammlung', location: 'Rathaus Köpenick, Alt-Köpenick 21', start: new Date('2026-05-05T16:00:00Z'), end: new Date('2026-05-05T18:30:00Z') }
			],
			{ name: 'Beteiligung in Treptow-Köpenick', stamp }
		);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
		const cal = new ICAL.Component(ICAL.parse(text));
		const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events).toHaveLength(2);
		const [a, b] = events;
		expect(a!.summary).toBe('Kiezkasse Adlershof 2026: Ideen sammeln; bitte, mit Komma');
		expect(a!.description).toBe('Zeile 1\nZeile 2 – mit Umlauten: Köpenick, Grünau');
		expect(a!.startDate.isDate).toBe(true);
		expect(a!.startDate.toString()).toBe('2026-02-14');
		expect(a!.endDate.toString()).toBe('2026-04-16');
		expect(b!.location).toBe('Rathaus Köpenick, Alt-Köpenick 21');
		expect(b!.startDate.toJSDate().toISOString()).toBe('2026-05-05T16:00:00.000Z');
		expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Beteiligung in Treptow-Köpenick');
	});
	it('is byte for byte the same for the same input', () => {
		const e = [{ uid: 'x', summary: 'y', days: { first: '2026-01-01', last: '2026-01-01' } }];
		expect(icalendar(e, { name: 'n', stamp })).toBe(icalendar(e, { name: 'n', stamp }));
	});
});

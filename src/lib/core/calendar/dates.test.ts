import { describe, expect, it } from 'vitest';
import { localDay, participationDates } from './dates.ts';

describe('participation dates from phases', () => {
	const round = {
		slug: 'kiezkasse-2026-adlershof',
		title: 'Kiezkasse Adlershof 2026',
		regionId: '091502',
		phases: [
			// Midnight in Berlin (UTC+1 in winter, +2 in summer)
			{ key: 'ideas', startsAt: '2026-01-31T23:00:00.000Z', endsAt: '2026-03-31T22:00:00.000Z' },
			{ key: 'assembly', startsAt: '2026-05-05T16:00:00.000Z', endsAt: '2026-05-05T18:30:00.000Z' },
			{ key: 'implementation', startsAt: '2026-06-01T00:00:00.000Z', endsAt: null },
			{ key: 'closed', startsAt: '2026-12-31T23:00:00.000Z', endsAt: null }
		]
	};
	it('gives Berlin calendar days with an exclusive end', () => {
		const [ideas, assembly] = participationDates([round], new Date('2026-03-01T12:00:00Z'));
		expect(ideas).toMatchObject({ phase: 'ideas', first: '2026-02-01', last: '2026-03-31', status: 'running' });
		expect(assembly).toMatchObject({ phase: 'assembly', first: '2026-05-05', last: '2026-05-05', status: 'planned' });
	});
	it('an open phase runs until the next one starts; the closed phase is no date', () => {
		const d = participationDates([round], new Date('2026-12-01T00:00:00Z'));
		expect(d.map((x) => x.phase)).toEqual(['ideas', 'assembly', 'implementation']);
		expect(d[2]).toMatchObject({ last: '2026-12-31', status: 'running' });
		expect(participationDates([round], new Date('2027-02-01T00:00:00Z'))[2]!.status).toBe('finished');
	});
	it('converts instants to local days across the DST change', () => {
		expect(localDay(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
		expect(localDay(new Date('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
	});
});

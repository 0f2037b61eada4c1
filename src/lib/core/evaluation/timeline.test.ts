import { describe, expect, it } from 'vitest';
import { channelTimeline, monthRange } from './timeline.ts';

const analog = (c: string) => c === 'paper' || c === 'assembly';

describe('monthRange', () => {
	it('fills the months between, across a year end', () => {
		expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthRange('2026-03', '2026-03')).toEqual(['2026-03']);
		expect(monthRange('2026-04', '2026-03')).toEqual([]);
	});
});

describe('channelTimeline', () => {
	it('adds channels up to analog and digital per month and keeps quiet months as 0', () => {
		const t = channelTimeline(
			[
				{ month: '2026-01', channel: 'online', kind: 'ideas', n: 7 },
				{ month: '2026-01', channel: 'paper', kind: 'ideas', n: 3 },
				{ month: '2026-01', channel: 'assembly', kind: 'ideas', n: 4 },
				{ month: '2026-03', channel: 'online', kind: 'ideas', n: 9 },
				{ month: '2026-03', channel: 'idea_form', kind: 'responses', n: 6 }
			],
			analog
		);
		expect(t.months).toEqual(['2026-01', '2026-02', '2026-03']);
		const s = (kind: string, side: string) => t.series.find((x) => x.kind === kind && x.side === side)!;
		// Analog ideas: 3 + 4 = 7 in January, nothing later.
		expect(s('ideas', 'analog')).toEqual({ kind: 'ideas', side: 'analog', values: [7, 0, 0], total: 7 });
		expect(s('ideas', 'digital')).toEqual({ kind: 'ideas', side: 'digital', values: [7, 0, 9], total: 16 });
		expect(s('responses', 'digital').values).toEqual([0, 0, 6]);
		expect(s('responses', 'analog')).toEqual({ kind: 'responses', side: 'analog', values: [0, 0, 0], total: 0 });
	});

	it('hides months with 1 to 4 and, when only one would be hidden, the next smallest too', () => {
		const t = channelTimeline(
			[
				{ month: '2026-01', channel: 'online', kind: 'responses', n: 2 },
				{ month: '2026-02', channel: 'online', kind: 'responses', n: 8 },
				{ month: '2026-03', channel: 'online', kind: 'responses', n: 12 },
				{ month: '2026-01', channel: 'paper', kind: 'responses', n: 3 }
			],
			analog
		);
		const d = t.series.find((x) => x.kind === 'responses' && x.side === 'digital')!;
		// 2 is below 5; the total 22 would give it away, so 8 (next smallest) is hidden too.
		expect(d.values).toEqual([null, null, 12]);
		expect(d.total).toBe(22);
		const a = t.series.find((x) => x.kind === 'responses' && x.side === 'analog')!;
		// 3 analog answers in all: the month and the total are hidden.
		expect(a.values).toEqual([null, 0, 0]);
		expect(a.total).toBeNull();
	});

	it('is empty without data', () => {
		expect(channelTimeline([], analog)).toEqual({ months: [], series: [] });
	});
});

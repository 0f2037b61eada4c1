/**
 * Participants and contributions by channel over time, analog against digital (issue 7 dashboard; PRODUCT.md
 * problem 2: the Kiezkassen must not lose the people who never go online). Month by month, as counts.
 *
 * Small numbers stay private (public-sector.md, k = 5): each series (e.g. "ideas, analog") is suppressed like
 * one table row, with complementary suppression, because the per-channel totals are published next to it and
 * would otherwise give away a single hidden month.
 */
import { DEFAULT_MIN_CELL, suppressedCells } from './representation.ts';

export type TimelinePoint = { month: string; channel: string; kind: 'ideas' | 'responses'; n: number };
export type TimelineSeries = { kind: 'ideas' | 'responses'; side: 'analog' | 'digital'; values: (number | null)[]; total: number | null };
export type Timeline = { months: string[]; series: TimelineSeries[] };

/** Every month from the first to the last (YYYY-MM), so quiet months show as 0 instead of disappearing. */
export function monthRange(first: string, last: string): string[] {
	const out: string[] = [];
	let [y, m] = first.split('-').map(Number) as [number, number];
	const [ly, lm] = last.split('-').map(Number) as [number, number];
	// Bounded: a malformed range gives at most 20 years of months rather than looping.
	while ((y < ly || (y === ly && m <= lm)) && out.length < 240) {
		out.push(`${y}-${String(m).padStart(2, '0')}`);
		m++;
		if (m > 12) {
			m = 1;
			y++;
		}
	}
	return out;
}

export function channelTimeline(points: TimelinePoint[], isAnalog: (channel: string) => boolean, k = DEFAULT_MIN_CELL): Timeline {
	const valid = points.filter((p) => /^\d{4}-\d{2}$/.test(p.month) && p.n > 0);
	if (valid.length === 0) return { months: [], series: [] };
	const sorted = valid.map((p) => p.month).sort();
	const months = monthRange(sorted[0]!, sorted[sorted.length - 1]!);
	const series: TimelineSeries[] = [];
	for (const kind of ['ideas', 'responses'] as const)
		for (const side of ['analog', 'digital'] as const) {
			const counts: Record<string, number> = Object.fromEntries(months.map((mo) => [mo, 0]));
			for (const p of valid) if (p.kind === kind && isAnalog(p.channel) === (side === 'analog')) counts[p.month] = counts[p.month]! + p.n;
			const hidden = suppressedCells(counts, k);
			const total = Object.values(counts).reduce((s, n) => s + n, 0);
			series.push({ kind, side, values: months.map((mo) => (hidden.has(mo) ? null : counts[mo]!)), total: total > 0 && total < k ? null : total });
		}
	return { months, series };
}

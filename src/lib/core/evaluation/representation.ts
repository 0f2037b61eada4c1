/**
 * Who did we reach? (issue 7). Compares the people who took part with the registered population of the
 * region, group by group, and keeps small numbers private.
 *
 * Method notes (shown in the evaluation report):
 * - Share among participants with a 95 % Wilson score interval (Wilson 1927; behaves well for small n and
 *   shares near 0 or 1, unlike the normal approximation).
 * - A group is flagged under-represented only when the whole interval lies below its population share, i.e.
 *   "clearly", not by chance of a small sample; over-represented likewise.
 * - One summary per round: the index of dissimilarity D = ½ Σ |p_i − q_i| (Duncan & Duncan 1955): the share of
 *   participants who would have to be "replaced" for the participants to mirror the population (0 = mirror).
 * - "Prefer not to say" answers are not a group of the population: they are counted and shown, but left out of
 *   shares, intervals and D.
 * - Small cells: no count below k (default 5, public-sector.md) is shown or exported; when exactly one cell of a
 *   table would be hidden but could be worked out from the total, the next smallest is hidden too
 *   (complementary suppression).
 */

export const DEFAULT_MIN_CELL = 5;

/** 95 % Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
	if (n === 0) return [0, 1];
	const p = k / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	// At k = 0 and k = n the exact bounds are 0 and 1; float rounding would give 1e-17 or 0.9999999999999999.
	return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** Index of dissimilarity between two distributions over the same groups (each given as counts). */
export function dissimilarity(a: Record<string, number>, b: Record<string, number>): number {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	const ta = sum(Object.values(a));
	const tb = sum(Object.values(b));
	if (ta === 0 || tb === 0) return NaN;
	let d = 0;
	for (const k of keys) d += Math.abs((a[k] ?? 0) / ta - (b[k] ?? 0) / tb);
	return d / 2;
}

/**
 * Which cells of one table to hide: counts 1..k−1, plus complementary suppression when exactly one cell would
 * be hidden (the total would give it away). Zero is shown: "nobody" reveals no one.
 */
export function suppressedCells(counts: Record<string, number>, k = DEFAULT_MIN_CELL): Set<string> {
	const hidden = new Set(Object.entries(counts).filter(([, n]) => n > 0 && n < k).map(([g]) => g));
	if (hidden.size === 1) {
		const next = Object.entries(counts)
			.filter(([g, n]) => n > 0 && !hidden.has(g))
			.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))[0];
		if (next) hidden.add(next[0]);
	}
	return hidden;
}

export type GroupRow = {
	group: string;
	/** null when hidden (small cell). */
	participants: number | null;
	share: number | null;
	interval: [number, number] | null;
	populationShare: number;
	/** share / population share; 1 = as in the population. */
	ratio: number | null;
	flag: 'under' | 'over' | null;
};

export type RepresentationTable = {
	dimension: string;
	/** Participants who answered this question with a group (not "prefer not to say"), or null when below k. */
	answered: number | null;
	preferNotToSay: number | null;
	rows: GroupRow[];
	/** Index of dissimilarity, or null when fewer than k answered. */
	dissimilarity: number | null;
};

export const PREFER_NOT_TO_SAY = 'prefer_not_to_say';

export function representation(
	dimension: string,
	participants: Record<string, number>,
	population: Record<string, number>,
	k = DEFAULT_MIN_CELL
): RepresentationTable {
	const groups = Object.keys(population);
	const counts: Record<string, number> = Object.fromEntries(groups.map((g) => [g, participants[g] ?? 0]));
	const answered = sum(Object.values(counts));
	const pop = sum(Object.values(population));
	const pnts = participants[PREFER_NOT_TO_SAY] ?? 0;
	const hidden = suppressedCells(counts, k);
	const enough = answered >= k;
	const rows = groups.map((g): GroupRow => {
		const q = pop === 0 ? 0 : population[g]! / pop;
		if (!enough || hidden.has(g)) return { group: g, participants: null, share: null, interval: null, populationShare: q, ratio: null, flag: null };
		const n = counts[g]!;
		const share = n / answered;
		const interval = wilson(n, answered);
		const flag = interval[1] < q ? 'under' : interval[0] > q ? 'over' : null;
		return { group: g, participants: n, share, interval, populationShare: q, ratio: q === 0 ? null : share / q, flag };
	});
	return {
		dimension,
		answered: enough ? answered : null,
		preferNotToSay: pnts > 0 && pnts < k ? null : pnts,
		rows,
		dissimilarity: enough ? dissimilarity(counts, population) : null
	};
}

/**
 * Post-stratification weights per demographic cell (issue 7 "re-weighted results", information only):
 * weight = population share / sample share, trimmed to [1/cap, cap] and re-normalised so the weighted sample
 * size equals the sample size (iterated, as weight trimming is usually done). Cells without participants get
 * no weight; cells not in the population (e.g. "prefer not to say") keep weight 1.
 */
export function postStratificationWeights(
	sample: Record<string, number>,
	population: Record<string, number>,
	cap = 5
): Record<string, number> {
	const inPop = Object.keys(sample).filter((c) => (sample[c] ?? 0) > 0 && (population[c] ?? 0) > 0);
	const n = sum(inPop.map((c) => sample[c]!));
	const pop = sum(inPop.map((c) => population[c]!));
	const w: Record<string, number> = {};
	for (const c of Object.keys(sample)) if ((sample[c] ?? 0) > 0) w[c] = 1;
	if (n === 0 || pop === 0) return w;
	for (const c of inPop) w[c] = population[c]! / pop / (sample[c]! / n);
	for (let i = 0; i < 50; i++) {
		let changed = false;
		for (const c of inPop) {
			const t = Math.min(cap, Math.max(1 / cap, w[c]!));
			if (t !== w[c]) changed = true;
			w[c] = t;
		}
		const total = sum(inPop.map((c) => w[c]! * sample[c]!));
		const f = n / total;
		if (Math.abs(f - 1) > 1e-12) {
			changed = true;
			for (const c of inPop) w[c] = w[c]! * f;
		}
		if (!changed) break;
	}
	return w;
}

function sum(xs: number[]): number {
	let s = 0;
	for (const x of xs) s += x;
	return s;
}

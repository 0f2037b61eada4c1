/**
 * Re-weighting for information (issue 7 "re-weighted results … weights shown and capped").
 *
 * What the data allows, and what it does not: a post-stratified vote result needs each ballot's demographic
 * cell. Ballots are secret and carry none (schema/voting.ts), and the anonymous answers are deliberately never
 * linkable to a ballot (schema/evaluation.ts) — storing the cell on the ballot would let anyone who knows that
 * the one 65-year-old in a small Kiez voted on a given day read her vote. So this platform does NOT publish a
 * re-weighted vote result. What it can show honestly is the weighting itself, at the aggregate level of the
 * round's anonymous answers: per age cell the post-stratification weight (population share / share among the
 * people who answered, trimmed to [1/cap, cap]; Kalton & Flores-Cervantes 2003, "Weighting methods") and
 * Kish's effective sample size n_eff = (Σ wᵢnᵢ)² / Σ nᵢwᵢ² (Kish 1965): how many people the participants
 * are "worth" once made to mirror the population. Large weights and a small n_eff say: the result rests on
 * a few voices of the under-represented groups — the same message a re-weighted result would give, without
 * pretending to know how they voted.
 *
 * One dimension (age) only: the register publishes margins, not the joint age × gender × migration cells, and
 * age is the dimension the pilot asks about first (PRODUCT.md "inclusion").
 * Small cells: a weight and the population share would reveal the cell's count, so hidden cells hide the weight.
 */
import { DEFAULT_MIN_CELL, postStratificationWeights, suppressedCells } from './representation.ts';

export const DEFAULT_WEIGHT_CAP = 5;

export type WeightRow = { group: string; participants: number | null; populationShare: number; weight: number | null; capped: boolean };
export type WeightingTable = { dimension: string; cap: number; answered: number | null; rows: WeightRow[]; effectiveSize: number | null };

/** Kish's effective sample size of a weighted sample (cells with their count and weight). */
export function effectiveSampleSize(cells: { n: number; w: number }[]): number {
	let a = 0;
	let b = 0;
	for (const c of cells) {
		a += c.n * c.w;
		b += c.n * c.w * c.w;
	}
	return b === 0 ? 0 : (a * a) / b;
}

export function weightingTable(
	dimension: string,
	sample: Record<string, number>,
	population: Record<string, number>,
	k = DEFAULT_MIN_CELL,
	cap = DEFAULT_WEIGHT_CAP
): WeightingTable {
	const groups = Object.keys(population);
	const counts = Object.fromEntries(groups.map((g) => [g, sample[g] ?? 0]));
	const answered = groups.reduce((s, g) => s + counts[g]!, 0);
	const pop = groups.reduce((s, g) => s + population[g]!, 0);
	const share = (g: string) => (pop === 0 ? 0 : population[g]! / pop);
	if (answered < k || pop === 0)
		return { dimension, cap, answered: null, effectiveSize: null, rows: groups.map((g) => ({ group: g, participants: null, populationShare: share(g), weight: null, capped: false })) };
	const w = postStratificationWeights(counts, population, cap);
	const hidden = suppressedCells(counts, k);
	const rows = groups.map((g): WeightRow => {
		const n = counts[g]!;
		const raw = n === 0 ? null : share(g) / (n / answered);
		const capped = raw !== null && (raw > cap || raw < 1 / cap);
		if (hidden.has(g)) return { group: g, participants: null, populationShare: share(g), weight: null, capped: false };
		return { group: g, participants: n, populationShare: share(g), weight: n === 0 ? null : (w[g] ?? null), capped };
	});
	return { dimension, cap, answered, rows, effectiveSize: effectiveSampleSize(groups.filter((g) => counts[g]! > 0).map((g) => ({ n: counts[g]!, w: w[g]! }))) };
}

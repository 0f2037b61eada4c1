/**
 * The re-weighted vote result (issue 7), for information only. When staff opted in before the opening, the
 * ballot asks one voluntary question: the voter's age band (the register's bands, `DIMENSIONS.age`, or
 * "prefer not to say"). After the close each ballot gets a post-stratification weight for its band
 * (population share ÷ share among the ballots, trimmed to [1/cap, cap] and renormalised:
 * `postStratificationWeights`), and the ballots are tallied again with the official rule. The official
 * result stays the only binding one.
 *
 * Rules that keep it honest and private:
 * - Small-cell rule: a band with fewer than k ballots (default 5) is not weighted (weight 1), and its count is
 *   never shown; the weighted bands are matched to their population among themselves.
 * - "Prefer not to say" and ballots without an answer keep weight 1.
 * - Integer weights: each weight is scaled ×100 and rounded (at least 1), so the tally (core/tally, ballot
 *   `weight`) stays exact and deterministic.
 * - Kish's effective sample size says how many voices the weighted ballots are "worth".
 */
import type { Choice } from '../ballot/ballot.ts';
import { electionFor, specFor, type VoteConfig } from '../ballot/vote.ts';
import { tally } from '../tally/tally.ts';
import { DIMENSIONS } from './demographics.ts';
import { DEFAULT_MIN_CELL, PREFER_NOT_TO_SAY, postStratificationWeights } from './representation.ts';
import { DEFAULT_WEIGHT_CAP, effectiveSampleSize } from './weighting.ts';

export const BALLOT_AGE_BANDS = DIMENSIONS.age;
/** What the ballot offers: the bands and "prefer not to say". */
export const BALLOT_AGE_CHOICES: readonly string[] = [...BALLOT_AGE_BANDS, PREFER_NOT_TO_SAY];
export const WEIGHT_SCALE = 100;

/** The answer as stored: a known band or "prefer not to say"; anything else (empty, tampered) is no answer. */
export function cleanAgeBand(raw: unknown): string | null {
	return typeof raw === 'string' && BALLOT_AGE_CHOICES.includes(raw) ? raw : null;
}

export type BandRule = 'weighted' | 'small_cell' | 'no_answer' | 'no_population';
export type BallotWeightRow = {
	band: string;
	/** null when 1…k−1 (hidden) */
	ballots: number | null;
	/** population share among the bands of the register; null for "no answer" */
	populationShare: number | null;
	/** the weight as applied (integer weight ÷ 100); null when the row is hidden */
	weight: number | null;
	/** the integer weight the tally uses (×100) */
	intWeight: number | null;
	rule: BandRule;
	capped: boolean;
};
export type BallotWeights = {
	k: number;
	cap: number;
	rows: BallotWeightRow[];
	/** integer weight per stored band value ('' = no answer) */
	intWeights: Record<string, number>;
	ballots: number;
	/** ballots in bands that were weighted */
	weightedBallots: number;
	effectiveSize: number;
};

const NO_ANSWER = '';

/**
 * Weights per band from the ballots' bands (counts per stored value; '' = no answer) and the population per
 * register band.
 */
export function ballotAgeWeights(counts: Record<string, number>, population: Record<string, number>, k = DEFAULT_MIN_CELL, cap = DEFAULT_WEIGHT_CAP): BallotWeights {
	const n = (b: string) => counts[b] ?? 0;
	const eligible = BALLOT_AGE_BANDS.filter((b) => n(b) >= k && (population[b] ?? 0) > 0);
	const sample = Object.fromEntries(eligible.map((b) => [b, n(b)]));
	const pop = Object.fromEntries(eligible.map((b) => [b, population[b]!]));
	// Fewer than two weighted bands: nothing to re-balance (one band matched to itself has weight 1).
	const w = eligible.length >= 2 ? postStratificationWeights(sample, pop, cap) : Object.fromEntries(eligible.map((b) => [b, 1]));
	const popTotal = BALLOT_AGE_BANDS.reduce((s, b) => s + (population[b] ?? 0), 0);
	const eligibleTotal = eligible.reduce((s, b) => s + n(b), 0);
	const popEligible = eligible.reduce((s, b) => s + pop[b]!, 0);
	const intWeights: Record<string, number> = {};
	const rows: BallotWeightRow[] = [];
	for (const band of BALLOT_AGE_BANDS) {
		const c = n(band);
		const share = popTotal === 0 ? null : (population[band] ?? 0) / popTotal;
		const hidden = c > 0 && c < k;
		if (eligible.includes(band)) {
			const iw = Math.max(1, Math.round(w[band]! * WEIGHT_SCALE));
			intWeights[band] = iw;
			const raw = eligible.length >= 2 ? pop[band]! / popEligible / (c / eligibleTotal) : 1;
			rows.push({ band, ballots: c, populationShare: share, weight: iw / WEIGHT_SCALE, intWeight: iw, rule: 'weighted', capped: raw > cap || raw < 1 / cap });
		} else {
			intWeights[band] = WEIGHT_SCALE;
			const rule: BandRule = c >= k ? 'no_population' : 'small_cell';
			rows.push({ band, ballots: hidden ? null : c, populationShare: share, weight: hidden ? null : 1, intWeight: hidden ? null : WEIGHT_SCALE, rule, capped: false });
		}
	}
	const noAnswer = n(PREFER_NOT_TO_SAY) + n(NO_ANSWER);
	intWeights[PREFER_NOT_TO_SAY] = WEIGHT_SCALE;
	intWeights[NO_ANSWER] = WEIGHT_SCALE;
	rows.push({ band: PREFER_NOT_TO_SAY, ballots: noAnswer > 0 && noAnswer < k ? null : noAnswer, populationShare: null, weight: 1, intWeight: WEIGHT_SCALE, rule: 'no_answer', capped: false });
	const all = Object.entries(counts).map(([b, c]) => ({ n: c, w: (intWeights[b] ?? WEIGHT_SCALE) / WEIGHT_SCALE }));
	const ballots = Object.values(counts).reduce((s, c) => s + c, 0);
	return { k, cap, rows, intWeights, ballots, weightedBallots: eligibleTotal, effectiveSize: effectiveSampleSize(all) };
}

export type ReweightedBallot = { choices: Choice[]; ageBand: string | null };
export type ReweightedResult = {
	weights: BallotWeights;
	/** the official winners (as published) and the re-weighted ones, project ids in the tally's order */
	official: string[];
	reweighted: string[];
	/** projects that would be funded only under the re-weighted count, and those that would drop out */
	gained: string[];
	lost: string[];
	/** the official rule recounted without weights from the same ballots: must equal `official` */
	recountMatches: boolean;
};

/**
 * Tallies the ballots with the official rule and the age-band weights. Null when the rule is not an online
 * count (nothing to recompute).
 */
export function reweightedResult(config: VoteConfig, ballots: ReweightedBallot[], official: string[], population: Record<string, number>, k = DEFAULT_MIN_CELL, cap = DEFAULT_WEIGHT_CAP): ReweightedResult | null {
	const spec = specFor(config);
	if (!spec) return null;
	const counts: Record<string, number> = {};
	for (const b of ballots) {
		const key = cleanAgeBand(b.ageBand) ?? NO_ANSWER;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	const weights = ballotAgeWeights(counts, population, k, cap);
	const plain = electionFor(config, ballots.map((b) => b.choices));
	const weighted = { ...plain, ballots: plain.ballots.map((e, i) => ({ ...e, weight: weights.intWeights[cleanAgeBand(ballots[i]!.ageBand) ?? NO_ANSWER] ?? WEIGHT_SCALE })) };
	const recount = tally(plain, spec).winners;
	const reweighted = tally(weighted, spec).winners;
	const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
	return {
		weights,
		official,
		reweighted,
		gained: reweighted.filter((p) => !official.includes(p)),
		lost: official.filter((p) => !reweighted.includes(p)),
		recountMatches: sameSet(recount, official)
	};
}

/** The re-weighted vote result as the page, the PDF and the data files show it: information, not the result. */
export type ReweightedView =
	| { state: 'not_asked' }
	| { state: 'waiting' }
	| { state: 'not_online' }
	| {
			state: 'ready';
			weights: BallotWeights;
			/** every project on the ballot, in list order, funded officially and/or re-weighted */
			projects: { id: string; title: string; official: boolean; reweighted: boolean }[];
			changes: number;
			recountMatches: boolean;
	  };

/**
 * Rules are data (house rule 2): a tally is `tally(election, spec)`, and the spec travels with the result
 * so a published result says exactly what was computed.
 */
import type { TieBreakStep } from './tiebreak.ts';
import { DEFAULT_TIE_BREAK } from './tiebreak.ts';

/** What greedy sorts by. `votes` = supporters; `points` = total points; `positional` = Pabulib ordinal score. */
export type GreedyScore = 'votes' | 'points' | 'positional' | 'votes-per-cost' | 'points-per-cost';

export interface GreedySpec {
	rule: 'greedy';
	score: GreedyScore;
	/** `skip`: take every project that still fits (the usual rule); `stop`: stop at the first that does not (greedy-no-skip). */
	ifNoFit: 'skip' | 'stop';
	/** greedy-threshold: only projects whose score reaches this value are eligible. */
	threshold: number | null;
	tieBreak: TieBreakStep[];
}

export type MesUtility = 'cost' | 'approval' | 'points';
/**
 * - `none`: plain MES.
 * - `add1`: raise the per-voter budget by 1 currency unit until the outcome is exhaustive, or return the last
 *   outcome before one that exceeds the budget (pabutools `voter_budget_increment=1`).
 * - `add1-nonexhaustive`: keep raising while the outcome fits the budget (Pabulib's `equalshares/add1`;
 *   reproduces Wieliczka 2023).
 */
export type MesCompletion = 'none' | 'add1' | 'add1-nonexhaustive';

export interface MesSpec {
	rule: 'mes';
	utility: MesUtility;
	completion: MesCompletion;
	/** Add1 start: `exact` = B/n, `integral` = floor(B/n) (the equalshares.net tool default). */
	start: 'exact' | 'integral';
	/** after Add1, fill the rest greedily (by votes; by points for cumulative ballots): equalshares.net "Add1u" */
	thenGreedy: boolean;
	/** comparison step: switch to greedy by votes only if strictly more voters get more approved winners under it */
	comparison: boolean;
	tieBreak: TieBreakStep[];
}

export interface PhragmenSpec {
	rule: 'phragmen';
	tieBreak: TieBreakStep[];
}

export type RuleSpec = GreedySpec | MesSpec | PhragmenSpec;

export function greedySpec(score: GreedyScore, opts: Partial<Omit<GreedySpec, 'rule' | 'score'>> = {}): GreedySpec {
	return { rule: 'greedy', score, ifNoFit: opts.ifNoFit ?? 'skip', threshold: opts.threshold ?? null, tieBreak: opts.tieBreak ?? DEFAULT_TIE_BREAK };
}

export function mesSpec(utility: MesUtility, opts: Partial<Omit<MesSpec, 'rule' | 'utility'>> = {}): MesSpec {
	return {
		rule: 'mes',
		utility,
		completion: opts.completion ?? 'none',
		start: opts.start ?? 'exact',
		thenGreedy: opts.thenGreedy ?? false,
		comparison: opts.comparison ?? false,
		tieBreak: opts.tieBreak ?? DEFAULT_TIE_BREAK
	};
}

export function phragmenSpec(tieBreak: TieBreakStep[] = DEFAULT_TIE_BREAK): PhragmenSpec {
	return { rule: 'phragmen', tieBreak };
}

/**
 * The rule keys of the Pabulib reference outcomes (shared/data/pabulib/README.md) as specs. `cumulative` tells
 * which greedy completion the `_greedy` keys use (by points for cumulative ballots, by votes otherwise).
 */
export function specFromPabulibKey(key: string): RuleSpec | null {
	switch (key) {
		case 'greedy_votes':
			return greedySpec('votes');
		case 'greedy_votes_per_cost':
			return greedySpec('votes-per-cost');
		case 'greedy_points':
			return greedySpec('points');
		case 'greedy_points_per_cost':
			return greedySpec('points-per-cost');
		case 'greedy_positional_score':
			return greedySpec('positional');
		case 'seq_phragmen':
			return phragmenSpec();
	}
	const m = /^mes_(cost|approval|points)((?:_add1)?)((?:_integral)?)((?:_nonexhaustive)?)((?:_greedy)?)((?:_comparison)?)$/.exec(key);
	if (!m) return null;
	const add1 = m[2] !== '';
	if (!add1 && (m[3] || m[4] || m[5])) return null;
	return mesSpec(m[1] as MesUtility, {
		completion: !add1 ? 'none' : m[4] ? 'add1-nonexhaustive' : 'add1',
		start: m[3] ? 'integral' : 'exact',
		thenGreedy: m[5] !== '',
		comparison: m[6] !== ''
	});
}

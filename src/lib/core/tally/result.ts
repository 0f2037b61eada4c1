/**
 * A result explains itself: the spec, a hash of the input, the winners in selection order, the money spent
 * and a round-by-round log a results page can render. Amounts are decimal strings in the election's
 * currency (exact); prices per utility unit are rounded for display only and never used for decisions.
 */
import type { RuleSpec } from './spec.ts';

export type GreedyDecision = 'selected' | 'skipped: does not fit' | 'stopped: does not fit' | 'not eligible: below threshold' | 'not considered: stopped earlier';

export type LogEntry =
	| { kind: 'greedy'; project: string; score: string; cost: string; decision: GreedyDecision; remaining: string }
	| {
			kind: 'mes';
			round: number;
			project: string;
			cost: string;
			/** price per unit of utility (rho) in this round */
			pricePerUtility: string;
			/** what one supporter with utility = cost (cost utilities) or 1 (approval) pays at most */
			supporters: number;
			supportersBudgetBefore: string;
			supportersBudgetAfter: string;
			tiedWith: string[];
	  }
	| { kind: 'mes-unaffordable'; round: number; project: string; cost: string; supportersBudget: string }
	| { kind: 'add1'; perVoterBudget: string; increments: number; stop: 'exhaustive' | 'next-over-budget' | 'all-supported-selected'; evaluated: number }
	| { kind: 'completion'; project: string; cost: string; remaining: string }
	| { kind: 'comparison'; prefersMes: number; prefersGreedy: number; chosen: 'mes' | 'greedy' }
	| { kind: 'phragmen'; round: number; project: string; cost: string; load: string; tiedWith: string[] }
	| { kind: 'phragmen-stop'; round: number; project: string; cost: string; remaining: string };

export interface TallyResult {
	rule: RuleSpec;
	/** SHA-256 of the canonical form of the election (budget, projects, ballots) */
	inputHash: string;
	budget: string;
	voters: number;
	/** only when ballots carry weights (analyses): the sum of the weights, the `n` of B/n */
	weightedVoters?: number;
	winners: string[];
	spent: string;
	log: LogEntry[];
	/** true when a float comparison was close and the decision was re-checked in exact rational arithmetic */
	exactRecheck: boolean;
}

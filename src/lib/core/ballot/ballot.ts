/**
 * Ballot rules (ARCHITECTURE house rule 2: rules are data) and the check every submitted ballot passes on
 * the server, whatever the page did (issue 5: "the server validates always"). PRODUCT.md "Voting and
 * results" lists the ballot types; the yes/no/abstain assembly ballot lives in tally/assembly.ts and ranked
 * ballots are not offered online yet.
 */
import { assertNever } from '../shared/outcome.ts';
import type { Cents } from '../shared/money.ts';

export type BallotRule =
	/** Tick at most `maxPicks` projects (Stanford PB "k-approval"). */
	| { kind: 'approval'; maxPicks: number }
	/** Tick projects whose costs add up to at most the budget (Stanford PB "knapsack"). */
	| { kind: 'knapsack'; budgetCents: Cents }
	/** Spread `totalPoints` points, at most `maxPerProject` on one project (dot voting). */
	| { kind: 'cumulative'; totalPoints: number; maxPerProject: number }
	/** Give each project a score from 0 to `maxScore`; 0 means no support. */
	| { kind: 'score'; maxScore: number };

export type BallotKind = BallotRule['kind'];

/** A project as the ballot sees it: its id and cost. */
export type BallotProject = { id: string; costCents: Cents };

/** What a voter chose: project id → points (1 for approval and knapsack). Zero entries are dropped. */
export type Choice = { projectId: string; points: number };

export type BallotProblem =
	| { kind: 'unknown_project'; projectId: string }
	| { kind: 'duplicate_project'; projectId: string }
	| { kind: 'not_a_whole_number'; projectId: string }
	| { kind: 'too_many_picks'; picks: number; max: number }
	| { kind: 'over_budget'; spentCents: Cents; budgetCents: Cents }
	| { kind: 'too_many_points'; points: number; max: number }
	| { kind: 'too_many_points_on_project'; projectId: string; points: number; max: number }
	| { kind: 'score_out_of_range'; projectId: string; score: number; max: number };

export type BallotCheck = { ok: true; choices: Choice[] } | { ok: false; problems: BallotProblem[] };

/**
 * Checks a ballot against its rule. An empty ballot is valid (a voter may abstain; it still counts for the
 * per-voter share of Equal Shares, docs/tally.md). Returns the choices normalised: zero points dropped,
 * ordered as the projects are listed, so the stored ballot does not reveal the order the voter saw.
 */
export function checkBallot(rule: BallotRule, projects: readonly BallotProject[], choices: readonly Choice[]): BallotCheck {
	const problems: BallotProblem[] = [];
	const byId = new Map(projects.map((p, i) => [p.id, { ...p, index: i }]));
	const seen = new Set<string>();
	const kept: (Choice & { index: number; costCents: number })[] = [];
	for (const c of choices) {
		const p = byId.get(c.projectId);
		if (!p) {
			problems.push({ kind: 'unknown_project', projectId: c.projectId });
			continue;
		}
		if (seen.has(c.projectId)) {
			problems.push({ kind: 'duplicate_project', projectId: c.projectId });
			continue;
		}
		seen.add(c.projectId);
		if (!Number.isSafeInteger(c.points) || c.points < 0) {
			problems.push({ kind: 'not_a_whole_number', projectId: c.projectId });
			continue;
		}
		if (c.points === 0) continue;
		kept.push({ ...c, index: p.index, costCents: p.costCents });
	}
	switch (rule.kind) {
		case 'approval':
			for (const c of kept) if (c.points !== 1) problems.push({ kind: 'not_a_whole_number', projectId: c.projectId });
			if (kept.length > rule.maxPicks) problems.push({ kind: 'too_many_picks', picks: kept.length, max: rule.maxPicks });
			break;
		case 'knapsack': {
			for (const c of kept) if (c.points !== 1) problems.push({ kind: 'not_a_whole_number', projectId: c.projectId });
			const spent = kept.reduce((s, c) => s + c.costCents, 0);
			if (spent > rule.budgetCents) problems.push({ kind: 'over_budget', spentCents: spent, budgetCents: rule.budgetCents });
			break;
		}
		case 'cumulative': {
			const total = kept.reduce((s, c) => s + c.points, 0);
			for (const c of kept)
				if (c.points > rule.maxPerProject) problems.push({ kind: 'too_many_points_on_project', projectId: c.projectId, points: c.points, max: rule.maxPerProject });
			if (total > rule.totalPoints) problems.push({ kind: 'too_many_points', points: total, max: rule.totalPoints });
			break;
		}
		case 'score':
			for (const c of kept) if (c.points > rule.maxScore) problems.push({ kind: 'score_out_of_range', projectId: c.projectId, score: c.points, max: rule.maxScore });
			break;
		default:
			assertNever(rule);
	}
	if (problems.length > 0) return { ok: false, problems };
	kept.sort((a, b) => a.index - b.index);
	return { ok: true, choices: kept.map((c) => ({ projectId: c.projectId, points: c.points })) };
}

/** Money left on a knapsack ballot (the meter the page shows; negative when over budget). */
export function remainingCents(rule: Extract<BallotRule, { kind: 'knapsack' }>, projects: readonly BallotProject[], picked: ReadonlySet<string>): Cents {
	return projects.reduce((left, p) => (picked.has(p.id) ? left - p.costCents : left), rule.budgetCents);
}

/** Whether the tally reads points (cumulative, score) or sets (approval, knapsack): the Pabulib vote_type. */
export function pabulibVoteType(rule: BallotRule): 'approval' | 'knapsack' | 'cumulative' | 'scoring' {
	switch (rule.kind) {
		case 'approval':
			return 'approval';
		case 'knapsack':
			return 'knapsack';
		case 'cumulative':
			return 'cumulative';
		case 'score':
			return 'scoring';
		default:
			return assertNever(rule);
	}
}

/**
 * Texts of a ballot shared by every channel (online, kiosk, paper entry): the rule in one sentence and the
 * server's ballot problems as field errors. Problems travel as "kind:numbers" so that amounts are formatted
 * in the page's language.
 */
import * as m from '#lib/paraglide/messages.js';
import type { BallotProblem, BallotRule } from '#lib/core/ballot/ballot.ts';
import { translateErrors } from './errors.ts';
import { formatEuro } from './format.ts';

type Locale = Parameters<typeof formatEuro>[1];

/** Problems → field name (`p.<projectId>`, or the first project for whole-ballot problems) → code. */
export function problemErrors(problems: readonly BallotProblem[], firstProjectId: string, prefix = ''): Record<string, string> {
	const errors: Record<string, string> = {};
	const first = `${prefix}p.${firstProjectId}`;
	for (const p of problems) {
		switch (p.kind) {
			case 'over_budget':
				errors[first] = `over_budget:${p.spentCents}:${p.budgetCents}`;
				break;
			case 'too_many_picks':
				errors[first] = `too_many_picks:${p.picks}:${p.max}`;
				break;
			case 'too_many_points':
				errors[first] = `too_many_points:${p.points}:${p.max}`;
				break;
			case 'too_many_points_on_project':
				errors[`${prefix}p.${p.projectId}`] = `on_project:${p.max}`;
				break;
			case 'score_out_of_range':
				errors[`${prefix}p.${p.projectId}`] = `score:${p.max}`;
				break;
			case 'not_a_whole_number':
				errors[`${prefix}p.${p.projectId}`] = 'number';
				break;
			case 'unknown_project':
			case 'duplicate_project':
				errors[first] = 'unknown';
				break;
		}
	}
	return errors;
}

export function problemText(code: string, locale: Locale): string {
	const [kind, a = '', b = ''] = code.split(':');
	switch (kind) {
		case 'over_budget':
			return m.voting_problem_over_budget({ spent: formatEuro(Number(a), locale), budget: formatEuro(Number(b), locale) });
		case 'too_many_picks':
			return m.voting_problem_too_many_picks({ picks: a, max: b });
		case 'too_many_points':
			return m.voting_problem_too_many_points({ points: a, max: b });
		case 'on_project':
			return m.voting_problem_on_project({ max: a });
		case 'score':
			return m.voting_problem_score({ max: a });
		case 'number':
			return m.voting_problem_number();
		case 'unknown':
			return m.voting_problem_unknown();
		default:
			return translateErrors({ x: code }).x ?? code;
	}
}

export function ruleText(ballot: BallotRule, locale: Locale): string {
	switch (ballot.kind) {
		case 'knapsack':
			return m.voting_rule_knapsack({ budget: formatEuro(ballot.budgetCents, locale) });
		case 'approval':
			return m.voting_rule_approval({ k: String(ballot.maxPicks) });
		case 'cumulative':
			return m.voting_rule_cumulative({ total: String(ballot.totalPoints), per: String(ballot.maxPerProject) });
		case 'score':
			return m.voting_rule_score({ max: String(ballot.maxScore) });
	}
}

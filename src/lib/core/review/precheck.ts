/**
 * The district office's pre-check (Prüfung; PRODUCT.md lifecycle step 3, issue 4): every criterion of the
 * programme's eligibility checklist gets a verdict and, when it is not met, a reason; the outcome follows
 * from the verdicts. Criteria and their sources: domain.md §1.2 (Kiezkasse Treptow-Köpenick: public
 * benefit and public accessibility since 2025, in the region, no start before approval, no catering and
 * other excluded costs per Merkblatt 2019, owner consent "for some measures", cap per project where a
 * programme has one).
 */
import { checkCostItems, type CostItemInput } from '../process/cost-items.ts';
import type { CheckOutcome } from '../process/proposal-status.ts';
import type { ProgrammeRules } from '../process/programme.ts';
import type { Cents } from '../shared/money.ts';

export const VERDICTS = ['met', 'not_met', 'not_applicable', 'unclear'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const isVerdict = (v: string): v is Verdict => (VERDICTS as readonly string[]).includes(v);

export type CriterionAssessment = { verdict: Verdict; reason: string };
export type Assessment = Record<string, CriterionAssessment>;

/**
 * Criteria that may be "not applicable". Owner consent is needed only "for some measures" (e.g. façades,
 * domain.md §1.2); a programme's own extra criteria (e.g. the Bürgerhaushalt's `feasible`) may not apply
 * to every idea either. The core criteria always apply: an idea either has public benefit or it has not.
 */
const ALWAYS_APPLY: ReadonlySet<string> = new Set(['public_benefit', 'publicly_accessible', 'in_region', 'not_started', 'no_excluded_costs', 'within_cap']);
export const mayBeNotApplicable = (criterion: string) => !ALWAYS_APPLY.has(criterion);

/** What the cost items already tell about a criterion; `null` when they tell nothing (no items yet). */
export type ComputedFacts = { no_excluded_costs: Verdict | null; within_cap: Verdict | null; excludedReasons: string[]; totalCents: Cents | null; capCents: Cents | null };

/**
 * The two criteria the cost items decide: an excluded category (e.g. catering) is never eligible, and the
 * sum must stay within the programme's cap per project — or, where a programme has no cap (Kiezkasse
 * Treptow-Köpenick: "in practice the region's budget is the cap", domain.md §1.2), within the round's budget.
 */
export function computeFacts(rules: Pick<ProgrammeRules, 'costCategories' | 'capPerProjectCents'>, items: readonly CostItemInput[], roundBudgetCents: Cents): ComputedFacts {
	const capCents = rules.capPerProjectCents ?? roundBudgetCents;
	if (items.length === 0) return { no_excluded_costs: null, within_cap: null, excludedReasons: [], totalCents: null, capCents };
	const problems = checkCostItems(rules, items, roundBudgetCents);
	const excludedReasons = [...new Set(problems.flatMap((p) => (p.kind === 'excluded_category' ? [p.reason] : [])))];
	const totalCents = items.reduce((s, i) => s + i.amountCents, 0);
	return {
		no_excluded_costs: excludedReasons.length > 0 ? 'not_met' : 'met',
		within_cap: totalCents > capCents ? 'not_met' : 'met',
		excludedReasons,
		totalCents,
		capCents
	};
}

/**
 * The outcome the verdicts force: one criterion not met makes the idea not eligible; otherwise an unclear
 * criterion needs clarification with the proposer; only when everything is met (or does not apply) is it
 * eligible. Staff pick the outcome in the form too, so a slip of the hand is caught, not silently fixed.
 */
export function forcedOutcome(assessment: Assessment): CheckOutcome {
	const verdicts = Object.values(assessment).map((a) => a.verdict);
	if (verdicts.includes('not_met')) return 'not_eligible';
	if (verdicts.includes('unclear')) return 'needs_clarification';
	return 'eligible';
}

export type PrecheckInput = {
	checklist: readonly string[];
	assessment: Assessment;
	outcome: string;
	publicFeedback: string;
	messageToProposer: string;
};

export type PrecheckIssue =
	| 'verdict_missing'
	| 'not_applicable_refused'
	| 'reason_missing'
	| 'reason_too_long'
	| 'contradicts_costs'
	| 'outcome_missing'
	| 'outcome_contradicts'
	| 'message_missing'
	| 'message_too_long'
	| 'feedback_missing'
	| 'feedback_too_long';

export const REASON_MAX = 1000;
export const TEXT_MAX = 4000;
const len = (s: string) => [...s].length;

/**
 * Checks a pre-check before it is stored. Returns issues keyed by form field (`criteria.<key>.verdict`,
 * `criteria.<key>.reason`, `outcome`, `messageToProposer`, `publicFeedback`), empty when it may be saved.
 */
export function validatePrecheck(input: PrecheckInput, facts: ComputedFacts): Record<string, PrecheckIssue> {
	const issues: Record<string, PrecheckIssue> = {};
	for (const key of input.checklist) {
		const a = input.assessment[key];
		if (!a || !isVerdict(a.verdict)) {
			issues[`criteria.${key}.verdict`] = 'verdict_missing';
			continue;
		}
		if (a.verdict === 'not_applicable' && !mayBeNotApplicable(key)) issues[`criteria.${key}.verdict`] = 'not_applicable_refused';
		// The cost items are facts: a category the programme excludes or a sum over the cap cannot be "met".
		const computed = key === 'no_excluded_costs' ? facts.no_excluded_costs : key === 'within_cap' ? facts.within_cap : null;
		if (computed === 'not_met' && a.verdict !== 'not_met') issues[`criteria.${key}.verdict`] = 'contradicts_costs';
		// A refusal must say why, so the proposer can understand it and improve the idea (issue 4).
		if (a.verdict === 'not_met' && a.reason.trim() === '') issues[`criteria.${key}.reason`] = 'reason_missing';
		if (len(a.reason) > REASON_MAX) issues[`criteria.${key}.reason`] = 'reason_too_long';
	}
	const complete = input.checklist.every((k) => !issues[`criteria.${k}.verdict`]);
	if (input.outcome !== 'eligible' && input.outcome !== 'not_eligible' && input.outcome !== 'needs_clarification') issues.outcome = 'outcome_missing';
	else if (complete) {
		const relevant = Object.fromEntries(input.checklist.map((k) => [k, input.assessment[k]!]));
		if (forcedOutcome(relevant) !== input.outcome) issues.outcome = 'outcome_contradicts';
	}
	if (input.outcome === 'needs_clarification' && input.messageToProposer.trim() === '') issues.messageToProposer = 'message_missing';
	if (len(input.messageToProposer) > TEXT_MAX) issues.messageToProposer = 'message_too_long';
	// mein.berlin shows a public feedback text with every rejection; the public must see why (domain.md §4).
	if (input.outcome === 'not_eligible' && input.publicFeedback.trim() === '') issues.publicFeedback = 'feedback_missing';
	if (len(input.publicFeedback) > TEXT_MAX) issues.publicFeedback = 'feedback_too_long';
	return issues;
}

/**
 * Statuses a pre-check may start from: new ideas, ideas under review or waiting for an answer, and earlier
 * checks that are revised (e.g. after the proposer answered). Merged, withdrawn and decided ideas are past
 * the pre-check (PRODUCT.md status flow).
 */
export const PRECHECK_FROM = ['submitted', 'under_review', 'needs_clarification', 'eligible', 'ineligible'] as const;
export const mayPrecheck = (status: string) => (PRECHECK_FROM as readonly string[]).includes(status);

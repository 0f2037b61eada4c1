/**
 * Validation of a programme's rules (issue 4; PRODUCT.md "Programmes": a programme declares applicant types,
 * cost categories, cap, decision body, who may vote, ballot type and tally rule, settlement, deadlines).
 * Pure: the rules form, the API and imports give the same answer. Issues name the form field they belong to
 * (`costCategories.2.reason`), so a page can point at it (GOV.UK error summary).
 */
import type { Cents } from '../shared/money.ts';
import {
	PHASES,
	type ApplicantType,
	type BallotType,
	type DecisionBody,
	type ProgrammeRules,
	type SettlementMode,
	type WhoMayVote
} from './programme.ts';

export const APPLICANT_TYPES: readonly ApplicantType[] = ['person', 'initiative', 'association', 'organisation'];
export const DECISION_BODIES: readonly DecisionBody[] = ['assembly', 'jury', 'administration', 'online_vote', 'bvv'];
export const WHO_MAY_VOTE: readonly WhoMayVote[] = ['residents_present', 'everyone_present', 'registered_residents', 'everyone'];
export const BALLOT_TYPES: readonly BallotType[] = ['yes_no_abstain', 'approval', 'knapsack', 'cumulative', 'score', 'ranked'];
export const SETTLEMENT_MODES: readonly SettlementMode[] = ['advance', 'reimbursement'];
/** The pre-check criteria the office can use (PRODUCT.md lifecycle step 3; issue 4 "District office"). */
export const CHECKLIST_CRITERIA = ['public_benefit', 'publicly_accessible', 'in_region', 'not_started', 'no_excluded_costs', 'within_cap', 'owner_consent', 'feasible'] as const;
/** Steps of the tie-break chain the tally engine knows (core/tally/tiebreak.ts, docs/tally.md "Tie-breaking"). */
export const TIE_BREAK_STEPS = ['lower-cost', 'more-supporters', 'lottery', 'id'] as const;

/**
 * The tally rules a programme can name, and which ballots each can read. Engine rules follow docs/tally.md
 * "Ballot shapes and how rules read them" (greedy by votes, MES cost/approval and Phragmén read any ballot as a
 * set; points need cumulative or score ballots; the positional score needs a ranking). `greedy` and `mes-add1`
 * are the names the templates use (natural greedy score; MES with cost utility and Add1 completion, the
 * equalshares.net default). The assembly rules are core/tally/assembly.ts: yes/no/abstain with a majority of
 * votes cast or of those present, then filling the budget; dot voting is greedy by points on k points each.
 * `administration` means no vote is counted: the office decides after public comments (Regionalkasse).
 */
export type TallyFamily = 'assembly' | 'engine' | 'none';
const SETS: readonly BallotType[] = ['approval', 'knapsack', 'cumulative', 'score', 'ranked'];
const POINTS: readonly BallotType[] = ['cumulative', 'score'];
export const TALLY_RULES: Record<string, { family: TallyFamily; ballots: readonly BallotType[] }> = {
	'assembly-majority-fill': { family: 'assembly', ballots: ['yes_no_abstain'] },
	'assembly-majority-present-fill': { family: 'assembly', ballots: ['yes_no_abstain'] },
	'dot-voting': { family: 'assembly', ballots: ['cumulative'] },
	administration: { family: 'none', ballots: BALLOT_TYPES },
	greedy: { family: 'engine', ballots: SETS },
	greedy_votes: { family: 'engine', ballots: SETS },
	greedy_votes_per_cost: { family: 'engine', ballots: SETS },
	greedy_points: { family: 'engine', ballots: POINTS },
	greedy_points_per_cost: { family: 'engine', ballots: POINTS },
	greedy_positional_score: { family: 'engine', ballots: ['ranked'] },
	'mes-add1': { family: 'engine', ballots: SETS },
	mes_cost: { family: 'engine', ballots: SETS },
	mes_cost_add1: { family: 'engine', ballots: SETS },
	mes_cost_add1_comparison: { family: 'engine', ballots: SETS },
	mes_approval_add1: { family: 'engine', ballots: SETS },
	mes_points_add1: { family: 'engine', ballots: POINTS },
	seq_phragmen: { family: 'engine', ballots: SETS }
};
export const TALLY_RULE_KEYS = Object.keys(TALLY_RULES);

/** Rules that decide how votes count; they lock once voting starts (PRODUCT.md "Rules are locked once voting opens"). */
export const VOTING_RULE_FIELDS = ['decisionBody', 'whoMayVote', 'ballot', 'tallyRule', 'tieBreak'] as const;
export type VotingRuleField = (typeof VOTING_RULE_FIELDS)[number];

/** Above this a typo is far more likely than a real cap (the largest real cap found is 20,000 €, domain.md §3.2). */
export const MAX_CAP_CENTS: Cents = 100_000_000;
/** Phase offsets are days from 1 January of the budget year; Bürgerhaushalte start the autumn before (domain.md §3). */
export const MIN_PHASE_DAY = -180;
export const MAX_PHASE_DAY = 730;

export type RuleIssueCode =
	| 'required'
	| 'unknown'
	| 'duplicate'
	| 'key_format'
	| 'label_length'
	| 'reason_required'
	| 'reason_length'
	| 'no_eligible_category'
	| 'cap_positive'
	| 'cap_too_high'
	| 'ballot_tally_mismatch'
	| 'body_tally_mismatch'
	| 'voters_body_mismatch'
	| 'tie_break_open'
	| 'day_range'
	| 'end_before_start'
	| 'phase_order'
	| 'locked';
export type RuleIssue = { field: string; code: RuleIssueCode };

const KEY = /^[a-z][a-z0-9_]{1,39}$/;
const chars = (s: string) => [...s].length;

export function validateRules(r: ProgrammeRules): RuleIssue[] {
	const issues: RuleIssue[] = [];
	const add = (field: string, code: RuleIssueCode) => issues.push({ field, code });

	if (r.applicantTypes.length === 0) add('applicantTypes', 'required');
	else if (r.applicantTypes.some((a) => !APPLICANT_TYPES.includes(a))) add('applicantTypes', 'unknown');

	const seen = new Set<string>();
	r.costCategories.forEach((c, i) => {
		if (!KEY.test(c.key)) add(`costCategories.${i}.key`, 'key_format');
		else if (seen.has(c.key)) add(`costCategories.${i}.key`, 'duplicate');
		seen.add(c.key);
		if (chars(c.label.trim()) < 2 || chars(c.label) > 80) add(`costCategories.${i}.label`, 'label_length');
		// An applicant refused for a category must learn why (issue 4: "refused with the programme's reason").
		const reason = (c.reason ?? '').trim();
		if (!c.eligible && reason === '') add(`costCategories.${i}.reason`, 'reason_required');
		else if (reason !== '' && (chars(reason) < 5 || chars(reason) > 300)) add(`costCategories.${i}.reason`, 'reason_length');
	});
	if (!r.costCategories.some((c) => c.eligible)) add('costCategories', 'no_eligible_category');

	if (r.capPerProjectCents !== null) {
		if (!Number.isSafeInteger(r.capPerProjectCents) || r.capPerProjectCents <= 0) add('capPerProjectCents', 'cap_positive');
		else if (r.capPerProjectCents > MAX_CAP_CENTS) add('capPerProjectCents', 'cap_too_high');
	}

	if (r.eligibilityChecklist.length === 0) add('eligibilityChecklist', 'required');
	else if (r.eligibilityChecklist.some((k) => !(CHECKLIST_CRITERIA as readonly string[]).includes(k))) add('eligibilityChecklist', 'unknown');

	if (!DECISION_BODIES.includes(r.decisionBody)) add('decisionBody', 'unknown');
	if (!WHO_MAY_VOTE.includes(r.whoMayVote)) add('whoMayVote', 'unknown');
	if (!BALLOT_TYPES.includes(r.ballot)) add('ballot', 'unknown');
	if (!SETTLEMENT_MODES.includes(r.settlement)) add('settlement', 'unknown');
	const tally = Object.hasOwn(TALLY_RULES, r.tallyRule) ? TALLY_RULES[r.tallyRule]! : null;
	if (!tally) add('tallyRule', 'unknown');
	else {
		if (BALLOT_TYPES.includes(r.ballot) && !tally.ballots.includes(r.ballot)) add('ballot', 'ballot_tally_mismatch');
		// An assembly or jury counts hands or dots in the room; an online vote needs a rule of the engine.
		const body = r.decisionBody;
		if ((body === 'assembly' || body === 'jury') && tally.family !== 'assembly') add('tallyRule', 'body_tally_mismatch');
		if (body === 'online_vote' && tally.family !== 'engine') add('tallyRule', 'body_tally_mismatch');
	}
	// "Present" only means something where people meet (domain.md §1.5: residents of the region present / all present).
	const present = r.whoMayVote === 'residents_present' || r.whoMayVote === 'everyone_present';
	if (present && r.decisionBody === 'online_vote') add('whoMayVote', 'voters_body_mismatch');
	if (!present && (r.decisionBody === 'assembly' || r.decisionBody === 'jury')) add('whoMayVote', 'voters_body_mismatch');

	if (r.tieBreak.length === 0) add('tieBreak', 'required');
	else if (r.tieBreak.some((s) => !(TIE_BREAK_STEPS as readonly string[]).includes(s))) add('tieBreak', 'unknown');
	else if (new Set(r.tieBreak).size !== r.tieBreak.length) add('tieBreak', 'duplicate');
	// Without `id` or a lottery last, a tie can survive the chain and file order would decide (docs/tally.md),
	// which is not a published rule.
	else if (!['id', 'lottery'].includes(r.tieBreak[r.tieBreak.length - 1]!)) add('tieBreak', 'tie_break_open');

	if (r.phases.length === 0) add('phases', 'required');
	let lastStart = -Infinity;
	let lastIndex = -1;
	for (const p of r.phases) {
		const f = `phases.${p.key}`;
		const idx = PHASES.indexOf(p.key);
		if (idx < 0) {
			add(f, 'unknown');
			continue;
		}
		const inRange = (d: number) => Number.isSafeInteger(d) && d >= MIN_PHASE_DAY && d <= MAX_PHASE_DAY;
		if (!inRange(p.startDay) || (p.endDay !== null && !inRange(p.endDay))) add(f, 'day_range');
		else if (p.endDay !== null && p.endDay < p.startDay) add(f, 'end_before_start');
		else if (idx <= lastIndex || p.startDay < lastStart) add(f, 'phase_order');
		lastStart = Math.max(lastStart, p.startDay);
		lastIndex = idx;
	}
	return issues;
}

/** One changed rule for the audit log: field name, value before and after (house rule 7). */
export type RuleChange = { field: keyof ProgrammeRules; before: unknown; after: unknown };

/** Key order does not matter for equality; arrays keep their order (a tie-break chain is ordered). */
function canonical(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
	if (v !== null && typeof v === 'object') {
		const o = v as Record<string, unknown>;
		return `{${Object.keys(o)
			.filter((k) => o[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v) ?? 'undefined';
}

export function diffRules(before: ProgrammeRules, after: ProgrammeRules): RuleChange[] {
	const fields = Object.keys({ ...before, ...after }) as (keyof ProgrammeRules)[];
	return fields.filter((f) => canonical(before[f]) !== canonical(after[f])).map((field) => ({ field, before: before[field], after: after[field] }));
}

/** The voting rules a change would touch while they are locked: each becomes a `locked` issue at its field. */
export function lockedChanges(before: ProgrammeRules, after: ProgrammeRules): RuleIssue[] {
	return diffRules(before, after)
		.filter((c) => (VOTING_RULE_FIELDS as readonly string[]).includes(c.field))
		.map((c) => ({ field: c.field, code: 'locked' as const }));
}


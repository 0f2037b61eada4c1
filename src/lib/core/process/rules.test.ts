import { describe, expect, it } from 'vitest';
import { TEMPLATES, TEMPLATE_KEYS, type ProgrammeRules } from './programme.ts';
import { BALLOT_TYPES, TALLY_RULES, diffRules, lockedChanges, validateRules, type RuleIssue } from './rules.ts';
import { specFromPabulibKey } from '../tally/spec.ts';

const base: ProgrammeRules = TEMPLATES.stadtteilbudget;
const codes = (issues: RuleIssue[]) => issues.map((i) => `${i.field}:${i.code}`);
const check = (patch: Partial<ProgrammeRules>) => codes(validateRules({ ...base, ...patch }));

describe('validateRules', () => {
	it.each(TEMPLATE_KEYS)('accepts the %s template as it ships', (key) => {
		expect(validateRules(TEMPLATES[key])).toEqual([]);
	});

	// rule × input → the issue at its field
	const table: [string, Partial<ProgrammeRules>, string][] = [
		['an excluded category needs a reason', { costCategories: [{ key: 'material', label: 'Material', eligible: true }, { key: 'catering', label: 'Essen', eligible: false }] }, 'costCategories.1.reason:reason_required'],
		['a blank reason is no reason', { costCategories: [{ key: 'material', label: 'Material', eligible: true }, { key: 'catering', label: 'Essen', eligible: false, reason: '   ' }] }, 'costCategories.1.reason:reason_required'],
		['category keys are unique', { costCategories: [{ key: 'material', label: 'Material', eligible: true }, { key: 'material', label: 'Mehr Material', eligible: true }] }, 'costCategories.1.key:duplicate'],
		['category keys are simple', { costCategories: [{ key: 'Material!', label: 'Material', eligible: true }] }, 'costCategories.0.key:key_format'],
		['at least one category is fundable', { costCategories: [{ key: 'catering', label: 'Essen', eligible: false, reason: 'Keine Verpflegung.' }] }, 'costCategories:no_eligible_category'],
		['the cap is positive', { capPerProjectCents: 0 }, 'capPerProjectCents:cap_positive'],
		['the cap is not negative', { capPerProjectCents: -100 }, 'capPerProjectCents:cap_positive'],
		['the cap is not absurd', { capPerProjectCents: 100_000_001 }, 'capPerProjectCents:cap_too_high'],
		['someone may apply', { applicantTypes: [] }, 'applicantTypes:required'],
		['the checklist is not empty', { eligibilityChecklist: [] }, 'eligibilityChecklist:required'],
		['the checklist uses known criteria', { eligibilityChecklist: ['vibes'] }, 'eligibilityChecklist:unknown'],
		['the tally rule is one the engine knows', { tallyRule: 'borda' }, 'tallyRule:unknown'],
		['points need cumulative or score ballots', { ballot: 'approval', tallyRule: 'greedy_points' }, 'ballot:ballot_tally_mismatch'],
		['yes/no ballots only fit assembly rules', { ballot: 'yes_no_abstain', tallyRule: 'greedy' }, 'ballot:ballot_tally_mismatch'],
		['the positional score needs a ranking', { ballot: 'approval', tallyRule: 'greedy_positional_score' }, 'ballot:ballot_tally_mismatch'],
		['an online vote needs an engine rule', { decisionBody: 'online_vote', ballot: 'yes_no_abstain', tallyRule: 'assembly-majority-fill' }, 'tallyRule:body_tally_mismatch'],
		['an assembly counts in the room', { decisionBody: 'assembly', whoMayVote: 'residents_present', tallyRule: 'greedy' }, 'tallyRule:body_tally_mismatch'],
		['"present" needs a room', { decisionBody: 'online_vote', whoMayVote: 'residents_present' }, 'whoMayVote:voters_body_mismatch'],
		['an assembly votes among those present', { decisionBody: 'assembly', whoMayVote: 'everyone', ballot: 'yes_no_abstain', tallyRule: 'assembly-majority-fill' }, 'whoMayVote:voters_body_mismatch'],
		['the tie-break chain is not empty', { tieBreak: [] }, 'tieBreak:required'],
		['the tie-break steps are known', { tieBreak: ['coin', 'id'] }, 'tieBreak:unknown'],
		['no step twice', { tieBreak: ['id', 'id'] }, 'tieBreak:duplicate'],
		['the chain decides every tie', { tieBreak: ['lower-cost', 'more-supporters'] }, 'tieBreak:tie_break_open'],
		['phases end after they start', { phases: [{ key: 'ideas', startDay: 40, endDay: 30 }] }, 'phases.ideas:end_before_start'],
		['phases keep their order', { phases: [{ key: 'review', startDay: 10, endDay: 20 }, { key: 'ideas', startDay: 20, endDay: 30 }] }, 'phases.ideas:phase_order'],
		['phase days stay within two years', { phases: [{ key: 'ideas', startDay: 0, endDay: 9999 }] }, 'phases.ideas:day_range'],
		['a round has phases', { phases: [] }, 'phases:required']
	];
	it.each(table)('%s', (_name, patch, expected) => {
		expect(check(patch)).toContain(expected);
	});

	it('allows overlapping phases in order (Kiezfonds: ideas all year, jury monthly)', () => {
		expect(check({ phases: [{ key: 'ideas', startDay: 0, endDay: 335 }, { key: 'assembly', startDay: 30, endDay: 365 }] })).toEqual([]);
	});
});

describe('tally rule catalogue', () => {
	it('names only rules the tally engine or the assembly module can count', () => {
		for (const [key, r] of Object.entries(TALLY_RULES)) {
			if (r.family !== 'engine' || key === 'greedy' || key === 'mes-add1') continue;
			expect(specFromPabulibKey(key), key).not.toBeNull();
		}
	});
	it('gives every rule at least one ballot type', () => {
		for (const r of Object.values(TALLY_RULES)) expect(r.ballots.every((b) => BALLOT_TYPES.includes(b)) && r.ballots.length > 0).toBe(true);
	});
});

describe('diffRules and lockedChanges', () => {
	it('lists exactly the changed fields with before and after', () => {
		const after = { ...base, capPerProjectCents: 500_000, tieBreak: ['lower-cost', 'id'] };
		expect(diffRules(base, after)).toEqual([
			{ field: 'capPerProjectCents', before: 1_000_000, after: 500_000 },
			{ field: 'tieBreak', before: base.tieBreak, after: ['lower-cost', 'id'] }
		]);
	});
	it('ignores key order inside objects but not the order of a chain', () => {
		const reordered = { ...base, costCategories: base.costCategories.map((c) => ({ reason: c.reason, eligible: c.eligible, label: c.label, key: c.key })) };
		expect(diffRules(base, reordered)).toEqual([]);
		expect(diffRules(base, { ...base, tieBreak: [...base.tieBreak].reverse() }).map((c) => c.field)).toEqual(['tieBreak']);
	});
	it('flags only the voting rules as locked', () => {
		const after = { ...base, ballot: 'knapsack' as const, capPerProjectCents: 1, whoMayVote: 'everyone' as const };
		expect(lockedChanges(base, after)).toEqual([
			{ field: 'whoMayVote', code: 'locked' },
			{ field: 'ballot', code: 'locked' }
		]);
	});
});

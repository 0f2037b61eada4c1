import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../process/programme.ts';
import { statusForOutcome } from '../process/proposal-status.ts';
import { computeFacts, forcedOutcome, mayBeNotApplicable, validatePrecheck, type Assessment, type Verdict } from './precheck.ts';

const kiezkasse = TEMPLATES.kiezkasse;
const CHECKLIST = kiezkasse.eligibilityChecklist;
const item = (category: string, amountCents: number) => ({ category, description: 'x', amountCents });

function all(verdict: Verdict, overrides: Record<string, Verdict> = {}, reason = ''): Assessment {
	return Object.fromEntries(CHECKLIST.map((k) => [k, { verdict: overrides[k] ?? verdict, reason: (overrides[k] ?? verdict) === 'not_met' ? reason || 'weil' : reason }]));
}
const facts = computeFacts(kiezkasse, [item('material', 50_000)], 400_000);
const base = { checklist: CHECKLIST, publicFeedback: '', messageToProposer: '' };

describe('forcedOutcome: which verdicts force which outcome', () => {
	it.each([
		['everything met', all('met'), 'eligible'],
		['owner consent not applicable', all('met', { owner_consent: 'not_applicable' }), 'eligible'],
		['one criterion not met', all('met', { not_started: 'not_met' }), 'not_eligible'],
		['unclear only', all('met', { publicly_accessible: 'unclear' }), 'needs_clarification'],
		['not met wins over unclear', all('met', { publicly_accessible: 'unclear', in_region: 'not_met' }), 'not_eligible']
	] as const)('%s → %s', (_n, a, expected) => {
		expect(forcedOutcome(a)).toBe(expected);
	});

	it('maps each outcome to the proposal status (mein.berlin: qualified / rejected / under consideration)', () => {
		expect(statusForOutcome(forcedOutcome(all('met')))).toBe('eligible');
		expect(statusForOutcome(forcedOutcome(all('met', { in_region: 'not_met' })))).toBe('ineligible');
		expect(statusForOutcome(forcedOutcome(all('met', { in_region: 'unclear' })))).toBe('needs_clarification');
	});
});

describe('computeFacts: the cost items decide two criteria', () => {
	it('finds excluded costs (catering) with the programme reason', () => {
		const f = computeFacts(kiezkasse, [item('material', 10_000), item('catering', 5_000)], 400_000);
		expect(f.no_excluded_costs).toBe('not_met');
		expect(f.excludedReasons).toEqual(['Verpflegung wird aus der Kiezkasse nicht gefördert.']);
	});
	it('compares with the cap per project when the programme has one', () => {
		const rules = TEMPLATES.regionalkasse; // 3,000 € cap (Tempelhof-Schöneberg, domain.md §2)
		expect(computeFacts(rules, [item('material', 300_000)], 1_500_000).within_cap).toBe('met');
		expect(computeFacts(rules, [item('material', 300_001)], 1_500_000).within_cap).toBe('not_met');
	});
	it('compares with the round budget when there is no cap (Kiezkasse)', () => {
		expect(computeFacts(kiezkasse, [item('material', 400_000)], 400_000)).toMatchObject({ within_cap: 'met', capCents: 400_000 });
		expect(computeFacts(kiezkasse, [item('material', 400_001)], 400_000).within_cap).toBe('not_met');
	});
	it('says nothing when the idea has no cost items yet (paper form without amount)', () => {
		expect(computeFacts(kiezkasse, [], 400_000)).toMatchObject({ no_excluded_costs: null, within_cap: null, totalCents: null });
	});
});

describe('validatePrecheck', () => {
	it('accepts a complete eligible check', () => {
		expect(validatePrecheck({ ...base, assessment: all('met', { owner_consent: 'not_applicable' }), outcome: 'eligible' }, facts)).toEqual({});
	});
	it('wants a verdict for every criterion of the programme’s checklist', () => {
		const a = all('met');
		delete a.in_region;
		expect(validatePrecheck({ ...base, assessment: a, outcome: 'eligible' }, facts)).toEqual({ 'criteria.in_region.verdict': 'verdict_missing' });
	});
	it('wants a reason for every criterion not met', () => {
		const a = all('met', { not_started: 'not_met' });
		a.not_started!.reason = '  ';
		expect(validatePrecheck({ ...base, assessment: a, outcome: 'not_eligible', publicFeedback: 'Das Projekt hat schon begonnen.' }, facts)).toEqual({
			'criteria.not_started.reason': 'reason_missing'
		});
	});
	it('refuses "eligible" when a criterion is not met, and "not eligible" when all are met', () => {
		expect(validatePrecheck({ ...base, assessment: all('met', { in_region: 'not_met' }), outcome: 'eligible' }, facts).outcome).toBe('outcome_contradicts');
		expect(validatePrecheck({ ...base, assessment: all('met'), outcome: 'not_eligible', publicFeedback: 'x' }, facts).outcome).toBe('outcome_contradicts');
	});
	it('excluded costs force "not met" and so "not eligible"', () => {
		const withCatering = computeFacts(kiezkasse, [item('catering', 5_000)], 400_000);
		const r = validatePrecheck({ ...base, assessment: all('met'), outcome: 'eligible' }, withCatering);
		expect(r['criteria.no_excluded_costs.verdict']).toBe('contradicts_costs');
		const fixed = all('met', { no_excluded_costs: 'not_met' }, 'Verpflegung');
		expect(validatePrecheck({ ...base, assessment: fixed, outcome: 'not_eligible', publicFeedback: 'Keine Verpflegung.' }, withCatering)).toEqual({});
	});
	it('a sum over the cap cannot be marked as within the cap', () => {
		const over = computeFacts(kiezkasse, [item('material', 500_000)], 400_000);
		expect(validatePrecheck({ ...base, assessment: all('met'), outcome: 'eligible' }, over)['criteria.within_cap.verdict']).toBe('contradicts_costs');
	});
	it('needs clarification only with a message to the proposer', () => {
		const a = all('met', { publicly_accessible: 'unclear' });
		expect(validatePrecheck({ ...base, assessment: a, outcome: 'needs_clarification' }, facts)).toEqual({ messageToProposer: 'message_missing' });
		expect(validatePrecheck({ ...base, assessment: a, outcome: 'needs_clarification', messageToProposer: 'Ist der Hof offen?' }, facts)).toEqual({});
	});
	it('a rejection needs a public feedback text', () => {
		const a = all('met', { in_region: 'not_met' });
		expect(validatePrecheck({ ...base, assessment: a, outcome: 'not_eligible' }, facts)).toEqual({ publicFeedback: 'feedback_missing' });
	});
	it('"not applicable" only where a criterion may not apply (owner consent), never for public benefit', () => {
		expect(mayBeNotApplicable('owner_consent')).toBe(true);
		expect(mayBeNotApplicable('feasible')).toBe(true);
		expect(mayBeNotApplicable('public_benefit')).toBe(false);
		expect(validatePrecheck({ ...base, assessment: all('met', { public_benefit: 'not_applicable' }), outcome: 'eligible' }, facts)).toEqual({
			'criteria.public_benefit.verdict': 'not_applicable_refused'
		});
	});
	it('refuses an unknown outcome and overlong texts', () => {
		const r = validatePrecheck({ ...base, assessment: all('met'), outcome: 'maybe', publicFeedback: 'x'.repeat(4001) }, facts);
		expect(r).toEqual({ outcome: 'outcome_missing', publicFeedback: 'feedback_too_long' });
	});
});

import { describe, expect, it } from 'vitest';
import { isPublicStatus, meinBerlinStatus, PROPOSAL_STATUSES, staffMayMove, statusForOutcome } from './proposal-status.ts';

describe('proposal statuses', () => {
	it('hides drafts, unconfirmed and merged ideas from the public', () => {
		expect(PROPOSAL_STATUSES.filter((s) => !isPublicStatus(s))).toEqual(['draft', 'unconfirmed', 'merged']);
	});
	it.each([
		['submitted', 'under_consideration'],
		['eligible', 'qualified'],
		['ineligible', 'rejected'],
		['approved', 'accepted'],
		['draft', null]
	] as const)('maps %s to mein.berlin %s', (s, m) => expect(meinBerlinStatus(s)).toBe(m));
	it('maps check outcomes to statuses', () => {
		expect(statusForOutcome('eligible')).toBe('eligible');
		expect(statusForOutcome('not_eligible')).toBe('ineligible');
		expect(statusForOutcome('needs_clarification')).toBe('needs_clarification');
	});
	it.each([
		['submitted', 'eligible', true],
		['needs_clarification', 'ineligible', true],
		['approved', 'eligible', false],
		['draft', 'eligible', false],
		['eligible', 'eligible', false]
	] as const)('staff may move %s → %s: %s', (a, b, ok) => expect(staffMayMove(a, b)).toBe(ok));
});

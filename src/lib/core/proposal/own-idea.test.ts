import { describe, expect, it } from 'vitest';
import { PROPOSAL_STATUSES } from '../process/proposal-status.ts';
import { ownIdeaDecision } from './own-idea.ts';

describe('ownIdeaDecision (role × state → allowed / reason)', () => {
	it.each([
		// action, status, owner, idea phase running, expected
		['view', 'draft', true, false, 'allowed'],
		['edit', 'draft', true, true, 'allowed'],
		['edit', 'submitted', true, true, 'allowed'],
		['edit', 'needs_clarification', true, true, 'allowed'],
		['edit', 'submitted', true, false, 'phase_closed'],
		['edit', 'eligible', true, true, 'not_editable'],
		['edit', 'withdrawn', true, true, 'not_editable'],
		['submit', 'draft', true, true, 'allowed'],
		['submit', 'draft', true, false, 'phase_closed'],
		['submit', 'submitted', true, true, 'not_editable'],
		['withdraw', 'submitted', true, false, 'allowed'],
		['withdraw', 'under_review', true, false, 'allowed'],
		['withdraw', 'approved', true, true, 'not_editable'],
		['withdraw', 'withdrawn', true, true, 'not_editable'],
		['view', 'submitted', false, true, 'not_found'],
		['edit', 'draft', false, true, 'not_found'],
		['withdraw', 'submitted', false, true, 'not_found']
	] as const)('%s on %s (owner %s, phase running %s) → %s', (action, status, isOwner, ideaPhaseRunning, expected) => {
		const d = ownIdeaDecision(action, { isOwner, status, ideaPhaseRunning });
		expect(d.allowed ? 'allowed' : d.reason).toBe(expected);
	});

	it('never lets anyone but the owner do anything, in any status', () => {
		for (const status of PROPOSAL_STATUSES)
			for (const action of ['view', 'edit', 'submit', 'withdraw'] as const)
				expect(ownIdeaDecision(action, { isOwner: false, status, ideaPhaseRunning: true })).toEqual({ allowed: false, reason: 'not_found' });
	});
});

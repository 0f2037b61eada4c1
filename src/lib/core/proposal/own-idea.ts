/**
 * What a proposer may do with their own idea (issue 4: "Drafts; edit until the idea phase ends; withdraw").
 * Pure and tested as a table (ARCHITECTURE house rule 5). Someone who is not the owner learns nothing:
 * the answer is `not_found`, so a guessed address does not reveal that a draft exists (public-sector.md S-04).
 */
import { EDITABLE_STATUSES, type ProposalStatus } from '../process/proposal-status.ts';

export type OwnIdeaAction = 'view' | 'edit' | 'submit' | 'withdraw';
export type OwnIdeaDenial = 'not_found' | 'not_editable' | 'phase_closed';
export type OwnIdeaDecision = { allowed: true } | { allowed: false; reason: OwnIdeaDenial };

/**
 * Withdrawing stays possible while the district office has not decided yet (also after the idea phase):
 * a proposer who lost interest should not be kept on the list. After a decision (approved, granted …)
 * the way out is a conversation with the office, not a button.
 */
export const WITHDRAWABLE_STATUSES: readonly ProposalStatus[] = [...EDITABLE_STATUSES, 'under_review', 'eligible', 'ineligible'];

export function ownIdeaDecision(
	action: OwnIdeaAction,
	s: { isOwner: boolean; status: ProposalStatus; ideaPhaseRunning: boolean }
): OwnIdeaDecision {
	if (!s.isOwner) return { allowed: false, reason: 'not_found' };
	switch (action) {
		case 'view':
			return { allowed: true };
		case 'edit':
			if (!EDITABLE_STATUSES.includes(s.status)) return { allowed: false, reason: 'not_editable' };
			return s.ideaPhaseRunning ? { allowed: true } : { allowed: false, reason: 'phase_closed' };
		case 'submit':
			if (s.status !== 'draft') return { allowed: false, reason: 'not_editable' };
			return s.ideaPhaseRunning ? { allowed: true } : { allowed: false, reason: 'phase_closed' };
		case 'withdraw':
			return WITHDRAWABLE_STATUSES.includes(s.status) ? { allowed: true } : { allowed: false, reason: 'not_editable' };
		default:
			return assertNever(action);
	}
}

function assertNever(x: never): never {
	throw new Error(`unexpected ${String(x)}`);
}

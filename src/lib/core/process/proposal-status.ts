/**
 * The statuses of an idea and who may move it where (PRODUCT.md lifecycle steps 2–6). Labels live in
 * messages (`status_<key>`); the mapping to mein.berlin's four public statuses keeps exports comparable
 * (issue 4: "statuses compatible with mein.berlin").
 */
export const PROPOSAL_STATUSES = [
	'draft',
	'unconfirmed',
	'submitted',
	'under_review',
	'needs_clarification',
	'eligible',
	'ineligible',
	'presented',
	'approved',
	'rejected',
	'applied',
	'granted',
	'in_implementation',
	'settled',
	'closed',
	'withdrawn',
	'merged'
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const isProposalStatus = (s: string): s is ProposalStatus => (PROPOSAL_STATUSES as readonly string[]).includes(s);

/** Not shown to the public: drafts, submissions whose mail link was not yet confirmed, merged duplicates. */
export const HIDDEN_STATUSES: readonly ProposalStatus[] = ['draft', 'unconfirmed', 'merged'];
export const isPublicStatus = (s: string) => !(HIDDEN_STATUSES as readonly string[]).includes(s);

/** Statuses in which the proposer may still edit or withdraw (until the idea phase ends). */
export const EDITABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'unconfirmed', 'submitted', 'needs_clarification'];

/** Outcomes of the pre-check and the status each leads to. */
export const CHECK_OUTCOMES = ['eligible', 'not_eligible', 'needs_clarification'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
export const statusForOutcome = (o: CheckOutcome): ProposalStatus =>
	o === 'eligible' ? 'eligible' : o === 'not_eligible' ? 'ineligible' : 'needs_clarification';

/** mein.berlin's idea statuses: under consideration, qualified, rejected, accepted. */
export type MeinBerlinStatus = 'under_consideration' | 'qualified' | 'rejected' | 'accepted' | null;
export function meinBerlinStatus(s: ProposalStatus): MeinBerlinStatus {
	switch (s) {
		case 'submitted':
		case 'under_review':
		case 'needs_clarification':
			return 'under_consideration';
		case 'eligible':
		case 'presented':
			return 'qualified';
		case 'ineligible':
		case 'rejected':
		case 'withdrawn':
			return 'rejected';
		case 'approved':
		case 'applied':
		case 'granted':
		case 'in_implementation':
		case 'settled':
		case 'closed':
			return 'accepted';
		default:
			return null;
	}
}

/** Staff may set these by hand during review (the pre-check sets eligible / ineligible / needs_clarification). */
const REVIEW_FROM: readonly ProposalStatus[] = ['submitted', 'under_review', 'needs_clarification', 'eligible', 'ineligible'];
export function staffMayMove(from: ProposalStatus, to: ProposalStatus): boolean {
	if (from === to) return false;
	if (REVIEW_FROM.includes(from) && ['under_review', 'needs_clarification', 'eligible', 'ineligible'].includes(to)) return true;
	return false;
}

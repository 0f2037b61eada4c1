/**
 * Typed domain events (ARCHITECTURE house rule 7). Each state change writes one in the same transaction;
 * the event table is the audit log. The payload never holds secrets (tokens, passwords, bank details).
 */
export type Subject = { type: 'district' | 'region' | 'programme' | 'round' | 'proposal' | 'user' | 'organisation' | 'comment'; id: string };

type Base<T extends string, P> = { type: T; actorId: string | null; subject: Subject; districtId: string | null; payload: P };

export type DomainEvent =
	| Base<'district.seeded', { regions: number }>
	| Base<'programme.created', { template: string; name: string }>
	| Base<'round.created', { year: number; budgetCents: number; regionId: string | null }>
	| Base<'proposal.submitted', { channel: string; requestedCents: number; assisted: boolean }>
	| Base<'proposal.status_changed', { from: string | null; to: string; note: string | null }>
	| Base<'role.granted', { role: string; scopeKind: string; scopeId: string }>
	| Base<'user.created', { by: 'seed' | 'sign_up' | 'admin' }>
	// Engagement and moderation (issue 4). Comment texts and report reasons stay in their tables; the audit
	// log records who did what, when, and the public reason of a moderation decision.
	| Base<'proposal.supported', Record<string, never>>
	| Base<'proposal.support_withdrawn', Record<string, never>>
	| Base<'comment.posted', { proposalId: string; parentId: string | null }>
	| Base<'comment.edited', { proposalId: string }>
	| Base<'comment.reported', { proposalId: string; reportId: string }>
	| Base<'comment.hidden', { proposalId: string; reason: string; reportsResolved: number }>
	| Base<'comment.restored', { proposalId: string; previousReason: string | null }>
	| Base<'comment.kept', { proposalId: string; reportsResolved: number }>;

export type EventType = DomainEvent['type'];

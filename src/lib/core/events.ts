/**
 * Typed domain events (ARCHITECTURE house rule 7). Each state change writes one in the same transaction;
 * the event table is the audit log. The payload never holds secrets (tokens, passwords, bank details).
 */
export type Subject = { type: 'district' | 'region' | 'programme' | 'round' | 'proposal' | 'user' | 'organisation'; id: string };

type Base<T extends string, P> = { type: T; actorId: string | null; subject: Subject; districtId: string | null; payload: P };

export type DomainEvent =
	| Base<'district.seeded', { regions: number }>
	| Base<'programme.created', { template: string; name: string }>
	| Base<'round.created', { year: number; budgetCents: number; regionId: string | null }>
	| Base<'proposal.submitted', { channel: string; requestedCents: number; assisted: boolean }>
	| Base<'proposal.status_changed', { from: string | null; to: string; note: string | null }>
	| Base<'proposal.drafted', { channel: string; status: 'draft' | 'unconfirmed'; organisationId: string | null }>
	| Base<'proposal.edited', { fields: string[]; imagesAdded: number; imagesRemoved: number }>
	| Base<'role.granted', { role: string; scopeKind: string; scopeId: string }>
	| Base<'user.created', { by: 'seed' | 'sign_up' | 'admin' }>;

export type EventType = DomainEvent['type'];

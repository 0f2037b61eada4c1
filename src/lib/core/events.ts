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
	| Base<'role.granted', { role: string; scopeKind: string; scopeId: string }>
	| Base<'user.created', { by: 'seed' | 'sign_up' | 'admin' }>
	// Online voting (issue 5; public-sector.md E-08 lists what the audit log must hold).
	| Base<'vote.opened', { configHash: string }>
	| Base<'vote.codes_created', { batchId: string; label: string; size: number }>
	| Base<'vote.codes_deactivated', { batchId: string }>
	| Base<'vote.closed', { voters: number; ballotFileSha256: string; inputHash: string; winners: string[] }>
	// Kiezkassenversammlung (issue 5; public-sector.md §5.1: the assembly result recorded and published).
	| Base<'assembly.opened', { assemblyId: string; sitting: number; agenda: number }>
	| Base<'assembly.started', { assemblyId: string; method: unknown; budgetCents: number }>
	| Base<'assembly.closed', { assemblyId: string; funded: string[]; spentCents: number; remainingCents: number; minutesSha256: string }>;

export type EventType = DomainEvent['type'];

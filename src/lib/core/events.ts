/**
 * Typed domain events (ARCHITECTURE house rule 7). Each state change writes one in the same transaction;
 * the event table is the audit log. The payload never holds secrets (tokens, passwords, bank details).
 */
export type Subject = { type: 'district' | 'region' | 'programme' | 'round' | 'proposal' | 'user' | 'organisation' | 'comment' | 'calendar_entry' | 'document' | 'knowledge_page'; id: string };

type Base<T extends string, P> = { type: T; actorId: string | null; subject: Subject; districtId: string | null; payload: P };

export type DomainEvent =
	| Base<'district.seeded', { regions: number }>
	| Base<'programme.created', { template: string; name: string }>
	| Base<'round.created', { year: number; budgetCents: number; regionId: string | null }>
	| Base<'proposal.submitted', { channel: string; requestedCents: number; assisted: boolean }>
	| Base<'proposal.status_changed', { from: string | null; to: string; note: string | null }>
	| Base<'proposal.checked', { checkId: string; outcome: string; notMet: string[] }>
	| Base<'proposal.merged', { into: string; supportsMoved: number; supportsDropped: number; commentsMoved: number }>
	| Base<'proposals.imported', { created: number; duplicates: number; channel: string; source: string }>
	| Base<'digest.sent', { day: string; ideas: number; recipients: number }>
	| Base<'proposal.drafted', { channel: string; status: 'draft' | 'unconfirmed'; organisationId: string | null }>
	| Base<'proposal.edited', { fields: string[]; imagesAdded: number; imagesRemoved: number }>
	| Base<'proposal.expired', { reason: 'unconfirmed' }>
	| Base<'role.granted', { role: string; scopeKind: string; scopeId: string }>
	| Base<'user.created', { by: 'seed' | 'sign_up' | 'admin' }>
	// Online voting (issue 5; public-sector.md E-08 lists what the audit log must hold).
	| Base<'vote.opened', { configHash: string }>
	| Base<'vote.codes_created', { batchId: string; label: string; size: number }>
	| Base<'vote.codes_deactivated', { batchId: string }>
	| Base<'vote.closed', { voters: number; ballotFileSha256: string; inputHash: string; winners: string[] }>
	// Kiosk and paper channels (issue 5, E-08/E-09): who unlocked or entered, never what a voter chose.
	| Base<'vote.kiosk_set_up', { deviceId: string; label: string }>
	| Base<'vote.kiosk_unlocked', { deviceId: string; check: string }>
	| Base<'vote.kiosk_relocked', { deviceId: string }>
	| Base<'vote.paper_entered', { serial: string; entry: 'first' | 'second'; outcome: string }>
	| Base<'vote.paper_issued', { check: 'register' }>
	| Base<'vote.paper_decided', { serial: string; outcome: 'counted' | 'invalid' }>
	| Base<'vote.register_uploaded', { rows: number; added: number }>
	| Base<'vote.age_question_set', { asked: boolean }>
	// Programmes and rounds (issue 4): each change says what it was before and after.
	| Base<'programme.rules_changed', { changes: { field: string; before: unknown; after: unknown }[] }>
	| Base<'programme.rounds_created', { year: number; allocation: Record<string, unknown>; created: number; skipped: number; totalCents: number }>
	| Base<'round.budget_adjusted', { before: number; after: number; note: string }>
	| Base<'round.phases_changed', { changes: { key: string; startsAt?: [string, string]; endsAt?: [string | null, string | null] }[] }>
	| Base<'round.phase_started', { key: string; ended: string[] }>
	// Engagement and moderation (issue 4). Comment texts and report reasons stay in their tables; the audit
	// log records who did what, when, and the public reason of a moderation decision.
	| Base<'proposal.supported', Record<string, never>>
	| Base<'proposal.support_withdrawn', Record<string, never>>
	| Base<'comment.posted', { proposalId: string; parentId: string | null }>
	| Base<'comment.edited', { proposalId: string }>
	| Base<'comment.reported', { proposalId: string; reportId: string }>
	| Base<'comment.hidden', { proposalId: string; reason: string; reportsResolved: number }>
	| Base<'comment.restored', { proposalId: string; previousReason: string | null }>
	| Base<'comment.kept', { proposalId: string; reportsResolved: number }>
	// Kiezkassenversammlung (issue 5; public-sector.md §5.1: the assembly result recorded and published).
	| Base<'assembly.opened', { assemblyId: string; sitting: number; agenda: number }>
	| Base<'assembly.started', { assemblyId: string; method: unknown; budgetCents: number }>
	| Base<'assembly.closed', { assemblyId: string; funded: string[]; spentCents: number; remainingCents: number; minutesSha256: string }>
	// Grants (issue 6). Bank details never enter the payload; reading them is itself recorded.
	| Base<'grant.applied', { applicationId: string; approvedCents: number; onBehalf: boolean }>
	| Base<'grant.issued', { grantId: string; reference: string; amountCents: number; paymentMode: string; noticeSha256: string; templateVersion?: number | null }>
	| Base<'grant.payment_recorded', { grantId: string; paymentId: string; amountCents: number; paidOn: string; paidCents: number }>
	| Base<'grant.bank_details_read', { applicationId: string }>
	| Base<'grant.payments_exported', { roundId: string; format: 'csv' | 'xlsx'; rows: number }>
	| Base<'grant.template_saved', { version: number; templateVersionId: string }>
	| Base<'grant.district_payments_exported', { format: 'csv' | 'xlsx'; from: string | null; to: string | null; programmeId: string | null; rows: number }>
	| Base<'grant.keys_rotated', { keyId: string; rotated: number; alreadyCurrent: number }>
	// Implementation and settlement (issue 6). Subject is the proposal; amounts in cents, never bank data.
	| Base<'settlement.opened', { settlementId: string; grantedCents: number; paidCents: number; deadline: string }>
	| Base<'settlement.receipt_added', { settlementId: string; fileId: string; kind: string; amountCents: number | null; category: string | null; excluded: boolean; replaces: string | null }>
	| Base<'settlement.receipt_checked', { settlementId: string; fileId: string; status: 'accepted' | 'rejected'; reason: string | null }>
	| Base<'settlement.paid_recorded', { settlementId: string; before: number; after: number }>
	| Base<'settlement.submitted', { settlementId: string; claimedCents: number }>
	| Base<'settlement.message_sent', { settlementId: string; fromStaff: boolean }>
	| Base<'settlement.closed', { settlementId: string; paidCents: number; provenCents: number; refundCents: number }>
	| Base<'settlement.reminder_sent', { settlementId: string; kind: string }>
	| Base<'settlement.retention_applied', { settlementId: string; contactErased: boolean; receiptFilesErased: number }>
	| Base<'progress.posted', { updateId: string; photos: number }>
	| Base<'progress.moderated', { updateId: string; status: 'published' | 'rejected'; reason: string | null }>
	// The public record (issue 8).
	| Base<'record.entry_saved', { kind: string; created: boolean }>
	| Base<'record.document_saved', { version: number; sha256: string; visibility: string }>
	| Base<'record.knowledge_saved', { lang: string }>
	| Base<'record.entry_cancelled', { reason: string; sequence: number }>
	| Base<'record.entry_deleted', { kind: string; title: string }>
	| Base<'assembly.dot_codes_created', { assemblyId: string; count: number }>
	// Organisations (issue 8). The contact form's message stays out of the log; only that one was sent.
	| Base<'organisation.created', { slug: string; regionId: string | null }>
	| Base<'organisation.join_requested', { userId: string }>
	| Base<'organisation.member_accepted', { userId: string }>
	| Base<'organisation.member_declined', { userId: string }>
	| Base<'organisation.verified', { note: string }>
	| Base<'organisation.unverified', { note: string }>
	| Base<'organisation.contacted', Record<string, never>>
	// The fields' names only: the description is the organisation's own text, the contact address never public.
	| Base<'organisation.updated', { fields: string[] }>
	| Base<'organisation.member_left', { userId: string; wasRequest: boolean }>
	| Base<'organisation.member_removed', { userId: string; wasRequest: boolean }>
	| Base<'organisation.role_changed', { userId: string; role: 'admin' | 'member'; wasRequest: boolean }>;

export type EventType = DomainEvent['type'];

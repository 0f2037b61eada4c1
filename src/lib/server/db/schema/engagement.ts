// Support and discussion of ideas, the moderation of comments, files attached to ideas and the district
// office's pre-check (issue 4; PRODUCT.md lifecycle steps 2–3).
import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { proposal } from './proposal.ts';

/** Raw bytes; stored in the database so one backup holds everything (docs/operations.md). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** One support per person and idea: the primary key makes a second (or concurrent) support a no-op. */
export const proposalSupport = pgTable(
	'proposal_support',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.proposalId, t.userId] }), index('proposal_support_user_idx').on(t.userId)]
);

/** Comments with one level of replies (parentId points to a top-level comment). */
export const comment = pgTable(
	'comment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id').references((): AnyPgColumn => comment.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		editedAt: timestamp('edited_at', { withTimezone: true }),
		hiddenAt: timestamp('hidden_at', { withTimezone: true }),
		hiddenBy: text('hidden_by').references(() => user.id, { onDelete: 'set null' }),
		/** Public reason shown in place of a hidden comment. */
		hiddenReason: text('hidden_reason')
	},
	(t) => [index('comment_proposal_idx').on(t.proposalId, t.createdAt)]
);

export const commentReport = pgTable(
	'comment_report',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		commentId: uuid('comment_id')
			.notNull()
			.references(() => comment.id, { onDelete: 'cascade' }),
		reporterId: text('reporter_id').references(() => user.id, { onDelete: 'set null' }),
		reason: text('reason').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** hidden | kept — set when a moderator decided. */
		resolution: text('resolution'),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		resolvedBy: text('resolved_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('comment_report_once_key').on(t.commentId, t.reporterId), index('comment_report_open_idx').on(t.resolvedAt)]
);

/**
 * Images of an idea (public) and scans of paper forms (staff only). Images are re-encoded and stripped of
 * metadata before they are stored; the type is sniffed from the bytes, never taken from the name.
 */
export const proposalFile = pgTable(
	'proposal_file',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		/** image | scan */
		kind: text('kind').notNull(),
		position: integer('position').notNull(),
		mime: text('mime').notNull(),
		width: integer('width'),
		height: integer('height'),
		sizeBytes: integer('size_bytes').notNull(),
		sha256: text('sha256').notNull(),
		alt: text('alt'),
		bytes: bytea('bytes').notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('proposal_file_proposal_idx').on(t.proposalId, t.kind, t.position)]
);

export type CheckVerdict = 'met' | 'not_met' | 'not_applicable' | 'unclear';

/** The district office's pre-check against the programme's checklist; the latest row per idea counts. */
export const proposalCheck = pgTable(
	'proposal_check',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		checkedBy: text('checked_by').references(() => user.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** Checklist key → verdict and reason. */
		criteria: jsonb('criteria').$type<Record<string, { verdict: CheckVerdict; reason: string }>>().notNull(),
		/** eligible | not_eligible | needs_clarification */
		outcome: text('outcome').notNull(),
		publicFeedback: text('public_feedback'),
		/** Sent to the proposer (needs_clarification); not public. */
		messageToProposer: text('message_to_proposer')
	},
	(t) => [index('proposal_check_proposal_idx').on(t.proposalId, t.at)]
);

/** One-time links sent by mail (e.g. confirming an idea handed in without an account). Only the hash is stored. */
export const emailToken = pgTable(
	'email_token',
	{
		tokenHash: text('token_hash').primaryKey(),
		purpose: text('purpose').notNull(),
		email: text('email').notNull(),
		proposalId: uuid('proposal_id').references(() => proposal.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('email_token_email_idx').on(t.email, t.createdAt)]
);

/** Addresses that asked for no more mails (the one-link unsubscribe); stored lower-cased. */
export const mailOptOut = pgTable('mail_opt_out', {
	email: text('email').primaryKey(),
	at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
});

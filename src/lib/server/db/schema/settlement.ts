// Implementation and settlement of a funded project (issue 6; PRODUCT.md steps 6–8): progress updates with
// photos (public after moderation), the settlement (Verwendungsnachweis) with receipts checked one by one,
// the message thread between applicant and case worker, and the reminders already sent.
import { bigint, boolean, customType, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { proposal } from './proposal.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** One settlement per funded proposal: the unique key makes a second (or concurrent) opening a no-op. */
export const settlement = pgTable(
	'settlement',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		grantedCents: bigint('granted_cents', { mode: 'number' }).notNull(),
		paidCents: bigint('paid_cents', { mode: 'number' }).notNull().default(0),
		/** Settlement deadline (from the grant notice), a calendar day in Berlin. */
		deadline: date('deadline', { mode: 'string' }).notNull(),
		/** Factual report (Sachbericht). */
		report: text('report'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		/** Numbers frozen at closing, so the public accounts do not change when receipts are later erased. */
		acceptedCents: bigint('accepted_cents', { mode: 'number' }),
		refundCents: bigint('refund_cents', { mode: 'number' }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		closedBy: text('closed_by').references(() => user.id, { onDelete: 'set null' }),
		openedBy: text('opened_by').references(() => user.id, { onDelete: 'set null' }),
		/** Retention (core/ledger/settlement.ts): when contact data and receipt files were erased. */
		contactErasedAt: timestamp('contact_erased_at', { withTimezone: true }),
		receiptsErasedAt: timestamp('receipts_erased_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('settlement_proposal_key').on(t.proposalId), index('settlement_deadline_idx').on(t.closedAt, t.deadline)]
);

/**
 * Receipts and report photos. The type is sniffed from the bytes; the name is stored sanitised. A rejected
 * receipt stays (with its reason) and the new upload points to it with `replacesId`.
 */
export const settlementFile = pgTable(
	'settlement_file',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		settlementId: uuid('settlement_id')
			.notNull()
			.references(() => settlement.id, { onDelete: 'cascade' }),
		/** receipt | photo */
		kind: text('kind').notNull(),
		receiptDate: date('receipt_date', { mode: 'string' }),
		amountCents: bigint('amount_cents', { mode: 'number' }),
		category: text('category'),
		description: text('description'),
		fileName: text('file_name').notNull(),
		mime: text('mime').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		sha256: text('sha256').notNull(),
		/** Null once the retention period is over. */
		bytes: bytea('bytes'),
		/** pending | accepted | rejected (photos are accepted) */
		status: text('status').notNull(),
		reason: text('reason'),
		replacesId: uuid('replaces_id').references((): AnyPgColumn => settlementFile.id, { onDelete: 'set null' }),
		checkedBy: text('checked_by').references(() => user.id, { onDelete: 'set null' }),
		checkedAt: timestamp('checked_at', { withTimezone: true }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('settlement_file_settlement_idx').on(t.settlementId, t.kind, t.createdAt), uniqueIndex('settlement_file_replaces_key').on(t.replacesId)]
);

export const settlementMessage = pgTable(
	'settlement_message',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		settlementId: uuid('settlement_id')
			.notNull()
			.references(() => settlement.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		fromStaff: boolean('from_staff').notNull(),
		body: text('body').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('settlement_message_settlement_idx').on(t.settlementId, t.createdAt)]
);

/** Each reminder once per settlement (the primary key makes the CLI idempotent, even run twice at once). */
export const settlementReminder = pgTable(
	'settlement_reminder',
	{
		settlementId: uuid('settlement_id')
			.notNull()
			.references(() => settlement.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.settlementId, t.kind] })]
);

/** Progress updates of a project in implementation; public after a moderator or case worker published them. */
export const progressUpdate = pgTable(
	'progress_update',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		/** pending | published | rejected */
		status: text('status').notNull(),
		reason: text('reason'),
		moderatedBy: text('moderated_by').references(() => user.id, { onDelete: 'set null' }),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('progress_update_proposal_idx').on(t.proposalId, t.status, t.createdAt)]
);

/** Photos of a progress update, re-encoded (no EXIF) like the idea images. */
export const progressPhoto = pgTable(
	'progress_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		updateId: uuid('update_id')
			.notNull()
			.references(() => progressUpdate.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		mime: text('mime').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		sha256: text('sha256').notNull(),
		alt: text('alt').notNull(),
		bytes: bytea('bytes').notNull()
	},
	(t) => [index('progress_photo_update_idx').on(t.updateId, t.position)]
);

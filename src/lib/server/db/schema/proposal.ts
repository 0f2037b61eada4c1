// Proposals (ideas) with the channel they came through, cost items and the status history
// (PRODUCT.md lifecycle steps 2–3; statuses compatible with mein.berlin).
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { organisation } from './organisation.ts';
import { round } from './process.ts';

export const proposal = pgTable(
	'proposal',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id),
		title: text('title').notNull(),
		description: text('description').notNull(),
		benefit: text('benefit'),
		/** online | paper | email | phone | assembly | mobile_office */
		channel: text('channel').notNull(),
		status: text('status').notNull(),
		/** Null when an imported or paper idea names no amount yet. */
		requestedCents: bigint('requested_cents', { mode: 'number' }),
		/** Optional point inside the region (GeoJSON Point) or a place description. */
		location: jsonb('location').$type<{ type: 'Point'; coordinates: [number, number] } | null>(),
		placeDescription: text('place_description'),
		applicantUserId: text('applicant_user_id').references(() => user.id, { onDelete: 'set null' }),
		organisationId: uuid('organisation_id').references(() => organisation.id),
		/** The staff member who entered it on a resident's behalf (assisted channel). */
		assistedBy: text('assisted_by').references(() => user.id, { onDelete: 'set null' }),
		/** Where the demo or an import took it from (e.g. a press release URL). */
		sourceUrl: text('source_url'),
		/**
		 * Address of a proposer without an account (issue 4: submission confirmed by a one-time link). Personal
		 * data: shown to staff only, used for status mails, erased with the proposal's personal data.
		 */
		contactEmail: text('contact_email'),
		/** When the proposer confirmed by the mail link; null while an anonymous submission waits (not public). */
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		/** When the proposer handed it in; null while it is a draft. */
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		/** Set when staff merged this duplicate into another idea; its address then redirects there. */
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => proposal.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('proposal_round_idx').on(t.roundId),
		// German full-text search over title and description (PGlite and PostgreSQL 15 both have 'german').
		index('proposal_fts_idx').using('gin', sql`to_tsvector('german', ${t.title} || ' ' || ${t.description})`)
	]
);

export const costItem = pgTable(
	'cost_item',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		category: text('category').notNull(),
		description: text('description').notNull(),
		amountCents: bigint('amount_cents', { mode: 'number' }).notNull()
	},
	(t) => [index('cost_item_proposal_idx').on(t.proposalId)]
);

export const proposalStatus = pgTable(
	'proposal_status',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		status: text('status').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull(),
		actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
		/** Public feedback text shown with the status. */
		note: text('note')
	},
	(t) => [index('proposal_status_proposal_idx').on(t.proposalId, t.at)]
);

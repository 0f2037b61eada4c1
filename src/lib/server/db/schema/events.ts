// Every state change writes a typed event in the same transaction (ARCHITECTURE house rule 7); the table is
// the audit log. Side effects (mail) go to the outbox in the same transaction and run after commit.
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const event = pgTable(
	'event',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		type: text('type').notNull(),
		/** User id, or null for the system (seed, scheduled jobs). */
		actorId: text('actor_id'),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		/** District the event belongs to, so each district's staff see only their audit log. */
		districtId: text('district_id'),
		payload: jsonb('payload').notNull().default({}),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('event_subject_idx').on(t.subjectType, t.subjectId),
		index('event_district_at_idx').on(t.districtId, t.at),
		// The follow notifier asks for a few event types within a time window several times a minute
		// (src/lib/server/db/repositories/follow.ts hits): without this it read the whole log each time.
		index('event_type_at_idx').on(t.type, t.at)
	]
);

export const outbox = pgTable(
	'outbox',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		kind: text('kind').notNull(),
		payload: jsonb('payload').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
		/** Set while a worker holds the item, so a crashed worker's items become due again. */
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error')
	},
	(t) => [index('outbox_pending_idx').on(t.sentAt, t.dueAt)]
);

// Kiezkassenversammlung (issue 5; PRODUCT.md lifecycle step 4; domain.md §1.4–1.5 and the `Assembly` entity).
// Attendance is stored as counters and anonymous answer cards, never as a list of names. Vote counts per
// proposal are stored as absolute numbers (set, not added), so a repeated or concurrent entry cannot double
// count. `version` grows with every change; the projector's event stream polls it, so every app server on one
// PostgreSQL shows the same state (ARCHITECTURE "Scale-out").
import { bigint, boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { MethodConfig } from '../../../core/assembly/assembly.ts';
import { user } from './auth.ts';
import { round } from './process.ts';
import { proposal } from './proposal.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const assembly = pgTable(
	'assembly',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		/** 1 for the first assembly of a round, 2 for the one that distributes the rest, … */
		sitting: integer('sitting').notNull(),
		heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
		place: text('place').notNull(),
		/** Chosen before the start, locked from the start on (E-04). */
		method: jsonb('method').$type<MethodConfig>().notNull(),
		/** preparing → running → closed */
		state: text('state').notNull(),
		/** The money this sitting distributes, fixed at the start (the round's budget less earlier sittings). */
		budgetCents: bigint('budget_cents', { mode: 'number' }),
		residents: integer('residents').notNull().default(0),
		others: integer('others').notNull().default(0),
		version: integer('version').notNull().default(0),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		closedBy: text('closed_by').references(() => user.id, { onDelete: 'set null' }),
		/** The tally engine's result at the close (rule, input hash, log). */
		result: jsonb('result').$type<Record<string, unknown>>(),
		/** The minutes (Protokoll) as published, and their SHA-256. */
		minutesPdf: bytea('minutes_pdf'),
		minutesSha256: text('minutes_sha256')
	},
	(t) => [uniqueIndex('assembly_round_sitting_key').on(t.roundId, t.sitting)]
);

/** One proposal on the agenda with what the assembly recorded for it. */
export const assemblyItem = pgTable(
	'assembly_item',
	{
		assemblyId: uuid('assembly_id')
			.notNull()
			.references(() => assembly.id, { onDelete: 'cascade' }),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		recorded: boolean('recorded').notNull().default(false),
		yes: integer('yes'),
		no: integer('no'),
		abstain: integer('abstain'),
		points: integer('points'),
		agreed: boolean('agreed'),
		approvedCents: bigint('approved_cents', { mode: 'number' }),
		recordedAt: timestamp('recorded_at', { withTimezone: true }),
		recordedBy: text('recorded_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('assembly_item_key').on(t.assemblyId, t.proposalId), index('assembly_item_position_idx').on(t.assemblyId, t.position)]
);

/** Optional anonymous answers from one attendee card (core/evaluation/demographics.ts): no name, no time, no link. */
export const assemblyCard = pgTable(
	'assembly_card',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assemblyId: uuid('assembly_id')
			.notNull()
			.references(() => assembly.id, { onDelete: 'cascade' }),
		answers: jsonb('answers').$type<Record<string, string>>().notNull()
	},
	(t) => [index('assembly_card_assembly_idx').on(t.assemblyId)]
);

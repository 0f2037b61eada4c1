// Programmes (template + rules as typed data) and rounds (programme × region × year) with their phases.
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import { district, region } from './geo.ts';

export const programme = pgTable(
	'programme',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		slug: text('slug').notNull(),
		template: text('template').notNull(),
		name: text('name').notNull(),
		rules: jsonb('rules').$type<ProgrammeRules>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('programme_district_slug_key').on(t.districtId, t.slug)]
);

export const round = pgTable(
	'round',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		programmeId: uuid('programme_id')
			.notNull()
			.references(() => programme.id),
		regionId: text('region_id').references(() => region.id),
		year: integer('year').notNull(),
		slug: text('slug').notNull().unique(),
		budgetCents: bigint('budget_cents', { mode: 'number' }).notNull(),
		/** Why the budget differs from the allocation rule, if it was adjusted by hand. */
		budgetNote: text('budget_note'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('round_programme_region_year_key').on(t.programmeId, t.regionId, t.year), index('round_year_idx').on(t.year)]
);

export const roundPhase = pgTable(
	'round_phase',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		position: integer('position').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.roundId, t.key] })]
);

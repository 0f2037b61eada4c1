// Optional, anonymous answers about who took part (issue 7). Stored without identity: no user, session,
// address, ballot or exact time — only the round, the channel and the day, so an answer cannot be linked to
// an idea, a comment or a ballot (issue 7 "never linkable to the ballot").
import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import type { DemographicAnswers } from '../../../core/evaluation/demographics.ts';
import { round } from './process.ts';

export const demographicResponse = pgTable(
	'demographic_response',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		/** online | paper | assembly | mobile_office | kiosk | phone */
		channel: text('channel').notNull(),
		answers: jsonb('answers').$type<DemographicAnswers>().notNull(),
		/** The day only (Berlin), enough for "over time" and too coarse to link. */
		day: date('day').notNull()
	},
	(t) => [index('demographic_response_round_idx').on(t.roundId)]
);

/**
 * Per round: staff opted in to the voluntary age-band question on the ballot (issue 7, re-weighted result).
 * A row means "asked"; it can be set or removed only before the vote opens (locked at opening like the other
 * rules of the vote).
 */
export const ballotAgeQuestion = pgTable('ballot_age_question', {
	roundId: uuid('round_id')
		.primaryKey()
		.references(() => round.id, { onDelete: 'cascade' }),
	enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull(),
	enabledBy: text('enabled_by').references(() => user.id, { onDelete: 'set null' })
});

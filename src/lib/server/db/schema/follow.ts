// Following and notifications (issue 8): a signed-in resident follows a round, an idea, a region (LOR area
// / Kiezkasse) or an organisation and gets mails about what happens there, at once or as a digest.
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';

export const follow = pgTable(
	'follow',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** round | proposal | region | organisation */
		targetType: text('target_type').notNull(),
		targetId: text('target_id').notNull(),
		/** immediate | daily | weekly */
		frequency: text('frequency').notNull().default('daily'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('follow_user_target_idx').on(t.userId, t.targetType, t.targetId), index('follow_target_idx').on(t.targetType, t.targetId)]
);

/**
 * What the notifier has sent: one row per person and key (`event:<id>` for an immediate mail, `daily:<day>`
 * or `weekly:<monday>` for a digest). The primary key makes "exactly once" hold across concurrent runs and
 * several app servers: only the run whose insert succeeds queues the mail, in the same transaction.
 */
export const notificationSent = pgTable(
	'notification_sent',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		events: text('events').notNull().default(''),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.key] })]
);

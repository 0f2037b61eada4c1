// Initiatives, associations and providers that propose and apply on behalf of a group (PRODUCT.md roles).
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';

export const organisation = pgTable('organisation', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	/** initiative | association | provider */
	kind: text('kind').notNull(),
	/** Set when staff have verified the organisation (profiles verified by staff, PRODUCT.md). */
	verifiedAt: timestamp('verified_at', { withTimezone: true }),
	verifiedBy: text('verified_by').references(() => user.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const organisationMember = pgTable(
	'organisation_member',
	{
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** admin | member */
		role: text('role').notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.userId] })]
);

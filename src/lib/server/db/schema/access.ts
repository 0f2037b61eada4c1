// Roles scoped to the platform, a district, a region or a round (core/access/policy.ts decides with them).
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';

export const roleAssignment = pgTable(
	'role_assignment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** resident | moderator | case_worker | district_admin | platform_admin */
		role: text('role').notNull(),
		/** platform | district | region | round */
		scopeKind: text('scope_kind').notNull(),
		/** The district, region or round id; '' for the platform. */
		scopeId: text('scope_id').notNull().default(''),
		grantedBy: text('granted_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('role_assignment_key').on(t.userId, t.role, t.scopeKind, t.scopeId), index('role_assignment_user_idx').on(t.userId)]
);

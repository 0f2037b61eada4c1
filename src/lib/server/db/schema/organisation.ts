// Initiatives, associations and providers that propose and apply on behalf of a group (PRODUCT.md roles;
// issue 8: profile pages, members with roles, verified by staff, contact through the platform only).
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { district, region } from './geo.ts';

export const organisation = pgTable(
	'organisation',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The profile's address: /initiativen/<slug>. */
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		/** initiative | association | provider */
		kind: text('kind').notNull(),
		/** What the organisation does, in its own words (plain text). */
		description: text('description').notNull().default(''),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		/** The Bezirksregion it works in; null = the whole district. */
		regionId: text('region_id').references(() => region.id),
		website: text('website'),
		/**
		 * Where messages from the contact form go besides the accepted admins' account addresses. Never shown
		 * publicly (issue 8: contact through the platform only).
		 */
		contactEmail: text('contact_email'),
		/** Set when staff have verified the organisation (profiles verified by staff, PRODUCT.md). */
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		verifiedBy: text('verified_by').references(() => user.id, { onDelete: 'set null' }),
		/** Staff's note on the last verification decision (why verified, or why the badge was taken away). */
		verificationNote: text('verification_note'),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('organisation_slug_key').on(t.slug), index('organisation_district_idx').on(t.districtId, t.regionId)]
);

/**
 * Members. The state is `acceptedAt`: null = requested (waiting for an org admin), set = accepted. A declined
 * request is deleted (the event log keeps that it happened). One row per person and organisation, so
 * concurrent join requests cannot create two.
 */
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
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		acceptedBy: text('accepted_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('organisation_member_user_idx').on(t.userId)]
);

// The public record (issue 8): calendar entries of their own (assemblies, info events, mobile-office stops),
// documents with versions and German full-text search, and the knowledge base in three language versions.
import { sql } from 'drizzle-orm';
import { customType, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { comment } from './engagement.ts';
import { proposal } from './proposal.ts';
import { district, region } from './geo.ts';
import { round } from './process.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A dated participation event that is not a phase of a round. Its status (planned, running, finished) is
 * derived from the times, never stored, so it cannot go stale.
 */
export const calendarEntry = pgTable(
	'calendar_entry',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		/** assembly | info_event | mobile_office */
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		/** Name of the place, e.g. "Stadtteilzentrum Adlershof". */
		placeName: text('place_name').notNull(),
		address: text('address').notNull(),
		/** Optional point (WGS 84). */
		lat: doublePrecision('lat'),
		lng: doublePrecision('lng'),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		roundId: uuid('round_id').references(() => round.id, { onDelete: 'set null' }),
		regionId: text('region_id').references(() => region.id),
		/** For mobile-office stops: the season of the schedule, e.g. "Herbst 2026". */
		season: text('season'),
		/** Set when staff cancel the entry; the entry stays visible with the reason (issue 8). */
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		cancelReason: text('cancel_reason'),
		/** iCal SEQUENCE (RFC 5545 §3.8.7.4): raised on every change calendar apps must pick up. */
		sequence: integer('sequence').notNull().default(0),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('calendar_entry_district_starts_idx').on(t.districtId, t.startsAt), index('calendar_entry_region_idx').on(t.regionId)]
);

/**
 * A document of the record. Its versions live in document_version; `searchText` is the current version's
 * extracted text, kept here so the German full-text index covers exactly what the public page shows.
 */
export const document = pgTable(
	'document',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		/** minutes | results | annual_accounts | guidelines | grant_conditions | press */
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		/** public | staff */
		visibility: text('visibility').notNull(),
		roundId: uuid('round_id').references(() => round.id, { onDelete: 'set null' }),
		regionId: text('region_id').references(() => region.id),
		calendarEntryId: uuid('calendar_entry_id').references(() => calendarEntry.id, { onDelete: 'set null' }),
		/** The date the document is about (e.g. the day of the assembly), not the upload time. */
		dated: date('dated', { mode: 'string' }).notNull(),
		currentVersion: integer('current_version').notNull().default(0),
		searchText: text('search_text').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('document_district_dated_idx').on(t.districtId, t.dated),
		// German full-text search over title and text (PGlite and PostgreSQL 15 both ship the 'german' config).
		index('document_fts_idx').using('gin', sql`to_tsvector('german', ${t.title} || ' ' || ${t.searchText})`)
	]
);

/** Every upload is a new version; old versions stay reachable (issue 8 "versioned"). */
export const documentVersion = pgTable(
	'document_version',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => document.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		fileName: text('file_name').notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		sha256: text('sha256').notNull(),
		bytes: bytea('bytes').notNull(),
		text: text('text').notNull().default(''),
		/** upload | generated */
		origin: text('origin').notNull(),
		note: text('note'),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.version] })]
);

/** A page of the knowledge base (how a Kiezkasse works, rules, FAQ). */
export const knowledgePage = pgTable(
	'knowledge_page',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		slug: text('slug').notNull(),
		position: integer('position').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('knowledge_page_district_slug_key').on(t.districtId, t.slug)]
);

/** One language version of a page: de, en or ls (Leichte Sprache), Markdown as typed by staff. */
export const knowledgeText = pgTable(
	'knowledge_text',
	{
		pageId: uuid('page_id')
			.notNull()
			.references(() => knowledgePage.id, { onDelete: 'cascade' }),
		lang: text('lang').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.pageId, t.lang] })]
);

/**
 * The channel of a comment taken down by staff on a resident's behalf (at a mobile-office stop). Comments
 * typed online have no row here; a side table keeps the engagement area's comment table untouched.
 */
export const commentChannel = pgTable('comment_channel', {
	commentId: uuid('comment_id')
		.primaryKey()
		.references(() => comment.id, { onDelete: 'cascade' }),
	/** mobile_office */
	channel: text('channel').notNull(),
	calendarEntryId: uuid('calendar_entry_id').references(() => calendarEntry.id, { onDelete: 'set null' }),
	enteredBy: text('entered_by').references(() => user.id, { onDelete: 'set null' })
});

/** Which mobile-office stop an idea was taken at (its channel is on the proposal: mobile_office). */
export const proposalStop = pgTable(
	'proposal_stop',
	{
		proposalId: uuid('proposal_id')
			.primaryKey()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		calendarEntryId: uuid('calendar_entry_id')
			.notNull()
			.references(() => calendarEntry.id, { onDelete: 'cascade' })
	},
	(t) => [index('proposal_stop_entry_idx').on(t.calendarEntryId)]
);

// District and regions (LOR 2021, Amt für Statistik Berlin-Brandenburg) with dated population snapshots,
// so budgets and the representativeness of participants refer to the population of a known date.
import { date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const district = pgTable('district', {
	/** Official key, e.g. "09" for Treptow-Köpenick. */
	id: text('id').primaryKey(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull()
});

export const region = pgTable(
	'region',
	{
		/** LOR 2021 Bezirksregion id (6 digits, e.g. "091001"). */
		id: text('id').primaryKey(),
		districtId: text('district_id')
			.notNull()
			.references(() => district.id),
		slug: text('slug').notNull(),
		/** Name in the LOR register. */
		lorName: text('lor_name').notNull(),
		/** Name the district uses, e.g. "Altstadt/Kietz". */
		name: text('name').notNull(),
		/** GeoJSON Polygon in WGS 84. */
		geometry: jsonb('geometry').$type<{ type: 'Polygon'; coordinates: number[][][] }>(),
		areaM2: integer('area_m2')
	},
	(t) => [index('region_district_idx').on(t.districtId)]
);

export const populationSnapshot = pgTable(
	'population_snapshot',
	{
		regionId: text('region_id')
			.notNull()
			.references(() => region.id),
		/** Reference date of the register count (Stichtag). */
		asOf: date('as_of').notNull(),
		residents: integer('residents').notNull(),
		/** Further counts by group (age bands, sex, citizenship, migration background) as published. */
		groups: jsonb('groups').$type<Record<string, number>>().notNull().default({}),
		source: text('source').notNull()
	},
	(t) => [primaryKey({ columns: [t.regionId, t.asOf] })]
);

/**
 * The optional, anonymous questions about who takes part (issue 7), with answer groups chosen so they can be
 * compared with the Berlin population register (Amt für Statistik Berlin-Brandenburg, A I 16; columns of
 * ../shared/data/berlin/population). Every question is optional and offers "prefer not to say".
 */
import { PREFER_NOT_TO_SAY } from './representation.ts';

export const DIMENSIONS = {
	/** The register's bands are 18–<27, 27–<45, 45–<55, 55–<65, 65+; under 18 are merged (few take part). */
	age: ['under_18', '18_26', '27_44', '45_54', '55_64', '65_plus'],
	/** The register counts female / not female; "diverse" and "not stated" are asked but not compared. */
	gender: ['female', 'male', 'diverse'],
	/** Register categories: Germans without / with migration background, foreigners. */
	migration: ['german_no_migration', 'german_with_migration', 'foreign'],
	first_language: ['german', 'other', 'german_and_other'],
	heard_via: ['neighbours', 'flyer_poster', 'social_media', 'website', 'newspaper', 'organisation', 'other']
} as const;

export type Dimension = keyof typeof DIMENSIONS;
export type DemographicAnswers = Partial<Record<Dimension, string>>;

/** Keeps only known answers (anything else, including empty, means "not answered"). */
export function cleanAnswers(raw: Record<string, unknown>): DemographicAnswers {
	const out: DemographicAnswers = {};
	for (const d of Object.keys(DIMENSIONS) as Dimension[]) {
		const v = raw[d];
		if (typeof v === 'string' && ((DIMENSIONS[d] as readonly string[]).includes(v) || v === PREFER_NOT_TO_SAY)) out[d] = v;
	}
	return out;
}

/** One row of the population CSV (column → count). */
export type PopulationRow = Record<string, number>;

/**
 * The population counts per group for the dimensions the register covers; null for dimensions it does not
 * (first language, how people heard of it), which are shown without a comparison.
 * Age: participants are 14 or older in practice, so the under-18 reference is the 15–<18 band only.
 */
export function populationFor(d: Dimension, r: PopulationRow): Record<string, number> | null {
	const n = (k: string) => r[k] ?? 0;
	switch (d) {
		case 'age':
			return {
				under_18: n('inhabitants_age_15_18'),
				'18_26': n('inhabitants_age_18_27'),
				'27_44': n('inhabitants_age_27_45'),
				'45_54': n('inhabitants_age_45_55'),
				'55_64': n('inhabitants_age_55_65'),
				'65_plus': n('inhabitants_age_above_65')
			};
		case 'gender':
			return { female: n('inhabitants_female'), male: n('inhabitants') - n('inhabitants_female') };
		case 'migration':
			return {
				german_no_migration: n('inhabitants_germans_without_migration_background'),
				german_with_migration: n('inhabitants_germans_with_migration_background'),
				foreign: n('inhabitants_foreigners')
			};
		default:
			return null;
	}
}

/**
 * `kiezbudget import population FILE --date YYYY-MM-DD` (issue 7): a newer register file, stored with its
 * date next to the older ones. The evaluation always compares with the newest snapshot of each region
 * (db/read/evaluation-read.ts), so older evaluations can still be recomputed from what was known then.
 */
import { parsePopulation, type PopulationProblem, type RegionPopulation } from '../../core/evaluation/population.ts';
import { parseCsv } from '../data/csv.ts';

export type PopulationStore = {
	/** Which of these LOR ids are regions of a district on this platform. */
	knownRegions(ids: string[]): Promise<string[]>;
	save(asOf: string, source: string, regions: RegionPopulation[]): Promise<void>;
};

export type PopulationImport =
	| { kind: 'invalid'; problems: PopulationProblem[] }
	| { kind: 'nothing_known'; rows: number }
	| { kind: 'ok'; imported: number; skipped: number; rows: number; residents: number; dryRun: boolean };

export async function importPopulation(store: PopulationStore, text: string, asOf: string, source: string, dryRun = false): Promise<PopulationImport> {
	const parsed = parsePopulation(parseCsv(text.replace(/^\ufeff/, '')), asOf);
	if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
	// A Berlin-wide file covers districts that are not on the platform; only regions we know are stored.
	const known = new Set(await store.knownRegions(parsed.regions.map((r) => r.regionId)));
	const regions = parsed.regions.filter((r) => known.has(r.regionId));
	if (regions.length === 0) return { kind: 'nothing_known', rows: parsed.rows };
	if (!dryRun) await store.save(asOf, source, regions);
	return {
		kind: 'ok',
		imported: regions.length,
		skipped: parsed.regions.length - regions.length,
		rows: parsed.rows,
		residents: regions.reduce((s, r) => s + r.residents, 0),
		dryRun
	};
}

/**
 * Reading a newer population register file (issue 7 "an import command for newer files, with their date").
 * The format is the one of ../shared/data/berlin/population (Amt für Statistik Berlin-Brandenburg, A I 16, as
 * prepared by Open Data Product): one row per Bezirksregion (6-digit LOR id) or per Planungsraum (8 digits,
 * with a `bezirksregion_id` column), counts in `inhabitants*` columns.
 *
 * The checks are the identities the publisher guarantees (data README §2): the age bands add up to
 * `inhabitants`, Germans + foreigners = `inhabitants`, Germans = with + without migration background. A file
 * that breaks them is most likely a wrong column or a shifted row, and comparing participants with it would
 * mislead, so it is refused as a whole.
 */

export const REQUIRED_COLUMNS = [
	'inhabitants',
	'inhabitants_female',
	'inhabitants_age_below_6',
	'inhabitants_age_6_15',
	'inhabitants_age_15_18',
	'inhabitants_age_18_27',
	'inhabitants_age_27_45',
	'inhabitants_age_45_55',
	'inhabitants_age_55_65',
	'inhabitants_age_above_65',
	'inhabitants_germans',
	'inhabitants_germans_without_migration_background',
	'inhabitants_germans_with_migration_background',
	'inhabitants_foreigners'
] as const;

const AGE = REQUIRED_COLUMNS.filter((c) => c.startsWith('inhabitants_age_'));

export type RegionPopulation = { regionId: string; residents: number; groups: Record<string, number> };
export type PopulationProblem = { line: number; problem: string };

export type PopulationParse =
	| { ok: true; regions: RegionPopulation[]; rows: number }
	| { ok: false; problems: PopulationProblem[] };

/**
 * Rows (header → text, as from a CSV reader) to counts per Bezirksregion. Planungsraum rows are summed into
 * their Bezirksregion. `asOf` is the register date given on the command line; a `stichtag` column that says
 * otherwise is an error (two dates for one file cannot both be right).
 */
export function parsePopulation(rows: Record<string, string>[], asOf: string): PopulationParse {
	const problems: PopulationProblem[] = [];
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return { ok: false, problems: [{ line: 0, problem: `the date ${asOf} is not YYYY-MM-DD` }] };
	if (rows.length === 0) return { ok: false, problems: [{ line: 1, problem: 'the file has no rows' }] };
	const head = Object.keys(rows[0]!);
	const missing = REQUIRED_COLUMNS.filter((c) => !head.includes(c));
	if (!head.includes('id')) missing.unshift('id' as never);
	if (missing.length) return { ok: false, problems: [{ line: 1, problem: `missing columns: ${missing.join(', ')}` }] };
	const byRegion = new Map<string, RegionPopulation>();
	rows.forEach((r, i) => {
		const line = i + 2; // header is line 1
		const id = (r.id ?? '').trim();
		const regionId = /^\d{6}$/.test(id) ? id : /^\d{8}$/.test(id) ? (r.bezirksregion_id?.trim() || id.slice(0, 6)) : null;
		if (!regionId || !/^\d{6}$/.test(regionId)) return void problems.push({ line, problem: `"${id}" is not a LOR id (6 or 8 digits)` });
		if (r.stichtag && r.stichtag.trim() !== asOf) return void problems.push({ line, problem: `stichtag ${r.stichtag} differs from --date ${asOf}` });
		const n: Record<string, number> = {};
		for (const [k, v] of Object.entries(r)) {
			if (!k.startsWith('inhabitants')) continue;
			const t = (v ?? '').trim();
			if (t === '') continue;
			if (!/^\d+$/.test(t)) return void problems.push({ line, problem: `${k} = "${t}" is not a whole number` });
			n[k] = Number(t);
		}
		for (const c of REQUIRED_COLUMNS) if (n[c] === undefined) return void problems.push({ line, problem: `${c} is empty` });
		const total = n.inhabitants!;
		const ages = AGE.reduce((s, c) => s + n[c]!, 0);
		if (ages !== total) return void problems.push({ line, problem: `age bands add up to ${ages}, not ${total}` });
		if (n.inhabitants_germans! + n.inhabitants_foreigners! !== total) return void problems.push({ line, problem: `Germans + foreigners ≠ ${total}` });
		if (n.inhabitants_germans_with_migration_background! + n.inhabitants_germans_without_migration_background! !== n.inhabitants_germans)
			return void problems.push({ line, problem: 'Germans with + without migration background ≠ Germans' });
		if (n.inhabitants_female! > total) return void problems.push({ line, problem: `more women than inhabitants` });
		const agg = byRegion.get(regionId) ?? { regionId, residents: 0, groups: {} };
		agg.residents += total;
		// Stored without the "inhabitants_" prefix, as the seed does (server/data/berlin.ts readPopulation).
		for (const [k, v] of Object.entries(n)) if (k !== 'inhabitants') agg.groups[k.slice('inhabitants_'.length)] = (agg.groups[k.slice('inhabitants_'.length)] ?? 0) + v;
		byRegion.set(regionId, agg);
	});
	if (problems.length) return { ok: false, problems };
	return { ok: true, regions: [...byRegion.values()].sort((a, b) => (a.regionId < b.regionId ? -1 : 1)), rows: rows.length };
}

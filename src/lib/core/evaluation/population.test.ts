import { describe, expect, it } from 'vitest';
import { parsePopulation, REQUIRED_COLUMNS } from './population.ts';

// A Bezirksregion row of 100 people: ages 10+10+5+15+30+10+10+10 = 100, Germans 80 (60 without, 20 with) + 20 foreigners.
const row = (id: string, extra: Record<string, string> = {}): Record<string, string> => ({
	id,
	stichtag: '2025-12-31',
	inhabitants: '100',
	inhabitants_female: '52',
	inhabitants_age_below_6: '10',
	inhabitants_age_6_15: '10',
	inhabitants_age_15_18: '5',
	inhabitants_age_18_27: '15',
	inhabitants_age_27_45: '30',
	inhabitants_age_45_55: '10',
	inhabitants_age_55_65: '10',
	inhabitants_age_above_65: '10',
	inhabitants_with_migration_background: '40',
	inhabitants_germans: '80',
	inhabitants_germans_without_migration_background: '60',
	inhabitants_germans_with_migration_background: '20',
	inhabitants_foreigners: '20',
	...extra
});

describe('parsePopulation', () => {
	it('reads Bezirksregion rows and keeps the groups without the prefix', () => {
		const r = parsePopulation([row('091001')], '2025-12-31');
		expect(r).toEqual({
			ok: true,
			rows: 1,
			regions: [
				{
					regionId: '091001',
					residents: 100,
					groups: expect.objectContaining({ female: 52, age_15_18: 5, germans_with_migration_background: 20, foreigners: 20, with_migration_background: 40 })
				}
			]
		});
	});

	it('adds Planungsraum rows up to their Bezirksregion', () => {
		const r = parsePopulation([row('09100101', { bezirksregion_id: '091001' }), row('09100102', { bezirksregion_id: '091001' }), row('09100201')], '2025-12-31');
		if (!r.ok) throw new Error(JSON.stringify(r.problems));
		expect(r.regions.map((x) => [x.regionId, x.residents, x.groups.female])).toEqual([
			['091001', 200, 104],
			['091002', 100, 52]
		]);
	});

	it('refuses a file whose identities do not hold, with the line', () => {
		const r = parsePopulation([row('091001'), row('091002', { inhabitants_age_27_45: '31' }), row('091003', { inhabitants_foreigners: '21' })], '2025-12-31');
		expect(r).toEqual({
			ok: false,
			problems: [
				{ line: 3, problem: 'age bands add up to 101, not 100' },
				{ line: 4, problem: 'Germans + foreigners ≠ 100' }
			]
		});
	});

	it('refuses missing columns, bad numbers, a different Stichtag and a bad date', () => {
		const { inhabitants_foreigners: _drop, ...short } = row('091001');
		const missing = parsePopulation([short], '2025-12-31');
		expect(missing.ok === false && missing.problems[0]!.problem).toBe('missing columns: inhabitants_foreigners');
		const bad = parsePopulation([row('091001', { inhabitants_female: '5,2' })], '2025-12-31');
		expect(bad.ok === false && bad.problems[0]!.problem).toContain('not a whole number');
		const date = parsePopulation([row('091001')], '2026-06-30');
		expect(date.ok === false && date.problems[0]!.problem).toBe('stichtag 2025-12-31 differs from --date 2026-06-30');
		expect(parsePopulation([row('091001')], '31.12.2025').ok).toBe(false);
		expect(parsePopulation([row('9100')], '2025-12-31').ok).toBe(false);
		expect(REQUIRED_COLUMNS).toContain('inhabitants_age_above_65');
	});
});

/**
 * Readers for the shared Berlin reference data (../shared/data/berlin, licences in its README): LOR 2021
 * geometries, residents on 31.12.2024, the 20 Kiezkassen of Treptow-Köpenick and example projects.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv } from './csv.ts';

export const BERLIN_DATA_DIR = resolve(process.env.KIEZBUDGET_BERLIN_DATA ?? '../shared/data/berlin');

const read = (rel: string) => readFileSync(resolve(BERLIN_DATA_DIR, rel), 'utf8');

export const ATTRIBUTION = {
	geometry:
		'Geometrien: Lebensweltlich orientierte Räume (LOR) 01.01.2021, Amt für Statistik Berlin-Brandenburg, Geoportal Berlin / ODIS, Lizenz CC BY 3.0 DE; reprojiziert und gefiltert.',
	population:
		'Einwohnerdaten: Amt für Statistik Berlin-Brandenburg, Statistischer Bericht A I 16 – hj 2/24 (Stand 31.12.2024), Lizenz CC BY 3.0 DE; aufbereitet von Open Data Product (CC BY 4.0).',
	projects: 'Quelle: eigene Zusammenstellung aus öffentlichen Meldungen (siehe source_url).'
};

export type Kiezkasse = { regionId: string; lorName: string; name: string; residents: number };

export function readKiezkassen(): Kiezkasse[] {
	return parseCsv(read('kiezkassen/treptow-koepenick_kiezkassen.csv')).map((r) => ({
		regionId: r.bezirksregion_id!,
		lorName: r.bezirksregion_name_lor!,
		name: r.kiezkasse_name!,
		residents: Number(r.inhabitants_2024_12_31)
	}));
}

export type RegionGeometry = { id: string; name: string; areaM2: number; geometry: { type: 'Polygon'; coordinates: number[][][] } };

export function readRegionGeometries(districtId: string): RegionGeometry[] {
	const fc = JSON.parse(read('lor2021/treptow-koepenick_bezirksregionen_2021.geojson')) as {
		features: { properties: { id: string; name: string; bezirk_id: string; area_m2: number }; geometry: RegionGeometry['geometry'] }[];
	};
	return fc.features
		.filter((f) => f.properties.bezirk_id === districtId)
		.map((f) => ({ id: f.properties.id, name: f.properties.name, areaM2: Math.round(f.properties.area_m2), geometry: f.geometry }));
}

export type PopulationRow = { regionId: string; asOf: string; residents: number; groups: Record<string, number> };

export function readPopulation(districtId: string): PopulationRow[] {
	return parseCsv(read('population/einwohner_2024-12-31_bezirksregionen_berlin.csv'))
		.filter((r) => r.bezirk_id === districtId)
		.map((r) => {
			const groups: Record<string, number> = {};
			for (const [k, v] of Object.entries(r)) if (k.startsWith('inhabitants_') && v !== '') groups[k.slice('inhabitants_'.length)] = Number(v);
			return { regionId: r.id!, asOf: r.stichtag!, residents: Number(r.inhabitants), groups };
		});
}

export type ExampleProject = {
	year: number;
	regionId: string;
	areaName: string;
	title: string;
	amountCents: number | null;
	status: string;
	applicantType: string;
	sourceUrl: string;
};

export function readExampleProjects(): ExampleProject[] {
	return parseCsv(read('kiezkassen/beispielprojekte.csv'))
		.filter((r) => r.district === 'Treptow-Köpenick' && r.fund === 'Kiezkasse' && /^\d{6}$/.test(r.area_id ?? ''))
		.map((r) => ({
			year: Number(r.year),
			regionId: r.area_id!,
			areaName: r.area_name!,
			title: r.title_de!,
			amountCents: r.amount_eur ? Math.round(Number(r.amount_eur) * 100) : null,
			status: r.status!,
			applicantType: r.applicant_type ?? '',
			sourceUrl: r.source_url ?? ''
		}));
}

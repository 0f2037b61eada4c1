/**
 * Demo organisations of the neighbourhood network (issue 8) in Treptow-Köpenick: invented examples of the
 * kinds of groups that hand in Kiezkasse ideas (initiatives, associations, providers; docs/research/domain.md
 * §1), some verified by the office and some not yet. Their mail goes to addresses under kiezbudget.localhost.
 * Idempotent: an organisation is added only when its address (slug) is free.
 */
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/orgs.ts';

type Demo = { slug: string; name: string; kind: string; regionId: string | null; description: string; website: string | null; verified: string | null };

export const DEMO_ORGS: Demo[] = [
	{
		slug: 'kiezgarten-plaenterwald',
		name: 'Kiezgarten Plänterwald',
		kind: 'initiative',
		regionId: '091002',
		description:
			'Wir sind Nachbarinnen und Nachbarn, die am Rand des Plänterwalds gemeinsam Hochbeete pflegen. Jeden Samstag ist offener Gartentag, alle können mitmachen. Beispieldaten.',
		website: null,
		verified: 'Initiative ist dem Bezirksamt aus der Kiezkasse 2025 bekannt; Ansprechperson persönlich getroffen.'
	},
	{
		slug: 'foerderverein-dorfanger-mueggelheim',
		name: 'Förderverein Dorfanger Müggelheim e. V.',
		kind: 'association',
		regionId: '094016',
		description:
			'Der Verein kümmert sich um den Dorfanger in Müggelheim: Bänke, Blumenwiese, das Dorffest im September. Eingetragen im Vereinsregister. Beispieldaten.',
		website: 'https://dorfanger-mueggelheim.example.org/',
		verified: 'Auszug aus dem Vereinsregister liegt vor.'
	},
	{
		slug: 'nachbarschaftsinitiative-alt-treptow',
		name: 'Nachbarschaftsinitiative Alt-Treptow',
		kind: 'initiative',
		regionId: '091001',
		description:
			'Ein offener Kreis aus der Kiefholzstraße und Umgebung. Wir organisieren Hoffeste, eine Tauschbox und Lesungen für Kinder. Beispieldaten.',
		website: null,
		verified: null
	},
	{
		slug: 'sportfreunde-adlershof',
		name: 'Sportfreunde Adlershof e. V.',
		kind: 'association',
		regionId: '092007',
		description: 'Breitensport für alle Altersgruppen in Adlershof: Laufgruppe, Kinderturnen und ein jährliches Kiezturnier. Beispieldaten.',
		website: 'https://sportfreunde-adlershof.example.org/',
		verified: 'Vereinsregister und Satzung geprüft.'
	},
	{
		slug: 'repair-cafe-koepenick',
		name: 'Repair-Café Köpenick',
		kind: 'initiative',
		regionId: '094015',
		description: 'Einmal im Monat reparieren wir gemeinsam Toaster, Fahrräder und Kleidung in der Altstadt Köpenick. Werkzeug ist da, Kaffee auch. Beispieldaten.',
		website: null,
		verified: null
	},
	{
		slug: 'stadtteilzentrum-treptow-koepenick',
		name: 'Stadtteilzentrum Treptow-Köpenick (Beispielträger)',
		kind: 'provider',
		regionId: null,
		description: 'Ein freier Träger der Nachbarschaftsarbeit im ganzen Bezirk: Beratung, Räume für Gruppen und Hilfe beim Kiezkassenantrag. Beispieldaten.',
		website: 'https://stadtteilzentrum.example.org/',
		verified: 'Träger der bezirklichen Stadtteilarbeit; Vertrag mit dem Bezirksamt.'
	}
];

export async function seedOrgs(db: DbOrTx, o: { districtId: string; now: Date }): Promise<number> {
	let created = 0;
	for (const d of DEMO_ORGS) {
		let id = await repo.orgIdBySlug(db, d.slug);
		if (!id) {
			id = await repo.insertOrg(
				db,
				{ slug: d.slug, name: d.name, kind: d.kind, description: d.description, districtId: o.districtId, regionId: d.regionId, website: d.website, contactEmail: `${d.slug}@kiezbudget.localhost` },
				null,
				o.now
			);
			if (id) created++;
			if (id && d.verified) await repo.seedVerify(db, id, d.verified, o.now);
		}
	}
	return created;
}

/**
 * Demo data of the public record (issue 8): the knowledge base about the Treptow-Köpenick Kiezkassen in German,
 * English and Leichte Sprache, a season of mobile-office stops, an info event, and documents (guidelines, annual
 * accounts, a staff-only working paper) as real PDFs. Facts and their sources: docs/research/domain.md §1.
 * Idempotent: pages are upserted by address; entries and documents are added only to a district that has none.
 */
import { createHash } from 'node:crypto';
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/record.ts';
import { pdfText } from '../documents/pdf-text.ts';
import { textPdf } from '../documents/text-pdf.ts';

type Page = { slug: string; position: number; de: [string, string]; en: [string, string]; ls: [string, string] };

const SRC = 'https://www.berlin.de/ba-treptow-koepenick/aktuelles/buergerbeteiligung/kiezkassen/artikel.24998.php';
const MERKBLATT = 'https://www.berlin.de/ba-treptow-koepenick/aktuelles/buergerbeteiligung/kiezkassen/artikel.969577.php';

export const KNOWLEDGE: Page[] = [
	{
		slug: 'so-funktioniert-die-kiezkasse',
		position: 1,
		de: [
			'So funktioniert die Kiezkasse',
			`Mit der Kiezkasse entscheiden Nachbarinnen und Nachbarn selbst über kleine Projekte in ihrem Kiez. Treptow-Köpenick hat die Kiezkasse seit 2013.

## Wie viel Geld gibt es?

Das Bezirksamt verteilt jedes Jahr Geld auf die **20 Bezirksregionen**. Von 2018 bis 2024 waren es 100.000 € im Jahr, 2025 waren es 75.000 €. Regionen mit mehr Menschen bekommen mehr, jede Region bekommt aber einen Mindestbetrag.

## Wer kann mitmachen?

- Privatpersonen
- Bürgerinitiativen
- Vereine und andere Träger

## Die Schritte

1. **Idee einreichen**: online, per E-Mail, per Post, beim mobilen Bürgerbüro oder spontan bei der Versammlung.
2. **Prüfung**: Das Bezirksamt prüft, ob die Idee gefördert werden kann.
3. **Kiezkassenversammlung**: Sie stellen Ihre Idee vor. Die Anwesenden entscheiden, welche Projekte wie viel Geld bekommen. Zwei Kiezpat:innen aus der Bezirksverordnetenversammlung leiten die Versammlung.
4. **Antrag und Bescheid**: Nach einer Zusage stellen Sie einen Projektantrag. Sie bekommen einen Zuwendungsbescheid.
5. **Umsetzen**: Sie führen das Projekt selbst durch, im selben Haushaltsjahr.
6. **Abrechnen**: Sie reichen die Belege und einen kurzen Bericht ein.

Quelle: [Bezirksamt Treptow-Köpenick, Kiezkassen](${SRC})`
		],
		en: [
			'How the Kiezkasse works',
			`With the Kiezkasse (neighbourhood fund), neighbours decide themselves on small projects in their area. Treptow-Köpenick has had Kiezkassen since 2013.

## How much money is there?

Each year the district office splits money over the **20 district regions** (Bezirksregionen). From 2018 to 2024 it was €100,000 a year; in 2025 it was €75,000. Regions with more residents get more, but every region gets a minimum amount.

## Who can take part?

- private persons
- citizens' initiatives
- associations and other organisations

## The steps

1. **Hand in an idea**: online, by e-mail, by post, at the mobile office or on the spot at the assembly.
2. **Check**: the district office checks whether the idea can be funded.
3. **Kiezkasse assembly**: you present your idea. The people present decide which projects get how much money. Two sponsors (Kiezpat:innen) from the district assembly lead the meeting.
4. **Application and grant notice**: after a yes you send a project application and receive a grant notice.
5. **Carry it out**: you run the project yourself, within the same budget year.
6. **Settle**: you hand in the receipts and a short report.

Source: [District office Treptow-Köpenick, Kiezkassen](${SRC})`
		],
		ls: [
			'Die Kiezkasse: einfach erklärt',
			`Die Kiezkasse ist Geld für Ihren Kiez.

Kiez bedeutet: Ihre Nachbarschaft.

Sie haben eine Idee für Ihren Kiez?
Dann können Sie Geld bekommen.

## Wer entscheidet?

Die Menschen aus dem Kiez.
Sie treffen sich bei einer Versammlung.
Dort sagen alle: Diese Idee ist gut.
Oder: Diese Idee ist nicht gut.

## Was müssen Sie tun?

1. Sie schreiben Ihre Idee auf.
2. Sie schicken die Idee an das Bezirksamt.
3. Sie gehen zur Versammlung.
4. Sie erzählen dort von Ihrer Idee.
5. Die Menschen stimmen ab.
6. Sie bekommen vielleicht Geld.
7. Sie machen das Projekt.
8. Sie geben die Kassen-Zettel ab.

## Hilfe

Sie brauchen Hilfe?
Das mobile Bürgerbüro hilft Ihnen.
Es kommt in Ihren Kiez.`
		]
	},
	{
		slug: 'regeln',
		position: 2,
		de: [
			'Regeln: Was wird gefördert?',
			`## Gefördert werden Projekte, die

- den Zusammenhalt im Kiez stärken,
- Nachbarschaften unterstützen oder
- das Wohnumfeld schöner machen.

Beispiele: Pflanzaktionen, Nachbarschafts- und Straßenfeste, ein Lastenrad für den Kiez, Sportgeräte für einen Verein, Vorträge.

Seit 2025 muss ein Projekt dem **Gemeinwohl** dienen und **öffentlich zugänglich** sein.

## Was bezahlt die Kiezkasse?

- Sachkosten, zum Beispiel Material, Fahrtkosten, Gebühren
- geringwertige Anschaffungen, zum Beispiel Geräte oder Möbel
- Aufwandsentschädigungen und Honorare

## Was bezahlt die Kiezkasse nicht?

- **Essen und Getränke** (auch kein Catering)
- Mitgliedsbeiträge, freiwillige Versicherungen, Kautionen
- Dinge, für die der Bezirk schon Geld hat, zum Beispiel Straßenbäume

## Wichtig

- Beginnen Sie erst, wenn die Förderung bewilligt ist.
- Niemand darf wegen Herkunft, Geschlecht, Religion, Weltanschauung, Behinderung, Alter oder sexueller Identität benachteiligt werden.
- Für manche Vorhaben, zum Beispiel an Fassaden, braucht es die Zustimmung der Eigentümer.

Quelle: [Merkblatt zur Kiezkasse](${MERKBLATT})`
		],
		en: [
			'Rules: what is funded?',
			`## Funded are projects that

- strengthen cohesion in the neighbourhood,
- support neighbourhoods, or
- make the surroundings nicer.

Examples: planting campaigns, neighbourhood and street parties, a cargo bike for the area, sports equipment for a club, talks.

Since 2025 a project must serve the **common good** and be **open to the public**.

## What does the Kiezkasse pay for?

- material costs, for example materials, travel costs, fees
- low-value purchases, for example devices or furniture
- expense allowances and fees for people

## What does it not pay for?

- **food and drink** (no catering either)
- membership fees, voluntary insurance, deposits
- things the district already has money for, for example street trees

## Important

- Only start once the grant has been approved.
- Nobody may be disadvantaged because of origin, gender, religion, world view, disability, age or sexual identity.
- Some measures, for example on façades, need the owner's consent.

Source: [Kiezkasse fact sheet](${MERKBLATT})`
		],
		ls: [
			'Regeln: einfach erklärt',
			`Es gibt Regeln für die Kiezkasse.

## Das geht

Ideen für alle Menschen im Kiez.
Zum Beispiel:

- Blumen pflanzen
- ein Fest für die Nachbarn
- Sport-Geräte für einen Verein

## Das geht nicht

- Essen und Trinken kaufen
- Geld für Mitglieds-Beiträge

## Ganz wichtig

Fangen Sie erst an,
wenn Sie die Zusage haben.
Die Zusage ist ein Brief vom Bezirksamt.`
		]
	},
	{
		slug: 'haeufige-fragen',
		position: 3,
		de: [
			'Häufige Fragen',
			`## Brauche ich ein Konto auf der Plattform?

Nein. Sie können Ideen auch per E-Mail, per Post, beim mobilen Bürgerbüro oder bei der Versammlung abgeben. Lesen können Sie alles ohne Konto.

## Wer darf bei der Versammlung abstimmen?

Das legt jede Kiezkasse fest: entweder alle Anwesenden oder nur die Anwesenden, die in der Region wohnen. Es gibt keine Altersgrenze.

## Was passiert mit Geld, das übrig bleibt?

Dann kann es eine zweite Versammlung im selben Jahr geben, die den Rest verteilt.

## Bis wann muss das Projekt fertig sein?

Das Geld gehört zum Haushaltsjahr. Das Projekt muss im selben Jahr umgesetzt und abgerechnet werden.

## Wo finde ich Protokolle und Abrechnungen?

Unter [Dokumente](/dokumente). Dort können Sie auch im Text der Dokumente suchen.`
		],
		en: [
			'Frequently asked questions',
			`## Do I need an account on the platform?

No. You can also hand in ideas by e-mail, by post, at the mobile office or at the assembly. You can read everything without an account.

## Who may vote at the assembly?

Each Kiezkasse decides: either everyone present, or only those present who live in the region. There is no age limit.

## What happens to money that is left over?

A second assembly in the same year can distribute the rest.

## When must the project be finished?

The money belongs to the budget year. The project must be carried out and settled in that same year.

## Where do I find minutes and accounts?

Under [Documents](/en/dokumente). You can also search the text of the documents there.`
		],
		ls: [
			'Fragen und Antworten',
			`## Brauche ich einen Computer?

Nein.
Sie können Ihre Idee auch aufschreiben.
Und mit der Post schicken.
Oder zum mobilen Bürgerbüro bringen.

## Wer darf abstimmen?

Die Menschen bei der Versammlung.
Manchmal nur die Menschen aus dem Kiez.

## Wann muss mein Projekt fertig sein?

Im selben Jahr.`
		]
	}
];

/** Mobile-office stops of one season: public places in Kiezkasse regions (days relative to the seed date). */
const STOPS = [
	{ region: 'Adlershof', placeName: 'Marktplatz Adlershof', address: 'Dörpfeldstraße 54, 12489 Berlin', lat: 52.4353, lng: 13.5456, inDays: 3 },
	{ region: 'Alt-Treptow', placeName: 'Vor der Bibliothek Alt-Treptow', address: 'Bouchéstraße 9, 12435 Berlin', lat: 52.4933, lng: 13.4544, inDays: 10 },
	{ region: 'Köpenick-Süd', placeName: 'Schlossplatz Köpenick', address: 'Schlossplatz, 12555 Berlin', lat: 52.4437, lng: 13.5741, inDays: 17 },
	{ region: 'Altglienicke', placeName: 'Vor dem Ärztehaus am Preußenplatz', address: 'Am Preußenplatz, 12524 Berlin', lat: 52.4113, lng: 13.5279, inDays: -12 }
];

/** 15:00–18:00 Berlin time on the day that is `days` after `now` (UTC+1 in winter, UTC+2 in summer: close enough for demo data). */
function afternoon(now: Date, days: number, hour: number): Date {
	const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour - 1, 0));
	return d;
}

export async function seedRecord(db: DbOrTx, opts: { districtId: string; now: Date; year: number }): Promise<{ pages: number; entries: number; documents: number }> {
	const at = opts.now;
	for (const p of KNOWLEDGE) {
		const pageId = await repo.upsertKnowledgePage(db, opts.districtId, p.slug, p.position);
		// Write only what is missing, so a page edited by staff is not overwritten by the next start.
		const existing = await repo.knowledgePageBySlug(db, opts.districtId, p.slug);
		for (const lang of ['de', 'en', 'ls'] as const) {
			if (existing?.texts[lang]) continue;
			await repo.saveKnowledgeText(db, pageId, lang, p[lang][0], p[lang][1], null, at, opts.districtId);
		}
	}
	let entries = 0;
	let documents = 0;
	if ((await repo.seededEntryCount(db, opts.districtId)) === 0) {
		const regions = await repo.regionsOf(db, opts.districtId);
		const rounds = await repo.roundsOf(db, opts.districtId);
		const season = `${opts.now.getUTCMonth() < 6 ? 'Frühjahr' : 'Herbst'} ${opts.now.getUTCFullYear()}`;
		for (const s of STOPS) {
			const region = regions.find((r) => r.name === s.region);
			const rnd = rounds.find((r) => r.regionId === region?.id && r.year === opts.year && r.programmeName === 'Kiezkasse');
			await repo.insertSeedEntry(db, opts.districtId, {
				kind: 'mobile_office',
				title: `Mobiles Bürgerbüro am ${s.placeName}`,
				description: 'Ideen für die Kiezkasse abgeben, Fragen stellen, Ideen kommentieren – ohne Anmeldung.',
				placeName: s.placeName,
				address: s.address,
				lat: s.lat,
				lng: s.lng,
				startsAt: afternoon(opts.now, s.inDays, 15),
				endsAt: afternoon(opts.now, s.inDays, 18),
				roundId: rnd?.id ?? null,
				regionId: region?.id ?? null,
				season
			}, at);
			entries++;
		}
		const infoId = await repo.insertSeedEntry(db, opts.districtId, {
				kind: 'info_event',
				title: 'Infoabend: So beantragen Sie Geld aus der Kiezkasse',
				description: 'Das Bezirksamt erklärt Antrag, Regeln und Abrechnung und beantwortet Fragen.',
				placeName: 'Rathaus Köpenick, Ratssaal',
				address: 'Alt-Köpenick 21, 12555 Berlin',
				lat: 52.4451,
				lng: 13.5747,
				startsAt: afternoon(opts.now, 7, 18),
				endsAt: afternoon(opts.now, 7, 20)
			}, at);
		entries++;
		const docs: { meta: repo.DocumentMeta; title: string; text: string[] }[] = [
			{
				title: 'Merkblatt Kiezkasse Treptow-Köpenick',
				meta: { kind: 'guidelines', title: 'Merkblatt Kiezkasse Treptow-Köpenick', visibility: 'public', roundId: null, regionId: null, calendarEntryId: infoId, dated: `${opts.year}-01-15` },
				text: [
					'Gefördert werden Projekte, die den Zusammenhalt im Kiez stärken, Nachbarschaften unterstützen oder das Wohnumfeld verschönern, zum Beispiel Pflanzaktionen, Hof- und Straßenfeste, Vortragsveranstaltungen.',
					'Förderfähig sind Sachkosten, geringwertige Wirtschaftsgüter sowie Aufwandsentschädigungen und Honorare. Nicht gefördert werden Bewirtung und Verpflegung, Mitgliedsbeiträge, freiwillige Versicherungen und Kautionen.',
					'Mit dem Projekt darf vor der Bewilligung nicht begonnen werden. Die Mittel sind im laufenden Haushaltsjahr zu verwenden und mit Belegen abzurechnen.',
					`Quelle: ${MERKBLATT}`
				]
			},
			{
				title: `Förderbedingungen Kiezkasse ${opts.year}`,
				meta: { kind: 'grant_conditions', title: `Förderbedingungen Kiezkasse ${opts.year}`, visibility: 'public', roundId: null, regionId: null, calendarEntryId: null, dated: `${opts.year}-02-01` },
				text: [
					'Die Zuwendung wird als Projektförderung nach §§ 23 und 44 der Landeshaushaltsordnung gewährt. Grundlage ist der Zuwendungsbescheid.',
					'Der Verwendungsnachweis besteht aus einem Sachbericht und einem zahlenmäßigen Nachweis; Belege sind auf Anforderung vorzulegen. Nicht verbrauchte Mittel sind zurückzuzahlen.'
				]
			},
			{
				title: 'Interne Arbeitshilfe: Prüfung der Ideen',
				meta: { kind: 'guidelines', title: 'Interne Arbeitshilfe: Prüfung der Ideen', visibility: 'staff', roundId: null, regionId: null, calendarEntryId: null, dated: `${opts.year}-03-01` },
				text: ['Arbeitshilfe für die Sozialraumorientierte Planungskoordination: Reihenfolge der Vorprüfung, Rückfragen an Antragstellende, Vermerk im Vorgang. Nur für den Dienstgebrauch.']
			}
		];
		const adlershof = rounds.find((r) => r.regionName === 'Adlershof' && r.programmeName === 'Kiezkasse' && r.year === opts.year);
		if (adlershof) {
			docs.push({
				title: `Jahresabrechnung Kiezkasse Adlershof ${opts.year - 1}`,
				meta: { kind: 'annual_accounts', title: `Jahresabrechnung Kiezkasse Adlershof ${opts.year - 1}`, visibility: 'public', roundId: null, regionId: adlershof.regionId, calendarEntryId: null, dated: `${opts.year}-01-31` },
				text: [
					`Abrechnung der Kiezkasse Adlershof für das Haushaltsjahr ${opts.year - 1}.`,
					'Gefördert wurden drei Projekte: Pflanzaktion auf dem Marktplatz, Nachbarschaftsfest im Hof, Werkzeug für die Fahrradwerkstatt. Die Belege liegen vollständig vor; nicht verbrauchte Mittel wurden zurückgezahlt.'
				]
			});
		}
		for (const d of docs) {
			const bytes = await textPdf(d.title, d.text);
			await repo.insertDocument(
				db,
				opts.districtId,
				d.meta,
				{ fileName: `${d.meta.kind}.pdf`, mime: 'application/pdf', bytes, sha256: createHash('sha256').update(bytes).digest('hex'), text: await pdfText(bytes), origin: 'generated', note: null },
				null,
				at
			);
			documents++;
		}
	}
	return { pages: KNOWLEDGE.length, entries, documents };
}

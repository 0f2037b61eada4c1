/**
 * Demo ballots of a closed Stadtteilbudget vote that asked the voluntary age band (issue 7): invented, but
 * shaped like online participation usually is — many voters aged 27–44, few over 65 — so the evaluation page
 * has a re-weighted result to show. Knapsack ballots (projects within 10,000 €); amounts are illustrative.
 */
export const DEMO_PROJECTS: [string, string, number][] = [
	['Schattensegel für den Spielplatz', 'Sonnensegel über dem Sandkasten und den Schaukeln, damit Kinder auch im Sommer draußen spielen können.', 300_000],
	['Bänke mit Armlehnen am Ufer', 'Fünf Bänke mit Armlehnen entlang des Uferwegs, damit ältere Menschen unterwegs ausruhen können.', 250_000],
	['Bandraum im Jugendtreff', 'Verstärker, Schlagzeug und Schallschutz für den Bandraum des Jugendtreffs.', 350_000],
	['Hochbeete im Nachbarschaftsgarten', 'Sechs rollstuhlgerechte Hochbeete und ein Wasseranschluss für den Nachbarschaftsgarten.', 180_000],
	['Fahrradbügel am S-Bahnhof', 'Zwanzig Fahrradbügel und ein überdachter Abstellplatz am S-Bahnhof.', 150_000],
	['Lesecafé in der Stadtteilbibliothek', 'Sessel, Zeitschriften und ein Kaffeeautomat für einen Treffpunkt am Vormittag.', 220_000],
	['Kiezfest im Sommer', 'Ein Nachmittag mit Musik, Flohmarkt und Ständen der Vereine aus dem Kiez.', 280_000]
];

const [SHADE, BENCHES, BAND, BEDS, BIKES, CAFE, FEST] = DEMO_PROJECTS.map((p) => p[0]);

/** [age band or null, how many ballots, the projects ticked] */
const PATTERNS: [string | null, number, string[]][] = [
	['under_18', 3, [BAND!, FEST!]],
	['18_26', 10, [BAND!, BIKES!, FEST!]],
	['18_26', 8, [BAND!, BIKES!, SHADE!]],
	['27_44', 30, [SHADE!, BIKES!, FEST!]],
	['27_44', 20, [SHADE!, BEDS!, BIKES!]],
	['27_44', 12, [SHADE!, FEST!, BEDS!]],
	['45_54', 12, [BEDS!, SHADE!, BENCHES!]],
	['45_54', 8, [BEDS!, FEST!, BIKES!]],
	['55_64', 7, [BENCHES!, BEDS!, CAFE!]],
	['55_64', 5, [BENCHES!, BIKES!]],
	['65_plus', 9, [BENCHES!, CAFE!]],
	['prefer_not_to_say', 6, [SHADE!, BENCHES!, BIKES!]],
	[null, 11, [FEST!, SHADE!, BEDS!]]
];

export function demoBallots(): { ageBand: string | null; titles: string[] }[] {
	return PATTERNS.flatMap(([ageBand, n, titles]) => Array.from({ length: n }, () => ({ ageBand, titles })));
}

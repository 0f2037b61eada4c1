/**
 * Seeding (issue 2): the demo data of Treptow-Köpenick — district, 20 Bezirksregionen with LOR 2021 geometry
 * and the population of 31.12.2024, the Kiezkasse programme with this year's round in every region and
 * budgets from the allocation rule, example projects from public reports, one demo account per role — and,
 * for production, only the first admin. Idempotent: running it again changes nothing.
 */
import { seedSettlement } from './seed-settlement.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { allocateBudget } from '../../core/process/allocation.ts';
import { TEMPLATES, defaultPhaseDates } from '../../core/process/programme.ts';
import { slugify } from '../../core/shared/slug.ts';
import { ATTRIBUTION, readExampleProjects, readKiezkassen, readPopulation, readRegionGeometries } from '../data/berlin.ts';
import type { Db, Tx } from '../db/client.ts';
import { ensureProgramme, ensureProposal, ensureRound, ensureUserWithPassword, findUserIdByEmail, upsertDistrict, upsertPopulation, upsertRegion } from '../db/repositories/seed.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_LOGINS } from './demo-logins.ts';
import { seedVotingDemoAccounts } from './seed-voting.ts';
import { seedGrants } from './seed-grants.ts';
import { seedRecord } from './seed-record.ts';
import { seedReweightedVote } from './seed-evaluation.ts';
import { seedOrgs } from './seed-orgs.ts';
import { ensureDemoVoteRound } from './seed-vote-round.ts';

export const DISTRICT = { id: '09', slug: 'treptow-koepenick', name: 'Treptow-Köpenick' } as const;

export type SeedSummary = { regions: number; rounds: number; proposals: number; users: number; year: number };

/** Maps the wording of the example file to our statuses (mein.berlin-compatible, PRODUCT.md). */
function historyFor(status: string, year: number): { status: string; at: Date }[] {
	const d = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 10));
	const submitted = { status: 'submitted', at: d(3, 1) };
	if (status.startsWith('beschlossen')) return [submitted, { status: 'eligible', at: d(4, 20) }, { status: 'approved', at: d(5, 20) }];
	return [submitted];
}

const DAY_MS = 86_400_000;

/**
 * The demo shows the Kiezkassen as they stand in late autumn: the assembly has decided, the funded projects
 * are being carried out, grants can be applied for and ideas commented on; the settlement is still ahead.
 * The template's dates of the seed year put a seed date there from day 160 to 339 of the year. Outside that
 * window (December: settlement; January to June: nothing decided yet) the same phases, with the same
 * lengths, are moved by whole days so that the seed date sits at day 326 (23 November), where the demo data
 * and the journeys were written. Found when the e2e journeys failed on 7 December: the rounds had just
 * entered the settlement phase, where neither comments nor grant applications are possible.
 */
export function demoKiezkassePhases<P extends { startsAt: string; endsAt: string | null; key: string }>(phases: P[], year: number, now: Date): P[] {
	const impl = phases.find((p) => p.key === 'implementation');
	if (!impl?.endsAt) return phases;
	const t = now.getTime();
	if (t >= Date.parse(impl.startsAt) && t < Date.parse(impl.endsAt) - 13 * DAY_MS) return phases;
	// Rounded up, so at least 14 days of the implementation phase are left.
	const shift = Math.ceil((t - Date.UTC(year, 0, 1 + 326)) / DAY_MS) * DAY_MS;
	const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
	return phases.map((p) => ({ ...p, startsAt: move(p.startsAt), endsAt: p.endsAt === null ? null : move(p.endsAt) }));
}

/**
 * A Stadtteilbudget whose vote runs now, so online voting can be tried (issue 5): one Bezirksregion, the
 * template's 10,000 €, eligible ideas from the review, and a knapsack ballot (spend up to the budget) counted
 * with Equal Shares and Add1 — a programme configured from the Stadtteilbudget template. The projects are
 * invented examples of typical Kiez projects; the amounts are illustrative.
 */
async function seedVotingDemo(tx: Tx, o: { year: number; at: Date; regions: { regionId: string; name: string }[] }): Promise<number> {
	const region = o.regions.find((k) => k.name.startsWith('Altstadt')) ?? o.regions[0]!;
	const rules = { ...TEMPLATES.stadtteilbudget, ballot: 'knapsack' as const, tallyRule: 'mes-add1' };
	const programmeId = await ensureProgramme(tx, { districtId: DISTRICT.id, slug: 'stadtteilbudget', template: 'stadtteilbudget', name: 'Stadtteilbudget', rules }, o.at);
	const r = await ensureDemoVoteRound(tx, {
		programmeId,
		regionId: region.regionId,
		districtId: DISTRICT.id,
		year: o.year,
		slug: `stadtteilbudget-${o.year}-${slugify(region.name)}`,
		budgetCents: rules.allocation.kind === 'fixed' ? rules.allocation.perRegionCents : 0,
		at: o.at,
		phases: [
			['ideas', -5, -3],
			['review', -3, -1],
			['voting', -1, 2],
			['implementation', 2, 12]
		],
		ideas: [
			['Trinkbrunnen am Schlossplatz', 'Ein Trinkbrunnen mit Leitungswasser für heiße Sommertage, nach dem Vorbild der Berliner Wasserbetriebe.', 600_000],
			['Sitzbänke an der Dahme', 'Vier Bänke am Uferweg, damit ältere Menschen unterwegs ausruhen können.', 250_000],
			['Lastenrad zum Ausleihen', 'Ein Lastenrad, das Nachbar:innen kostenlos im Stadtteilzentrum ausleihen.', 380_000],
			['Bücherzelle am Bahnhof', 'Eine Telefonzelle wird zum offenen Bücherschrank.', 190_000],
			['Insektenwiese im Kiezpark', 'Eine Blühwiese mit heimischen Pflanzen und einer Infotafel für Schulklassen.', 120_000],
			['Kiezfest mit Flohmarkt', 'Ein Nachmittag mit Musik, Flohmarkt und Ständen der Vereine aus dem Stadtteil.', 300_000]
		],
		submitted: -4,
		eligible: -2
	});
	return r.created ? 1 : 0;
}

/**
 * This year's Bürgerhaushalt, whose online vote runs now with accounts (issue 5: "accounts checked against a
 * register file of eligible residents"): district-wide, five eligible proposals, approval of up to five. The
 * register file is not seeded: it is personal data the district office uploads itself
 * (/admin/abstimmung/[round]/register); until then any signed-in, confirmed account may vote. The proposals
 * are invented examples of district-wide projects; the amounts are illustrative.
 */
async function seedAccountVoteDemo(tx: Tx, o: { programmeId: string; budgetCents: number; year: number; at: Date }): Promise<number> {
	const r = await ensureDemoVoteRound(tx, {
		programmeId: o.programmeId,
		regionId: null,
		districtId: DISTRICT.id,
		year: o.year,
		slug: `buergerhaushalt-${o.year}-${DISTRICT.slug}`,
		budgetCents: o.budgetCents,
		at: o.at,
		phases: [
			['ideas', -9, -6],
			['review', -6, -1],
			['voting', -1, 2],
			['implementation', 2, 14]
		],
		ideas: [
			['Fahrradbügel an allen S-Bahnhöfen', 'Überdachte Fahrradbügel an den S-Bahnhöfen des Bezirks, damit mehr Menschen mit dem Rad zur Bahn fahren.', 1_800_000],
			['Trinkbrunnen in jedem Ortsteil', 'Ein öffentlicher Trinkbrunnen in jedem Ortsteil, der noch keinen hat.', 2_000_000],
			['Barrierefreie Wege zum Müggelsee', 'Abgesenkte Bordsteine und feste Wege vom Bus bis zum Ufer, auch für Rollstuhl und Kinderwagen.', 1_500_000],
			['Bücherschränke in Schulnähe', 'Offene Bücherschränke an zehn Schulen, betreut von Schüler:innen.', 400_000],
			['Schattenbäume auf Spielplätzen', 'Junge Bäume auf Spielplätzen ohne Schatten, mit drei Jahren Pflege.', 1_200_000]
		],
		submitted: -8,
		eligible: -3
	});
	return r.created ? 1 : 0;
}

export async function seedDemo(db: Db, opts: { now: Date; year?: number }): Promise<SeedSummary> {
	const year = opts.year ?? opts.now.getUTCFullYear();
	const kiezkassen = readKiezkassen();
	const geometries = new Map(readRegionGeometries(DISTRICT.id).map((g) => [g.id, g]));
	const population = readPopulation(DISTRICT.id);
	const examples = readExampleProjects();
	const rules = TEMPLATES.kiezkasse;
	if (rules.allocation.kind !== 'proportional_with_floor') throw new Error('Kiezkasse template must allocate by residents');
	const residents = new Map(population.map((p) => [p.regionId, p.residents]));
	const allocation = allocateBudget({
		...rules.allocation,
		totalCents: rules.allocation.totalCents,
		regions: kiezkassen.map((k) => ({ id: k.regionId, residents: residents.get(k.regionId) ?? k.residents }))
	});
	if (!allocation.ok) throw new Error(`allocation failed: ${allocation.error}`);
	const budget = new Map(allocation.value.map((a) => [a.id, a.cents]));
	const demoHashes = await Promise.all(DEMO_LOGINS.map((l) => hashPassword(l.password)));

	return db.transaction(async (tx) => {
		const at = opts.now;
		await upsertDistrict(tx, DISTRICT);
		for (const k of kiezkassen) {
			const g = geometries.get(k.regionId);
			await upsertRegion(tx, {
				id: k.regionId,
				districtId: DISTRICT.id,
				slug: slugify(k.name),
				lorName: k.lorName,
				name: k.name,
				geometry: g?.geometry ?? null,
				areaM2: g?.areaM2 ?? null
			});
		}
		for (const p of population) {
			if (!kiezkassen.some((k) => k.regionId === p.regionId)) continue;
			await upsertPopulation(tx, { ...p, source: ATTRIBUTION.population });
		}
		const programmeId = await ensureProgramme(tx, { districtId: DISTRICT.id, slug: 'kiezkasse', template: 'kiezkasse', name: 'Kiezkasse', rules }, at);
		const phases = demoKiezkassePhases(defaultPhaseDates(rules, year), year, at);
		const roundIds = new Map<string, string>();
		let rounds = 0;
		for (const k of kiezkassen) {
			const r = await ensureRound(
				tx,
				{ programmeId, regionId: k.regionId, districtId: DISTRICT.id, year, slug: `kiezkasse-${year}-${slugify(k.name)}`, budgetCents: budget.get(k.regionId)!, phases },
				at
			);
			roundIds.set(k.regionId, r.id);
			if (r.created) rounds++;
		}
		let proposals = 0;
		for (const e of examples) {
			const roundId = roundIds.get(e.regionId);
			if (!roundId) continue;
			const created = await ensureProposal(tx, {
				roundId,
				districtId: DISTRICT.id,
				title: e.title,
				description:
					`Beispiel aus der Kiezkasse ${e.areaName} ${e.year}.` +
					(e.applicantType ? ` Eingereicht von: ${e.applicantType}.` : '') +
					` ${ATTRIBUTION.projects} ${e.sourceUrl}`,
				benefit: null,
				channel: e.year >= 2021 ? 'email' : 'paper',
				requestedCents: e.amountCents,
				sourceUrl: e.sourceUrl || null,
				costItems: e.amountCents === null ? [] : [{ category: 'material', description: 'Gesamtkosten laut Quelle', amountCents: e.amountCents }],
				history: historyFor(e.status, year)
			});
			if (created) proposals++;
		}
		// A district-wide citizens' budget for next year that is collecting ideas now, so the demo always has
		// a round open for ideas (Bürgerhaushalte collect proposals in the autumn before the budget year, e.g.
		// Lichtenberg; domain.md §3). Its dates follow the seed date; the amount is the template's.
		// Everyone votes with an account; the district office checks accounts against a register file of
		// eligible residents, which it uploads per round (issue 5). Code letters are the Stadtteilbudget's way.
		const bhRules = { ...TEMPLATES.buergerhaushalt, whoMayVote: 'everyone' as const };
		const bhId = await ensureProgramme(tx, { districtId: DISTRICT.id, slug: 'buergerhaushalt', template: 'buergerhaushalt', name: 'Bürgerhaushalt', rules: bhRules }, at);
		const month = (m: number) => new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth() + m, 1)).toISOString();
		const bh = await ensureRound(
			tx,
			{
				programmeId: bhId,
				regionId: null,
				districtId: DISTRICT.id,
				year: year + 1,
				slug: `buergerhaushalt-${year + 1}-${DISTRICT.slug}`,
				budgetCents: bhRules.allocation.kind === 'fixed' ? bhRules.allocation.perRegionCents : 0,
				phases: [
					{ key: 'ideas', startsAt: month(-1), endsAt: month(3) },
					{ key: 'review', startsAt: month(3), endsAt: month(5) },
					{ key: 'voting', startsAt: month(5), endsAt: month(6) },
					{ key: 'implementation', startsAt: month(6), endsAt: month(18) }
				]
			},
			at
		);
		if (bh.created) rounds++;
		rounds += await seedAccountVoteDemo(tx, { programmeId: bhId, budgetCents: bhRules.allocation.kind === 'fixed' ? bhRules.allocation.perRegionCents : 0, year, at });
		rounds += await seedVotingDemo(tx, { year, at, regions: kiezkassen });
		rounds += await seedReweightedVote(tx, { districtId: DISTRICT.id, year, at }); // issue 7: a closed vote with age bands
		let users = 0;
		for (const [i, l] of DEMO_LOGINS.entries()) {
			const scope =
				l.role === 'platform_admin'
					? { scopeKind: 'platform', scopeId: '' }
					: l.role === 'moderator'
						? { scopeKind: 'region', scopeId: '091001' }
						: { scopeKind: 'district', scopeId: DISTRICT.id };
			const created = await ensureUserWithPassword(
				tx,
				{ id: randomUUID(), email: l.email, pseudonym: l.pseudonym, passwordHash: demoHashes[i]!, grants: [{ role: l.role, ...scope }] },
				at
			);
			if (created) users++;
		}
		await seedGrants(tx, { year, at }); // issue 6: an application, a grant notice and a payment in Adlershof
		await seedSettlement(tx, { year, at });
		await seedVotingDemoAccounts(tx, at);
		await seedRecord(tx, { districtId: DISTRICT.id, now: at, year });
		await seedOrgs(tx, { districtId: DISTRICT.id, now: at }); // issue 8: initiatives and associations
		return { regions: kiezkassen.length, rounds, proposals, users, year };
	});
}

/**
 * Production: creates the first platform admin and returns a generated password to show once to the
 * operator (never logged). Does nothing if the address exists.
 */
export async function seedAdmin(db: Db, email: string, now: Date): Promise<{ created: boolean; password: string | null }> {
	if (await findUserIdByEmail(db, email)) return { created: false, password: null };
	const password = randomBytes(18).toString('base64url');
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		await ensureUserWithPassword(
			tx,
			{ id: randomUUID(), email, pseudonym: 'Administration', passwordHash, grants: [{ role: 'platform_admin', scopeKind: 'platform', scopeId: '' }] },
			now
		);
	});
	return { created: true, password };
}

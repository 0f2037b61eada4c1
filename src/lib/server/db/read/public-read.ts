import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PublicReadPort, RegionRow } from '../../app/public-read.ts';
import type { Db } from '../client.ts';
import { pointOf } from './engage-read.ts';
import { costItem, district, populationSnapshot, programme, proposal, proposalStatus, region, round, roundPhase } from '../schema/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Queries behind the public pages. Each page costs a fixed, small number of queries (no N+1). */
export function createPublicRead(db: Db): PublicReadPort {
	async function phasesOf(roundIds: string[]) {
		if (roundIds.length === 0) return new Map<string, { key: string; startsAt: string; endsAt: string | null }[]>();
		const rows = await db
			.select()
			.from(roundPhase)
			.where(inArray(roundPhase.roundId, roundIds))
			.orderBy(asc(roundPhase.roundId), asc(roundPhase.position));
		const map = new Map<string, { key: string; startsAt: string; endsAt: string | null }[]>();
		for (const r of rows) {
			const list = map.get(r.roundId) ?? [];
			list.push({ key: r.key, startsAt: r.startsAt.toISOString(), endsAt: iso(r.endsAt) });
			map.set(r.roundId, list);
		}
		return map;
	}

	return {
		async districtBySlug(slug) {
			const [d] = await db.select().from(district).where(eq(district.slug, slug));
			return d ? { id: d.id, slug: d.slug, name: d.name } : null;
		},

		async defaultDistrict() {
			const [d] = await db.select().from(district).orderBy(asc(district.id)).limit(1);
			return d ? { id: d.id, slug: d.slug, name: d.name } : null;
		},

		async districtRounds(districtId, year) {
			// One statement for programme, year and the 20 rows (PGlite runs queries one at a time, so each
			// round trip counts; bench/http): the district's region-based programme (the Kiezkasse), its newest
			// year unless one is asked for, each region's latest population snapshot via DISTINCT ON.
			type Row = {
				id: string;
				slug: string;
				budget_cents: string | number;
				region_id: string;
				region_name: string;
				year: number;
				rules: { allocation?: { kind?: string; floorCents?: number } };
				proposals: number;
				residents: number | null;
				as_of: string | null;
			};
			const result = await db.execute(sql`
				WITH prog AS (
					SELECT ${programme.id} AS id, ${programme.rules} AS rules FROM ${programme}
					WHERE ${programme.districtId} = ${districtId} AND ${programme.template} = 'kiezkasse' LIMIT 1
				), y AS (
					SELECT coalesce(${year}::int, (SELECT max(${round.year}) FROM ${round} WHERE ${round.programmeId} = (SELECT id FROM prog))) AS year
				), pop AS (
					SELECT DISTINCT ON (${populationSnapshot.regionId}) ${populationSnapshot.regionId} AS region_id,
						${populationSnapshot.residents} AS residents, ${populationSnapshot.asOf}::text AS as_of
					FROM ${populationSnapshot} ORDER BY ${populationSnapshot.regionId}, ${populationSnapshot.asOf} DESC
				), counts AS (
					SELECT ${proposal.roundId} AS round_id, count(*)::int AS n FROM ${proposal}
					WHERE ${proposal.status} NOT IN ('draft', 'unconfirmed', 'withdrawn', 'merged') GROUP BY ${proposal.roundId}
				)
				SELECT r.id, r.slug, r.budget_cents, g.id AS region_id, g.name AS region_name, r.year, prog.rules,
					coalesce(counts.n, 0) AS proposals, pop.residents, pop.as_of
				FROM ${round} r
				JOIN prog ON prog.id = r.programme_id
				JOIN y ON y.year = r.year
				JOIN ${region} g ON g.id = r.region_id
				LEFT JOIN pop ON pop.region_id = g.id
				LEFT JOIN counts ON counts.round_id = r.id
				ORDER BY g.id`);
			// node-postgres and PGlite both answer { rows }; the union type of Db loses that, hence the cast.
			const rows = (result as unknown as { rows: Row[] }).rows;
			const first = rows[0];
			if (!first) return null;
			const phases = await phasesOf(rows.map((r) => r.id));
			const out: RegionRow[] = rows.map((r) => ({
				roundSlug: r.slug,
				regionName: r.region_name,
				lorId: r.region_id,
				residents: Number(r.residents ?? 0),
				budgetCents: Number(r.budget_cents),
				proposals: Number(r.proposals),
				phases: phases.get(r.id) ?? []
			}));
			const alloc = first.rules.allocation;
			const floorCents = alloc?.kind === 'proportional_with_floor' ? Number(alloc.floorCents ?? 0) : 0;
			return { year: Number(first.year), floorCents, populationDate: first.as_of, rows: out };
		},

		async roundBySlug(slug) {
			const [r] = await db
				.select({
					id: round.id,
					slug: round.slug,
					year: round.year,
					budgetCents: round.budgetCents,
					districtSlug: district.slug,
					districtName: district.name,
					programmeName: programme.name,
					regionId: region.id,
					regionName: region.name
				})
				.from(round)
				.innerJoin(programme, eq(programme.id, round.programmeId))
				.innerJoin(district, eq(district.id, programme.districtId))
				.leftJoin(region, eq(region.id, round.regionId))
				.where(eq(round.slug, slug));
			if (!r) return null;
			const [pop] = r.regionId
				? await db
						.select({ residents: populationSnapshot.residents })
						.from(populationSnapshot)
						.where(eq(populationSnapshot.regionId, r.regionId))
						.orderBy(desc(populationSnapshot.asOf))
						.limit(1)
				: [];
			const proposals = await db
				.select({ id: proposal.id, title: proposal.title, requestedCents: proposal.requestedCents, status: proposal.status })
				.from(proposal)
				.where(and(eq(proposal.roundId, r.id), sql`${proposal.status} NOT IN ('draft', 'unconfirmed', 'merged')`))
				.orderBy(asc(proposal.createdAt), asc(proposal.title));
			const phases = await phasesOf([r.id]);
			return {
				id: r.id,
				slug: r.slug,
				year: r.year,
				budgetCents: Number(r.budgetCents),
				districtSlug: r.districtSlug,
				districtName: r.districtName,
				regionName: r.regionName ?? r.districtName,
				programmeName: r.programmeName,
				residents: pop?.residents ?? null,
				phases: phases.get(r.id) ?? [],
				proposals: proposals.map((p) => ({ ...p, requestedCents: p.requestedCents === null ? null : Number(p.requestedCents) }))
			};
		},

		async proposalById(id) {
			if (!UUID.test(id)) return null;
			const [p] = await db
				.select({
					id: proposal.id,
					title: proposal.title,
					description: proposal.description,
					benefit: proposal.benefit,
					channel: proposal.channel,
					status: proposal.status,
					requestedCents: proposal.requestedCents,
					assisted: sql<boolean>`${proposal.assistedBy} IS NOT NULL`,
					placeDescription: proposal.placeDescription,
					location: proposal.location,
					roundSlug: round.slug,
					year: round.year,
					regionName: region.name,
					districtName: district.name,
					programmeName: programme.name
				})
				.from(proposal)
				.innerJoin(round, eq(round.id, proposal.roundId))
				.innerJoin(programme, eq(programme.id, round.programmeId))
				.innerJoin(district, eq(district.id, programme.districtId))
				.leftJoin(region, eq(region.id, round.regionId))
				.where(and(eq(proposal.id, id), sql`${proposal.status} NOT IN ('draft', 'unconfirmed')`));
			if (!p) return null;
			const [items, history] = await Promise.all([
				db.select().from(costItem).where(eq(costItem.proposalId, id)).orderBy(asc(costItem.position)),
				db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, id)).orderBy(asc(proposalStatus.at))
			]);
			const { location, ...rest } = p;
			return {
				...rest,
				point: pointOf(location),
				regionName: p.regionName ?? p.districtName,
				requestedCents: p.requestedCents === null ? null : Number(p.requestedCents),
				costItems: items.map((c) => ({ label: c.description, category: c.category, amountCents: Number(c.amountCents) })),
				history: history.map((h) => ({ status: h.status, at: h.at.toISOString() }))
			};
		}
	};
}

import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PublicReadPort, RegionRow } from '../../app/public-read.ts';
import type { Db } from '../client.ts';
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
			// The district's region-based programme (the Kiezkasse); its newest year unless one is asked for.
			const [prog] = await db
				.select()
				.from(programme)
				.where(and(eq(programme.districtId, districtId), eq(programme.template, 'kiezkasse')))
				.limit(1);
			if (!prog) return null;
			const [latest] = await db
				.select({ year: sql<number>`max(${round.year})` })
				.from(round)
				.where(eq(round.programmeId, prog.id));
			const y = year ?? latest?.year;
			if (!y) return null;
			const rows = await db
				.select({
					id: round.id,
					slug: round.slug,
					budgetCents: round.budgetCents,
					regionId: region.id,
					regionName: region.name,
					proposals: sql<number>`(SELECT count(*)::int FROM ${proposal} WHERE ${proposal.roundId} = ${round.id} AND ${proposal.status} NOT IN ('draft', 'withdrawn', 'merged'))`,
					residents: sql<number>`(SELECT ${populationSnapshot.residents} FROM ${populationSnapshot} WHERE ${populationSnapshot.regionId} = ${region.id} ORDER BY ${populationSnapshot.asOf} DESC LIMIT 1)`,
					asOf: sql<string | null>`(SELECT ${populationSnapshot.asOf}::text FROM ${populationSnapshot} WHERE ${populationSnapshot.regionId} = ${region.id} ORDER BY ${populationSnapshot.asOf} DESC LIMIT 1)`
				})
				.from(round)
				.innerJoin(region, eq(region.id, round.regionId))
				.where(and(eq(round.programmeId, prog.id), eq(round.year, y)))
				.orderBy(asc(region.id));
			if (rows.length === 0) return null;
			const phases = await phasesOf(rows.map((r) => r.id));
			const out: RegionRow[] = rows.map((r) => ({
				roundSlug: r.slug,
				regionName: r.regionName,
				lorId: r.regionId,
				residents: Number(r.residents ?? 0),
				budgetCents: Number(r.budgetCents),
				proposals: Number(r.proposals),
				phases: phases.get(r.id) ?? []
			}));
			const floorCents = prog.rules.allocation.kind === 'proportional_with_floor' ? prog.rules.allocation.floorCents : 0;
			return { year: y, floorCents, populationDate: rows[0]?.asOf ?? null, rows: out };
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
				.where(and(eq(proposal.roundId, r.id), sql`${proposal.status} NOT IN ('draft', 'merged')`))
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
					roundSlug: round.slug,
					year: round.year,
					regionName: region.name
				})
				.from(proposal)
				.innerJoin(round, eq(round.id, proposal.roundId))
				.leftJoin(region, eq(region.id, round.regionId))
				.where(and(eq(proposal.id, id), sql`${proposal.status} <> 'draft'`));
			if (!p) return null;
			const [items, history] = await Promise.all([
				db.select().from(costItem).where(eq(costItem.proposalId, id)).orderBy(asc(costItem.position)),
				db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, id)).orderBy(asc(proposalStatus.at))
			]);
			return {
				...p,
				regionName: p.regionName ?? '',
				requestedCents: p.requestedCents === null ? null : Number(p.requestedCents),
				costItems: items.map((c) => ({ label: c.description, amountCents: Number(c.amountCents) })),
				history: history.map((h) => ({ status: h.status, at: h.at.toISOString() }))
			};
		}
	};
}

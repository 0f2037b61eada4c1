import { and, asc, desc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { EvalRound, EvaluationPort } from '../../app/evaluation.ts';
import type { Db } from '../client.ts';
import { ageQuestionAsked, closedVoteWithAgeBands, setAgeQuestion, voteOpened } from '../repositories/ballot-age.ts';
import { assembly, assemblyCard, demographicResponse, district, populationSnapshot, programme, proposal, region, round } from '../schema/index.ts';

/** Answers are counted in SQL (jsonb_each_text), so the page costs the same whatever the number of answers. */
export function createEvaluationRead(db: Db): EvaluationPort {
	const roundCols = {
		id: round.id,
		slug: round.slug,
		year: round.year,
		programmeName: programme.name,
		place: sql<string>`coalesce(${region.name}, ${district.name})`,
		districtId: district.id,
		districtSlug: district.slug,
		regionId: round.regionId,
		budgetCents: round.budgetCents
	};
	const roundQuery = () =>
		db
			.select(roundCols)
			.from(round)
			.innerJoin(programme, eq(programme.id, round.programmeId))
			.innerJoin(district, eq(district.id, programme.districtId))
			.leftJoin(region, eq(region.id, round.regionId));
	return {
		async round(slug) {
			const [r] = await roundQuery().where(eq(round.slug, slug));
			return (r as EvalRound | undefined) ?? null;
		},
		async population(districtId, regionId) {
			// The latest snapshot of each region (of one region, or all regions of the district summed).
			const result = await db.execute(sql`
				SELECT DISTINCT ON (${populationSnapshot.regionId}) ${populationSnapshot.asOf} AS as_of, ${populationSnapshot.residents} AS residents, ${populationSnapshot.groups} AS groups
				FROM ${populationSnapshot} JOIN ${region} ON ${region.id} = ${populationSnapshot.regionId}
				WHERE ${region.districtId} = ${districtId} ${regionId ? sql`AND ${region.id} = ${regionId}` : sql``}
				ORDER BY ${populationSnapshot.regionId}, ${populationSnapshot.asOf} DESC`);
			const counts: Record<string, number> = {};
			let asOf = null as string | null;
			// node-postgres and PGlite both answer { rows }; the union type of Db loses that, hence the cast.
			for (const r of (result as unknown as { rows: { as_of: string | Date; residents: number; groups: Record<string, number> }[] }).rows) {
				const d = typeof r.as_of === 'string' ? r.as_of.slice(0, 10) : r.as_of.toISOString().slice(0, 10);
				asOf = asOf === null || d < asOf ? d : asOf;
				counts.inhabitants = (counts.inhabitants ?? 0) + Number(r.residents);
				// Stored without the CSV's "inhabitants_" prefix (server/data/berlin.ts); core reads CSV column names.
				for (const [k, v] of Object.entries(r.groups)) counts[`inhabitants_${k}`] = (counts[`inhabitants_${k}`] ?? 0) + Number(v);
			}
			return { asOf, counts };
		},
		async answerCounts(roundId) {
			const result = await db.execute(sql`
				SELECT a.key AS dimension, a.value AS value, count(*)::int AS n
				FROM (
					SELECT ${demographicResponse.answers} AS answers FROM ${demographicResponse} WHERE ${demographicResponse.roundId} = ${roundId}
					UNION ALL
					-- The cards filled in at the assembly door (issue 5) are answers of the assembly channel.
					SELECT ${assemblyCard.answers} FROM ${assemblyCard} JOIN ${assembly} ON ${assembly.id} = ${assemblyCard.assemblyId}
					WHERE ${assembly.roundId} = ${roundId}
				) AS r, jsonb_each_text(r.answers) AS a(key, value)
				GROUP BY 1, 2`);
			return (result as unknown as { rows: { dimension: string; value: string; n: number }[] }).rows.map((r) => ({ ...r, n: Number(r.n) }));
		},
		async responseCounts(roundId) {
			const rows = await db
				.select({ channel: demographicResponse.channel, month: sql<string>`to_char(${demographicResponse.day}, 'YYYY-MM')`, n: sql<number>`count(*)::int` })
				.from(demographicResponse)
				.where(eq(demographicResponse.roundId, roundId))
				.groupBy(demographicResponse.channel, sql`2`);
			const cards = await db
				.select({ month: sql<string>`to_char(${assembly.heldAt}, 'YYYY-MM')`, n: sql<number>`count(*)::int` })
				.from(assemblyCard)
				.innerJoin(assembly, eq(assembly.id, assemblyCard.assemblyId))
				.where(eq(assembly.roundId, roundId))
				.groupBy(sql`1`);
			return [...rows, ...cards.map((c) => ({ channel: 'assembly', ...c }))].map((r) => ({ ...r, n: Number(r.n) }));
		},
		async ideaCounts(roundId) {
			const rows = await db
				.select({
					channel: proposal.channel,
					status: proposal.status,
					n: sql<number>`count(*)::int`,
					requestedCents: sql<number>`coalesce(sum(${proposal.requestedCents}), 0)::bigint`
				})
				.from(proposal)
				.where(and(eq(proposal.roundId, roundId), isNull(proposal.mergedIntoId)))
				.groupBy(proposal.channel, proposal.status);
			return rows.map((r) => ({ ...r, n: Number(r.n), requestedCents: Number(r.requestedCents) }));
		},
		async ideaMonths(roundId) {
			// The month an idea was handed in (submitted, else created), in Berlin time; the same ideas as ideaCounts
			// minus the ones not public (draft, unconfirmed) — merged ones are left out there already.
			const month = sql<string>`to_char(coalesce(${proposal.submittedAt}, ${proposal.createdAt}) AT TIME ZONE 'Europe/Berlin', 'YYYY-MM')`;
			const rows = await db
				.select({ channel: proposal.channel, month, n: sql<number>`count(*)::int` })
				.from(proposal)
				.where(and(eq(proposal.roundId, roundId), isNull(proposal.mergedIntoId), notInArray(proposal.status, ['draft', 'unconfirmed', 'merged'])))
				.groupBy(proposal.channel, sql`2`);
			return rows.map((r) => ({ ...r, n: Number(r.n) }));
		},
		ballotAgeAsked: (roundId) => ageQuestionAsked(db, roundId),
		setBallotAgeQuestion: (r, asked, by, at) => setAgeQuestion(db, r, asked, by, at),
		voteOpened: (roundId) => voteOpened(db, roundId),
		closedVoteWithAgeBands: (roundId) => closedVoteWithAgeBands(db, roundId),
		async insertResponse(r) {
			await db.insert(demographicResponse).values(r);
		},
		async roundsOfDistrict(districtSlug) {
			const [d] = await db.select({ id: district.id, slug: district.slug, name: district.name }).from(district).where(eq(district.slug, districtSlug));
			if (!d) return { district: null, rounds: [] };
			// The newest year of the district's rounds (the comparison the pilot needs: this year's Kiezkassen).
			const [y] = await db.select({ year: round.year }).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).where(eq(programme.districtId, d.id)).orderBy(desc(round.year)).limit(1);
			if (!y) return { district: d, rounds: [] };
			const rounds = await roundQuery()
				.where(and(eq(district.id, d.id), sql`${round.year} >= ${y.year - 1}`))
				.orderBy(desc(round.year), asc(programme.name), sql`4`);
			return { district: d, rounds: rounds as EvalRound[] };
		}
	};
}

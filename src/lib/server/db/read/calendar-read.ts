import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { CalendarReadPort } from '../../app/calendar.ts';
import { entryView } from '../../../core/record/record.ts';
import { entries } from '../repositories/record.ts';
import type { Db } from '../client.ts';
import { district, programme, region, round, roundPhase } from '../schema/index.ts';

/** Two queries per calendar, whatever the number of rounds (rounds, then all their phases). */
export function createCalendarRead(db: Db): CalendarReadPort {
	return {
		async entries(districtId, filter, now) {
			return (await entries(db, districtId, filter)).map((r) => entryView(r, now));
		},
		async regions(districtId) {
			return db.select({ id: region.id, name: region.name }).from(region).where(eq(region.districtId, districtId)).orderBy(asc(region.name));
		},
		async rounds(districtId, filter) {
			const conds = [eq(programme.districtId, districtId)];
			if (filter.regionId) conds.push(eq(round.regionId, filter.regionId));
			if (filter.roundSlug) conds.push(eq(round.slug, filter.roundSlug));
			if (filter.years) conds.push(inArray(round.year, filter.years));
			const rows = await db
				.select({
					id: round.id,
					slug: round.slug,
					year: round.year,
					regionId: round.regionId,
					programmeName: programme.name,
					place: sql<string>`coalesce(${region.name}, ${district.name})`
				})
				.from(round)
				.innerJoin(programme, eq(programme.id, round.programmeId))
				.innerJoin(district, eq(district.id, programme.districtId))
				.leftJoin(region, eq(region.id, round.regionId))
				.where(and(...conds))
				.orderBy(asc(round.slug));
			if (rows.length === 0) return [];
			const phases = await db
				.select()
				.from(roundPhase)
				.where(inArray(roundPhase.roundId, rows.map((r) => r.id)))
				.orderBy(asc(roundPhase.roundId), asc(roundPhase.position));
			const byRound = new Map<string, { key: string; startsAt: string; endsAt: string | null }[]>();
			for (const p of phases) {
				const list = byRound.get(p.roundId) ?? [];
				list.push({ key: p.key, startsAt: p.startsAt.toISOString(), endsAt: p.endsAt ? p.endsAt.toISOString() : null });
				byRound.set(p.roundId, list);
			}
			return rows.map((r) => ({ slug: r.slug, year: r.year, regionId: r.regionId, programmeName: r.programmeName, place: r.place, phases: byRound.get(r.id) ?? [] }));
		}
	};
}

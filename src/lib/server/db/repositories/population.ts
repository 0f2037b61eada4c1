import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { populationSnapshot, region } from '../schema/index.ts';
import type { PopulationStore } from '../../app/population.ts';

/** Register snapshots (issue 7): one row per region and date; a second import of the same date replaces it. */
export function createPopulationStore(db: Db): PopulationStore {
	return {
		async knownRegions(ids) {
			if (ids.length === 0) return [];
			const rows = await db.select({ id: region.id }).from(region).where(inArray(region.id, ids));
			return rows.map((r) => r.id);
		},
		async save(asOf, source, regions) {
			// One transaction: a file is imported whole or not at all, so the dashboard never mixes two halves.
			await db.transaction(async (tx) => {
				for (const r of regions)
					await tx
						.insert(populationSnapshot)
						.values({ regionId: r.regionId, asOf, residents: r.residents, groups: r.groups, source })
						.onConflictDoUpdate({
							target: [populationSnapshot.regionId, populationSnapshot.asOf],
							set: { residents: sql`excluded.residents`, groups: sql`excluded.groups`, source: sql`excluded.source` }
						});
			});
		}
	};
}

/**
 * A demo round that decides by vote, with its phases and eligible example ideas: the shape the Stadtteilbudget
 * voting now, the closed Stadtteilbudget with age bands and this year's Bürgerhaushalt share (seed.ts,
 * seed-evaluation.ts). Phases are given in whole months relative to the seed date, each starting on the 1st,
 * so the demo is in the intended phase whatever day it is seeded. Idempotent like the rest of the seed.
 */
import type { Tx } from '../db/client.ts';
import { ensureProposal, ensureRound } from '../db/repositories/seed.ts';

export type DemoIdea = readonly [title: string, description: string, cents: number];

export async function ensureDemoVoteRound(
	tx: Tx,
	o: {
		programmeId: string;
		regionId: string | null;
		districtId: string;
		year: number;
		slug: string;
		budgetCents: number;
		at: Date;
		/** [phase key, first month, month after the last], relative to the seed date's month. */
		phases: readonly (readonly [key: string, from: number, to: number])[];
		ideas: readonly DemoIdea[];
		/** Months relative to the seed date when the ideas were handed in and found eligible (on the 5th). */
		submitted: number;
		eligible: number;
	}
): Promise<{ id: string; created: boolean }> {
	const month = (m: number) => new Date(Date.UTC(o.at.getUTCFullYear(), o.at.getUTCMonth() + m, 1)).toISOString();
	const day = (m: number) => new Date(Date.UTC(o.at.getUTCFullYear(), o.at.getUTCMonth() + m, 5, 10));
	const r = await ensureRound(
		tx,
		{
			programmeId: o.programmeId,
			regionId: o.regionId,
			districtId: o.districtId,
			year: o.year,
			slug: o.slug,
			budgetCents: o.budgetCents,
			phases: o.phases.map(([key, from, to]) => ({ key, startsAt: month(from), endsAt: month(to) }))
		},
		o.at
	);
	for (const [title, description, cents] of o.ideas) {
		await ensureProposal(tx, {
			roundId: r.id,
			districtId: o.districtId,
			title,
			description,
			benefit: null,
			channel: 'online',
			requestedCents: cents,
			sourceUrl: null,
			costItems: [{ category: 'material', description: 'Gesamtkosten (Schätzung)', amountCents: cents }],
			history: [
				{ status: 'submitted', at: day(o.submitted) },
				{ status: 'eligible', at: day(o.eligible) }
			]
		});
	}
	return r;
}

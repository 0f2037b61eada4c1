/**
 * Merging duplicates (Zusammenlegen; issue 4, PRODUCT.md lifecycle step 3): Lichtenberg's editorial team
 * and Marzahn-Hellersdorf's content check both merge duplicate proposals before the vote (domain.md
 * §3.1–3.2). Only ideas of the same round can be merged, and never into an idea that is itself gone.
 */
import type { ProposalStatus } from '../process/proposal-status.ts';

export type MergeCandidate = { id: string; roundId: string; status: string };

export type MergeRefusal = 'same_idea' | 'other_round' | 'source_gone' | 'target_gone';

/** Statuses from which an idea can no longer be merged or receive another one. */
const GONE: readonly ProposalStatus[] = ['merged', 'withdrawn', 'draft', 'unconfirmed'];

export function mergeRefusal(source: MergeCandidate, target: MergeCandidate): MergeRefusal | null {
	if (source.id === target.id) return 'same_idea';
	if (source.roundId !== target.roundId) return 'other_round';
	if ((GONE as readonly string[]).includes(source.status)) return 'source_gone';
	if ((GONE as readonly string[]).includes(target.status)) return 'target_gone';
	return null;
}

/**
 * Greedy rules: sort projects by a score (desc), ties by the tie-break chain, and take each project that
 * still fits (or stop at the first that does not: greedy-no-skip). This is pabutools'
 * `greedy_utilitarian_welfare` for additive satisfactions: `votes` = Cost_Sat, `votes-per-cost` =
 * Cardinality_Sat, `points` = points x cost, `points-per-cost` = Additive_Cardinal_Sat. Densities are
 * compared exactly by cross-multiplication in bigint.
 */
import { formatUnits } from './decimal.ts';
import type { Election } from './election.ts';
import { pointTotals, positionalScores, supporterCounts } from './election.ts';
import type { LogEntry } from './result.ts';
import type { GreedyScore } from './spec.ts';

export function greedyScores(e: Election, score: GreedyScore): number[] {
	switch (score) {
		case 'votes':
		case 'votes-per-cost':
			return supporterCounts(e);
		case 'points':
		case 'points-per-cost':
			return pointTotals(e);
		case 'positional':
			return positionalScores(e);
	}
}

/** Project order for greedy: density desc, then tie-break rank. */
export function greedyOrder(e: Election, score: GreedyScore, rank: Int32Array, scores = greedyScores(e, score)): number[] {
	const perCost = score === 'votes-per-cost' || score === 'points-per-cost';
	const order = e.projects.map((_, i) => i);
	order.sort((a, b) => {
		const sa = BigInt(scores[a]!);
		const sb = BigInt(scores[b]!);
		let d: number;
		if (!perCost) d = sa > sb ? -1 : sa < sb ? 1 : 0;
		else {
			const ca = e.projects[a]!.cost;
			const cb = e.projects[b]!.cost;
			// density = s/c; s > 0 with c = 0 is infinite (pabutools), s = 0 is 0.
			const inf = (s: bigint, c: bigint) => s > 0n && c === 0n;
			const ia = inf(sa, ca);
			const ib = inf(sb, cb);
			if (ia || ib) d = ia && ib ? 0 : ia ? -1 : 1;
			else {
				const l = sa * (cb === 0n ? 1n : cb) * (ca === 0n ? 0n : 1n);
				const r = sb * (ca === 0n ? 1n : ca) * (cb === 0n ? 0n : 1n);
				d = l > r ? -1 : l < r ? 1 : 0;
			}
		}
		return d !== 0 ? d : rank[a]! - rank[b]!;
	});
	return order;
}

export interface GreedyRun {
	selected: number[];
	spent: bigint;
	log: LogEntry[];
}

/**
 * Fills `budget` starting from an initial selection (for completions). Projects already selected are not
 * considered again.
 */
export function runGreedy(
	e: Election,
	score: GreedyScore,
	rank: Int32Array,
	opts: { ifNoFit: 'skip' | 'stop'; threshold: number | null; initial?: number[]; logKind?: 'greedy' | 'completion' }
): GreedyRun {
	const scores = greedyScores(e, score);
	const order = greedyOrder(e, score, rank, scores);
	const chosen = new Set(opts.initial ?? []);
	const selected = [...(opts.initial ?? [])];
	let spent = 0n;
	for (const p of selected) spent += e.projects[p]!.cost;
	const log: LogEntry[] = [];
	const fmt = (u: bigint) => formatUnits(u, e.scale);
	let stopped = false;
	for (const p of order) {
		if (chosen.has(p)) continue;
		const pr = e.projects[p]!;
		const s = String(scores[p]);
		if (opts.logKind === 'completion') {
			if (spent + pr.cost <= e.budget) {
				selected.push(p);
				spent += pr.cost;
				log.push({ kind: 'completion', project: pr.id, cost: fmt(pr.cost), remaining: fmt(e.budget - spent) });
			}
			continue;
		}
		let decision: 'selected' | 'skipped: does not fit' | 'stopped: does not fit' | 'not eligible: below threshold' | 'not considered: stopped earlier';
		if (stopped) decision = 'not considered: stopped earlier';
		else if (opts.threshold !== null && scores[p]! < opts.threshold) decision = 'not eligible: below threshold';
		else if (spent + pr.cost <= e.budget) {
			decision = 'selected';
			selected.push(p);
			spent += pr.cost;
		} else if (opts.ifNoFit === 'stop') {
			decision = 'stopped: does not fit';
			stopped = true;
		} else decision = 'skipped: does not fit';
		log.push({ kind: 'greedy', project: pr.id, score: s, cost: fmt(pr.cost), decision, remaining: fmt(e.budget - spent) });
	}
	return { selected, spent, log };
}

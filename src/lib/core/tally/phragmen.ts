/**
 * Sequential Phragmén (Brill et al. 2017) as pabutools 1.2.3 `sequential_phragmen`: loads grow
 * continuously; the project whose supporters would reach the smallest new maximal load
 * (their current loads + cost) / supporters is bought next; the rule stops at the first such project that
 * does not fit (no skipping). Ballots are read as approval sets. Float first, exact rational re-check
 * whenever two candidates are within a relative 1e-9 (see mes.ts for why).
 */
import type { Election } from './election.ts';
import { groupBallots } from './election.ts';
import * as R from './rational.ts';
import type { Rat } from './rational.ts';

const TOL = 1e-9;

export interface PhragmenRound {
	project: number;
	load: Rat | number;
	tied: number[];
}
export interface PhragmenRun {
	selected: number[];
	rounds: PhragmenRound[];
	stoppedAt: number | null;
	exact: boolean;
}

export function runPhragmen(e: Election, rank: Int32Array): PhragmenRun {
	const groups = groupBallots(e, false);
	const m = e.projects.length;
	const supp: number[][] = Array.from({ length: m }, () => []);
	groups.forEach((g, gi) => g.projects.forEach((p) => supp[p]!.push(gi)));
	const score = supp.map((s) => s.reduce((a, gi) => a + groups[gi]!.weight, 0));
	const costs = e.projects.map((p) => p.cost);
	const initial: number[] = [];
	for (let p = 0; p < m; p++) if (costs[p]! <= e.budget) initial.push(p);
	return phragmenFloat(e, groups.map((g) => g.weight), supp, score, costs, initial, rank) ?? phragmenExact(e, groups.map((g) => BigInt(g.weight)), supp, score, costs, initial, rank);
}

function phragmenFloat(e: Election, w: number[], supp: number[][], score: number[], costs: bigint[], initial: number[], rank: Int32Array): PhragmenRun | null {
	const load = new Float64Array(w.length);
	const projects = new Set(initial);
	const selected: number[] = [];
	const rounds: PhragmenRound[] = [];
	let spent = 0n;
	while (projects.size > 0) {
		let min = Infinity;
		const nl = new Map<number, number>();
		for (const p of projects) {
			let v: number;
			if (score[p] === 0) v = Infinity;
			else {
				let s = 0;
				for (const g of supp[p]!) s += w[g]! * load[g]!;
				v = (s + Number(costs[p]!)) / score[p]!;
			}
			nl.set(p, v);
			if (v < min) min = v;
		}
		const tied = [...projects].filter((p) => nl.get(p)! <= min * (1 + TOL) || nl.get(p) === min);
		if (tied.length > 1 && min !== Infinity) return null;
		tied.sort((a, b) => rank[a]! - rank[b]!);
		if (tied.some((p) => spent + costs[p]! > e.budget)) return { selected, rounds, stoppedAt: tied[0]!, exact: false };
		const win = tied[0]!;
		for (const g of supp[win]!) load[g] = min;
		selected.push(win);
		spent += costs[win]!;
		projects.delete(win);
		rounds.push({ project: win, load: min, tied: tied.slice(1) });
	}
	return { selected, rounds, stoppedAt: null, exact: false };
}

function phragmenExact(e: Election, w: bigint[], supp: number[][], score: number[], costs: bigint[], initial: number[], rank: Int32Array): PhragmenRun {
	const load: Rat[] = new Array(w.length).fill(R.ZERO);
	const projects = new Set(initial);
	const selected: number[] = [];
	const rounds: PhragmenRound[] = [];
	let spent = 0n;
	while (projects.size > 0) {
		let min: Rat | null = null;
		let tied: number[] = [];
		const infinite: number[] = [];
		for (const p of projects) {
			if (score[p] === 0) {
				infinite.push(p);
				continue;
			}
			let s = R.rat(costs[p]!);
			for (const g of supp[p]!) s = R.add(s, R.mulInt(load[g]!, w[g]!));
			const v = R.div(s, R.rat(BigInt(score[p]!)));
			if (!min || R.lt(v, min)) {
				min = v;
				tied = [p];
			} else if (R.eq(v, min)) tied.push(p);
		}
		if (!min) tied = infinite;
		tied.sort((a, b) => rank[a]! - rank[b]!);
		if (tied.some((p) => spent + costs[p]! > e.budget)) return { selected, rounds, stoppedAt: tied[0]!, exact: true };
		const win = tied[0]!;
		if (min) for (const g of supp[win]!) load[g] = min;
		selected.push(win);
		spent += costs[win]!;
		projects.delete(win);
		rounds.push({ project: win, load: min ?? R.ZERO, tied: tied.slice(1) });
	}
	return { selected, rounds, stoppedAt: null, exact: true };
}

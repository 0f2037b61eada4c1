/**
 * Method of Equal Shares (Peters & Skowron 2020; equalshares.net), as pabutools 1.2.3 computes it
 * (`method_of_equal_shares_scheme` / `mes_inner_algo`): every voter starts with the same budget b; in each
 * round the project with the lowest price per unit of utility rho (its supporters pay rho x utility, or
 * everything they have left) is bought; ties go to the tie-break chain.
 *
 * Exactness: each run is first done in float64, tracking every comparison that could change the outcome
 * (which project has the lowest rho, whether supporters can still afford a project). When such a
 * comparison is closer than a relative 1e-9 — far above the accumulated float error, which stays near
 * 1e-13 — the run is redone in exact bigint rationals and that result is used. Floats make a run fast
 * (the Łódź 2022 file has 23k distinct ballots); the re-check makes it the same as exact arithmetic, which
 * matters because exact ties are common in small elections (equal costs and vote counts) and the tie-break
 * chain must see them as ties. Identical ballots are grouped and weighted, so the work is linear in the
 * number of approvals of distinct ballots.
 */
import type { Election } from './election.ts';
import { groupBallots, voterCount } from './election.ts';
import * as R from './rational.ts';
import type { Rat } from './rational.ts';
import type { MesUtility } from './spec.ts';

const TOL = 1e-9;

/** Everything about an election that does not depend on the per-voter budget; reused across Add1 steps. */
export interface MesPrep {
	m: number;
	G: number;
	weight: Float64Array;
	weightBig: bigint[];
	supp: Int32Array[];
	/** per project: uniform utility (cost / approval) or null when utilities vary (points) */
	uniform: Array<number | null>;
	util: Float64Array[];
	utilBig: bigint[][];
	totalSat: Float64Array;
	totalSatBig: bigint[];
	cost: Float64Array;
	costBig: bigint[];
	/** projects MES considers: positive cost and some supporter */
	candidates: number[];
	/** supported projects of cost 0, taken before the first round (pabutools does the same) */
	free: number[];
	rank: Int32Array;
	groups: number;
	n: number;
	budget: bigint;
}

export function prepareMes(e: Election, utility: MesUtility, rank: Int32Array): MesPrep {
	const withPoints = utility === 'points';
	const groups = groupBallots(e, withPoints);
	const m = e.projects.length;
	const G = groups.length;
	const weight = new Float64Array(G);
	const weightBig: bigint[] = new Array(G);
	const lists: number[][] = Array.from({ length: m }, () => []);
	const ulists: number[][] = Array.from({ length: m }, () => []);
	groups.forEach((g, gi) => {
		weight[gi] = g.weight;
		weightBig[gi] = BigInt(g.weight);
		g.projects.forEach((p, k) => {
			const u = withPoints ? g.points![k]! : 1;
			if (u > 0) {
				lists[p]!.push(gi);
				ulists[p]!.push(u);
			}
		});
	});
	const supp: Int32Array[] = [];
	const util: Float64Array[] = [];
	const utilBig: bigint[][] = [];
	const uniform: Array<number | null> = [];
	const totalSat = new Float64Array(m);
	const totalSatBig: bigint[] = [];
	const cost = new Float64Array(m);
	const costBig: bigint[] = [];
	const candidates: number[] = [];
	const free: number[] = [];
	for (let p = 0; p < m; p++) {
		const c = e.projects[p]!.cost;
		costBig.push(c);
		cost[p] = Number(c);
		supp.push(Int32Array.from(lists[p]!));
		let us: number[];
		if (utility === 'cost') us = lists[p]!.map(() => Number(c));
		else if (utility === 'approval') us = lists[p]!.map(() => 1);
		else us = ulists[p]!;
		util.push(Float64Array.from(us));
		const ub = utility === 'cost' ? lists[p]!.map(() => c) : us.map((u) => BigInt(u));
		utilBig.push(ub);
		uniform.push(utility === 'points' ? null : (us[0] ?? 0));
		let ts = 0n;
		lists[p]!.forEach((gi, k) => (ts += weightBig[gi]! * ub[k]!));
		totalSatBig.push(ts);
		totalSat[p] = Number(ts);
		if (ts > 0n) {
			if (c > 0n) candidates.push(p);
			else free.push(p);
		}
	}
	return { m, G, weight, weightBig, supp, uniform, util, utilBig, totalSat, totalSatBig, cost, costBig, candidates, free, rank, groups: G, n: voterCount(e), budget: e.budget };
}

export interface MesRound {
	project: number;
	rho: Rat | number;
	before: Rat | number;
	after: Rat | number;
	supporters: number;
	tied: number[];
}

export interface MesRun {
	selected: number[];
	rounds: MesRound[];
	exact: boolean;
}

/**
 * One run of MES at per-voter budget b. Candidates are screened in float64. The first time a decision is
 * close (two prices within 1e-9, or supporters' money within 1e-9 of a cost), the rounds so far are
 * replayed in exact rationals (their winners were clear, so they do not change) and from then on every
 * winner's price and every supporter's budget is kept exact; close decisions are settled on exact values.
 */
export function runMes(prep: MesPrep, b: Rat, initial: number[] = []): MesRun {
	const { supp, weight, weightBig, cost, costBig, totalSat, uniform, util, utilBig, rank } = prep;
	const bF = R.toNumber(b);
	const bud = new Float64Array(prep.G).fill(bF);
	let budX: Rat[] | null = null;
	const taken = new Set(initial);
	const selected = [...initial];
	for (const p of prep.free) if (!taken.has(p)) selected.push(p);
	const aff = new Float64Array(prep.m);
	const alive = new Uint8Array(prep.m);
	let live = prep.candidates.filter((p) => !taken.has(p));
	for (const p of live) {
		aff[p] = cost[p]! / totalSat[p]!;
		alive[p] = 1;
	}
	const orders: Array<number[] | null> = new Array(prep.m).fill(null);
	const rounds: MesRound[] = [];
	// allRich[p]: in its last float evaluation every supporter could pay rho x utility with a clear margin,
	// so the exact price is cost / total utility, computable without the exact budgets.
	const allRich = new Uint8Array(prep.m);

	const exactRho = (p: number): Rat => {
		const x = budX!;
		const s = supp[p]!;
		const us = utilBig[p]!;
		const idx = Array.from(s.keys());
		if (uniform[p] !== null) idx.sort((i, j) => (x[s[i]!] === x[s[j]!] ? 0 : R.cmp(x[s[i]!]!, x[s[j]!]!)));
		else idx.sort((i, j) => R.cmp(R.mulInt(x[s[i]!]!, us[j]!), R.mulInt(x[s[j]!]!, us[i]!)));
		const c = R.rat(costBig[p]!);
		let paid = R.ZERO;
		let denom = prep.totalSatBig[p]!;
		let rho: Rat = c;
		for (const k of idx) {
			const g = s[k]!;
			rho = R.div(R.sub(c, paid), R.rat(denom));
			if (R.le(R.mulInt(rho, us[k]!), x[g]!)) break;
			paid = R.add(paid, R.mulInt(x[g]!, weightBig[g]!));
			denom -= weightBig[g]! * us[k]!;
		}
		return rho;
	};
	const exactAvail = (p: number): Rat => {
		// Groups with the same history share one budget object: add weights first, then one term per budget.
		const s = supp[p]!;
		const byBudget = new Map<Rat, bigint>();
		for (let k = 0; k < s.length; k++) {
			const x = budX![s[k]!]!;
			byBudget.set(x, (byBudget.get(x) ?? 0n) + weightBig[s[k]!]!);
		}
		let a = R.ZERO;
		for (const [x, w] of byBudget) a = R.add(a, R.mulInt(x, w));
		return a;
	};
	const payExact = (p: number, rho: Rat) => {
		const s = supp[p]!;
		const us = utilBig[p]!;
		const memo = new Map<Rat, { x: Rat; f: number }>();
		let uniformPay: Rat | undefined;
		for (let k = 0; k < s.length; k++) {
			const g = s[k]!;
			const old = budX![g]!;
			const uniformU = uniform[p] !== null;
			let hit = uniformU ? memo.get(old) : undefined;
			if (!hit) {
				const pay = uniformU ? (uniformPay ??= R.mulInt(rho, us[k]!)) : R.mulInt(rho, us[k]!);
				const x = R.le(old, pay) ? R.ZERO : R.sub(old, pay);
				hit = { x, f: R.toNumber(x) };
				if (uniformU) memo.set(old, hit);
			}
			budX![g] = hit.x;
			bud[g] = hit.f;
		}
	};
	const goExact = () => {
		if (budX) return;
		budX = new Array<Rat>(prep.G).fill(b);
		bud.fill(bF);
		for (const r of rounds) {
			const rho = exactRho(r.project);
			payExact(r.project, rho);
			r.rho = rho;
		}
	};

	for (;;) {
		live = live.filter((p) => alive[p]);
		live.sort((x, y) => aff[x]! - aff[y]! || x - y);
		let best = Infinity;
		const evaluated: number[] = [];
		for (const p of live) {
			const s = supp[p]!;
			let avail = 0;
			for (let k = 0; k < s.length; k++) avail += weight[s[k]!]! * bud[s[k]!]!;
			const c = cost[p]!;
			let short: boolean;
			if (Math.abs(avail - c) <= TOL * c) {
				goExact();
				short = R.lt(exactAvail(p), R.rat(costBig[p]!));
			} else short = avail < c;
			if (short) {
				alive[p] = 0;
				continue;
			}
			if (aff[p]! > best * (1 + TOL)) break;
			let ord = orders[p];
			if (!ord) ord = orders[p] = Array.from(s);
			const u0 = uniform[p] ?? null;
			let rho = Infinity;
			let paid = 0;
			let denom = totalSat[p]!;
			if (u0 !== null) {
				ord.sort((x, y) => bud[x]! - bud[y]!);
				allRich[p] = c / denom * u0 <= bud[ord[0]!]! * (1 - TOL) ? 1 : 0;
				for (let k = 0; k < ord.length; k++) {
					const g = ord[k]!;
					rho = (c - paid) / denom;
					if (rho * u0 <= bud[g]!) break;
					paid += weight[g]! * bud[g]!;
					denom -= weight[g]! * u0;
				}
			} else {
				const us = util[p]!;
				const uOf = new Map<number, number>();
				for (let k = 0; k < s.length; k++) uOf.set(s[k]!, us[k]!);
				ord.sort((x, y) => bud[x]! / uOf.get(x)! - bud[y]! / uOf.get(y)!);
				allRich[p] = (c / denom) * uOf.get(ord[0]!)! <= bud[ord[0]!]! * (1 - TOL) ? 1 : 0;
				for (let k = 0; k < ord.length; k++) {
					const g = ord[k]!;
					const u = uOf.get(g)!;
					rho = (c - paid) / denom;
					if (rho * u <= bud[g]!) break;
					paid += weight[g]! * bud[g]!;
					denom -= weight[g]! * u;
				}
			}
			aff[p] = rho;
			evaluated.push(p);
			if (rho < best) best = rho;
		}
		if (evaluated.length === 0) break;
		const close = evaluated.filter((p) => aff[p]! <= best * (1 + TOL));
		let win = close[0]!;
		let tied: number[] = [];
		let rhoX: Rat | null = null;
		if (close.length > 1) {
			const cheap = !budX && close.every((p) => allRich[p]);
			if (!cheap) goExact();
			let bestX: Rat | null = null;
			for (const p of close) {
				const r = cheap ? R.rat(costBig[p]!, prep.totalSatBig[p]!) : exactRho(p);
				if (!bestX || R.lt(r, bestX)) {
					bestX = r;
					tied = [p];
				} else if (R.eq(r, bestX)) tied.push(p);
			}
			tied.sort((x, y) => rank[x]! - rank[y]!);
			win = tied[0]!;
			rhoX = bestX;
			tied = tied.slice(1);
		}
		const s = supp[win]!;
		let before = 0;
		let supporters = 0;
		for (let k = 0; k < s.length; k++) {
			before += weight[s[k]!]! * bud[s[k]!]!;
			supporters += weight[s[k]!]!;
		}
		let rhoOut: Rat | number;
		if (rhoX && !budX) aff[win] = R.toNumber(rhoX);
		if (budX) {
			rhoX ??= exactRho(win);
			payExact(win, rhoX);
			rhoOut = rhoX;
		} else {
			const rho = aff[win]!;
			const u0 = uniform[win] ?? null;
			const us = util[win]!;
			for (let k = 0; k < s.length; k++) {
				const g = s[k]!;
				const pay = rho * (u0 ?? us[k]!);
				bud[g] = pay >= bud[g]! ? 0 : bud[g]! - pay;
			}
			rhoOut = rho;
		}
		let after = 0;
		for (let k = 0; k < s.length; k++) after += weight[s[k]!]! * bud[s[k]!]!;
		selected.push(win);
		alive[win] = 0;
		rounds.push({ project: win, rho: rhoOut, before, after, supporters, tied });
	}
	return { selected, rounds, exact: budX !== null };
}

/** Reference implementation entirely in exact rationals (slow); the property tests hold runMes to it. */
export function runMesExactReference(prep: MesPrep, b: Rat, initial: number[] = []): MesRun {
	return runMesExact(prep, b, initial);
}

function runMesExact(prep: MesPrep, b: Rat, initial: number[]): MesRun {
	const { supp, weightBig, costBig, totalSatBig, utilBig, rank } = prep;
	const bud: Rat[] = new Array(prep.G).fill(b);
	const taken = new Set(initial);
	const selected = [...initial];
	for (const p of prep.free) if (!taken.has(p)) selected.push(p);
	let live = prep.candidates.filter((p) => !taken.has(p));
	const aff: Rat[] = new Array(prep.m);
	for (const p of live) aff[p] = R.rat(costBig[p]!, totalSatBig[p]!);
	const rounds: MesRound[] = [];
	const dead = new Uint8Array(prep.m);
	for (;;) {
		live = live.filter((p) => !dead[p]);
		live.sort((x, y) => R.cmp(aff[x]!, aff[y]!) || x - y);
		let best: Rat | null = null;
		let tied: number[] = [];
		for (const p of live) {
			const s = supp[p]!;
			const c = R.rat(costBig[p]!);
			let avail = R.ZERO;
			for (let k = 0; k < s.length; k++) avail = R.add(avail, R.mulInt(bud[s[k]!]!, weightBig[s[k]!]!));
			if (R.lt(avail, c)) {
				dead[p] = 1;
				continue;
			}
			if (best && R.lt(best, aff[p]!)) break;
			const us = utilBig[p]!;
			const idx = Array.from(s.keys());
			const key = idx.map((k) => R.div(bud[s[k]!]!, R.rat(us[k]!)));
			idx.sort((x, y) => R.cmp(key[x]!, key[y]!));
			let paid = R.ZERO;
			let denom = totalSatBig[p]!;
			let rho: Rat = c;
			for (const k of idx) {
				const g = s[k]!;
				rho = R.div(R.sub(c, paid), R.rat(denom));
				if (R.le(R.mulInt(rho, us[k]!), bud[g]!)) break;
				paid = R.add(paid, R.mulInt(bud[g]!, weightBig[g]!));
				denom -= weightBig[g]! * us[k]!;
			}
			aff[p] = rho;
			if (!best || R.lt(rho, best)) {
				best = rho;
				tied = [p];
			} else if (R.eq(rho, best)) tied.push(p);
		}
		if (!best) break;
		tied.sort((x, y) => rank[x]! - rank[y]!);
		const win = tied[0]!;
		const s = supp[win]!;
		const us = utilBig[win]!;
		let before = R.ZERO;
		let after = R.ZERO;
		let supporters = 0;
		for (let k = 0; k < s.length; k++) {
			const g = s[k]!;
			const w = weightBig[g]!;
			before = R.add(before, R.mulInt(bud[g]!, w));
			const pay = R.mulInt(best, us[k]!);
			bud[g] = R.le(bud[g]!, pay) ? R.ZERO : R.sub(bud[g]!, pay);
			after = R.add(after, R.mulInt(bud[g]!, w));
			supporters += Number(w);
		}
		selected.push(win);
		dead[win] = 1;
		rounds.push({ project: win, rho: best, before, after, supporters, tied: tied.slice(1) });
	}
	return { selected, rounds, exact: true };
}

export function totalCost(prep: MesPrep, sel: number[]): bigint {
	let s = 0n;
	for (const p of sel) s += prep.costBig[p]!;
	return s;
}

/** Exhaustive as pabutools checks it: no supported project of positive cost left out still fits. */
export function isExhaustive(prep: MesPrep, sel: number[]): boolean {
	const spent = totalCost(prep, sel);
	const inSel = new Set(sel);
	for (const p of prep.candidates) if (!inSel.has(p) && spent + prep.costBig[p]! <= prep.budget) return false;
	return true;
}

/**
 * The election a tally works on: projects with exact costs, a budget and the ballots. Amounts are
 * bigint in units of 10^-scale of the currency (scale = most decimals seen in the file), so
 * "2828094.61" and "4000.0" are exact.
 */
export type VoteType = 'approval' | 'choose-1' | 'cumulative' | 'ordinal' | 'scoring' | 'knapsack';

export interface Project {
	id: string;
	/** in units of 10^-scale */
	cost: bigint;
	name?: string;
	/** Pabulib `selected`: 1 = chosen by the official rule, 0 = not, 2/3 = funded for another reason. */
	selected?: number;
}

export interface Ballot {
	/** project indices; for ordinal ballots from most to least preferred */
	projects: number[];
	/** parallel to `projects` for cumulative and scoring ballots */
	points?: number[];
	/**
	 * How many voters this ballot counts as: a positive integer, default 1. Only analyses use it (the
	 * evaluation's re-weighted result, weights scaled ×100); a ballot of weight w is tallied exactly as w
	 * identical ballots, so results stay exact and unchanged without weights.
	 */
	weight?: number;
}

export interface Election {
	voteType: VoteType;
	budget: bigint;
	scale: number;
	projects: Project[];
	/** every ballot is one voter (or `weight` voters), empty ballots included (they count for the per-voter share B/n) */
	ballots: Ballot[];
	meta: Array<[string, string]>;
	minProjectScoreThreshold?: number;
}

/** A ballot's weight (default 1); anything but a positive safe integer is refused. */
export function ballotWeight(b: Ballot): number {
	const w = b.weight ?? 1;
	if (!Number.isSafeInteger(w) || w < 1) throw new Error(`ballot weight must be a positive integer, not ${w}`);
	return w;
}

/** Number of voters: the sum of the ballot weights (= number of ballots without weights). */
export function voterCount(e: Election): number {
	let n = 0;
	for (const b of e.ballots) n += ballotWeight(b);
	return n;
}

/** Number of ballots that contain each project ("supporters", "votes"), weighted. */
export function supporterCounts(e: Election): number[] {
	const c = new Array<number>(e.projects.length).fill(0);
	for (const b of e.ballots) {
		const w = ballotWeight(b);
		for (const p of b.projects) c[p]! += w;
	}
	return c;
}

/** Total points per project (cumulative/scoring ballots). */
export function pointTotals(e: Election): number[] {
	const c = new Array<number>(e.projects.length).fill(0);
	for (const b of e.ballots) {
		const pts = b.points;
		const w = ballotWeight(b);
		for (let i = 0; i < b.projects.length; i++) c[b.projects[i]!]! += (pts ? pts[i]! : 1) * w;
	}
	return c;
}

/** Pabulib's positional score: a ballot of length L gives L, L-1, ..., 1 (reproduces the `score` column of ordinal files). */
export function positionalScores(e: Election): number[] {
	const c = new Array<number>(e.projects.length).fill(0);
	for (const b of e.ballots) {
		const L = b.projects.length;
		const w = ballotWeight(b);
		for (let i = 0; i < L; i++) c[b.projects[i]!]! += (L - i) * w;
	}
	return c;
}

/** Identical ballots grouped: the tally loops over distinct ballots, weighted by how many voters cast them. */
export interface Group {
	projects: number[];
	/** utility per project in `projects` when the rule uses points; otherwise absent */
	points?: number[];
	weight: number;
}

/**
 * Groups ballots read as sets (order dropped), optionally keeping points. Groups come out in the order of
 * their first ballot, so the result does not depend on anything but the ballots.
 */
export function groupBallots(e: Election, withPoints: boolean): Group[] {
	const map = new Map<string, Group>();
	for (const b of e.ballots) {
		let idx: number[];
		let pts: number[] | undefined;
		if (withPoints) {
			const order = b.projects.map((_, i) => i).sort((x, y) => b.projects[x]! - b.projects[y]!);
			idx = order.map((i) => b.projects[i]!);
			pts = order.map((i) => (b.points ? b.points[i]! : 1));
		} else {
			idx = b.projects.slice().sort((x, y) => x - y);
		}
		const key = pts ? idx.join(',') + '|' + pts.join(',') : idx.join(',');
		const w = ballotWeight(b);
		const g = map.get(key);
		if (g) g.weight += w;
		else map.set(key, pts ? { projects: idx, points: pts, weight: w } : { projects: idx, weight: w });
	}
	return [...map.values()];
}

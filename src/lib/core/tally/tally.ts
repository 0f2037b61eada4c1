/**
 * tally(election, spec) → a self-explaining, deterministic result. Same input, same output, byte for byte:
 * no clock, no randomness (a lottery tie-break takes its seed from the spec), Maps and arrays only.
 */
import { formatUnits } from './decimal.ts';
import type { Election } from './election.ts';
import { groupBallots, voterCount } from './election.ts';
import { runGreedy } from './greedy.ts';
import { sha256Hex } from './hash.ts';
import { isExhaustive, prepareMes, runMes, totalCost, type MesPrep, type MesRun } from './mes.ts';
import { runPhragmen } from './phragmen.ts';
import * as R from './rational.ts';
import type { Rat } from './rational.ts';
import type { LogEntry, TallyResult } from './result.ts';
import type { GreedySpec, MesSpec, PhragmenSpec, RuleSpec } from './spec.ts';
import { tieBreakRanks } from './tiebreak.ts';

const hashCache = new WeakMap<Election, string>();
const add1Cache = new WeakMap<Election, Map<string, Add1Outcome>>();

/** SHA-256 of a canonical text of the election: scale, budget, projects (id, cost) and ballots in order. */
export function electionHash(e: Election): string {
	const cached = hashCache.get(e);
	if (cached) return cached;
	const parts: string[] = [`kiezbudget-election-v1`, e.voteType, String(e.scale), e.budget.toString(), String(e.projects.length)];
	for (const p of e.projects) parts.push(JSON.stringify(p.id) + ':' + p.cost.toString());
	// a weight is written only when it is not 1, so unweighted elections keep their hash
	for (const b of e.ballots) parts.push(b.projects.join(',') + (b.points ? '|' + b.points.join(',') : '') + (b.weight !== undefined && b.weight !== 1 ? '*' + b.weight : ''));
	const h = sha256Hex(parts.join('\n'));
	hashCache.set(e, h);
	return h;
}

function money(e: Election, units: bigint): string {
	return formatUnits(units, e.scale);
}

/** Amounts that are fractions of a currency unit (budgets during MES) are shown to 1/100 of a unit. */
function moneyRat(e: Election, v: Rat | number): string {
	if (typeof v === 'number') {
		const x = v / 10 ** e.scale;
		return (Math.round(x * 100) / 100).toFixed(2);
	}
	return R.toDecimalString(R.div(v, R.rat(10n ** BigInt(e.scale))), 2);
}

function plain(v: Rat | number, scale: number): string {
	// price per utility unit, expressed per currency unit of budget
	const x = typeof v === 'number' ? v / 10 ** scale : R.toNumber(v) / 10 ** scale;
	return Number(x.toPrecision(10)).toString();
}

export function tally(e: Election, spec: RuleSpec): TallyResult {
	switch (spec.rule) {
		case 'greedy':
			return tallyGreedy(e, spec);
		case 'mes':
			return tallyMes(e, spec);
		case 'phragmen':
			return tallyPhragmen(e, spec);
	}
}

function finish(e: Election, spec: RuleSpec, selected: number[], log: LogEntry[], exact: boolean): TallyResult {
	let spent = 0n;
	for (const p of selected) spent += e.projects[p]!.cost;
	if (spent > e.budget) throw new Error(`internal error: ${spec.rule} spent more than the budget`);
	return {
		rule: spec,
		inputHash: electionHash(e),
		budget: money(e, e.budget),
		voters: e.ballots.length,
		...(e.ballots.some((b) => b.weight !== undefined && b.weight !== 1) ? { weightedVoters: voterCount(e) } : {}),
		winners: selected.map((p) => e.projects[p]!.id),
		spent: money(e, spent),
		log,
		exactRecheck: exact
	};
}

function tallyGreedy(e: Election, spec: GreedySpec): TallyResult {
	const rank = tieBreakRanks(e, spec.tieBreak);
	const run = runGreedy(e, spec.score, rank, { ifNoFit: spec.ifNoFit, threshold: spec.threshold });
	return finish(e, spec, run.selected, run.log, false);
}

function tallyPhragmen(e: Election, spec: PhragmenSpec): TallyResult {
	const rank = tieBreakRanks(e, spec.tieBreak);
	const run = runPhragmen(e, rank);
	const log: LogEntry[] = run.rounds.map((r, i) => ({
		kind: 'phragmen',
		round: i + 1,
		project: e.projects[r.project]!.id,
		cost: money(e, e.projects[r.project]!.cost),
		load: moneyRat(e, r.load),
		tiedWith: r.tied.map((p) => e.projects[p]!.id)
	}));
	if (run.stoppedAt !== null) {
		let spent = 0n;
		for (const p of run.selected) spent += e.projects[p]!.cost;
		const p = e.projects[run.stoppedAt]!;
		log.push({ kind: 'phragmen-stop', round: run.rounds.length + 1, project: p.id, cost: money(e, p.cost), remaining: money(e, e.budget - spent) });
	}
	return finish(e, spec, run.selected, log, run.exact);
}

export interface Add1Outcome {
	run: MesRun;
	perVoterBudget: Rat;
	increments: number;
	evaluated: number;
	stop: 'exhaustive' | 'next-over-budget' | 'all-supported-selected';
	exact: boolean;
}

/**
 * Add1: raise the per-voter budget by one currency unit at a time. `exhaustiveStop` = pabutools
 * (`voter_budget_increment=1`): return the first exhaustive outcome, or the last one before an outcome
 * that exceeds the budget. Without it (Pabulib's definition of equalshares/add1): keep going while the
 * outcome fits. Every step is a full MES run at that budget, done exactly as runMes describes.
 */
export function add1(prep: MesPrep, start: Rat, unit: bigint, exhaustiveStop: boolean): Add1Outcome {
	const step = R.rat(unit);
	let b = start;
	let prev: MesRun = { selected: [...prep.free], rounds: [], exact: false };
	let prevB = start;
	let increments = 0;
	let evaluated = 0;
	let exact = false;
	for (;;) {
		const run = runMes(prep, b);
		evaluated++;
		exact ||= run.exact;
		if (totalCost(prep, run.selected) > prep.budget) return { run: prev, perVoterBudget: prevB, increments: Math.max(0, increments - 1), evaluated, stop: 'next-over-budget', exact };
		if (exhaustiveStop && isExhaustive(prep, run.selected)) return { run, perVoterBudget: b, increments, evaluated, stop: 'exhaustive', exact };
		if (run.selected.length === prep.candidates.length + prep.free.length) return { run, perVoterBudget: b, increments, evaluated, stop: 'all-supported-selected', exact };
		prev = run;
		prevB = b;
		b = R.add(b, step);
		increments++;
	}
}

function tallyMes(e: Election, spec: MesSpec): TallyResult {
	if (spec.utility === 'points' && e.voteType !== 'cumulative' && e.voteType !== 'scoring') {
		throw new Error(`MES with points as utilities needs cumulative or scoring ballots, not ${e.voteType}`);
	}
	const rank = tieBreakRanks(e, spec.tieBreak);
	const prep = prepareMes(e, spec.utility, rank);
	const n = BigInt(voterCount(e));
	if (n === 0n) return finish(e, spec, [], [], false);
	const share = R.rat(e.budget, n);
	const log: LogEntry[] = [];
	let run: MesRun;
	let exact: boolean;
	if (spec.completion === 'none') {
		run = runMes(prep, share);
		exact = run.exact;
	} else {
		const unit = 10n ** BigInt(e.scale);
		const start = spec.start === 'integral' ? R.rat(R.floorRat(R.div(share, R.rat(unit))) * unit) : share;
		// Add1 is the expensive part; the same search serves several specs (with/without greedy or comparison).
		const key = JSON.stringify([spec.utility, spec.start, spec.completion, spec.tieBreak]);
		let cache = add1Cache.get(e);
		if (!cache) add1Cache.set(e, (cache = new Map()));
		let out = cache.get(key);
		if (!out) cache.set(key, (out = add1(prep, start, unit, spec.completion === 'add1')));
		run = out.run;
		exact = out.exact;
		log.push({ kind: 'add1', perVoterBudget: moneyRat(e, out.perVoterBudget), increments: out.increments, stop: out.stop, evaluated: out.evaluated });
	}
	run.rounds.forEach((r, i) =>
		log.push({
			kind: 'mes',
			round: i + 1,
			project: e.projects[r.project]!.id,
			cost: money(e, e.projects[r.project]!.cost),
			pricePerUtility: plain(r.rho, spec.utility === 'cost' ? 0 : e.scale),
			supporters: r.supporters,
			supportersBudgetBefore: moneyRat(e, r.before),
			supportersBudgetAfter: moneyRat(e, r.after),
			tiedWith: r.tied.map((p) => e.projects[p]!.id)
		})
	);
	let selected = run.selected;
	if (spec.thenGreedy) {
		const score = e.voteType === 'cumulative' || e.voteType === 'scoring' ? 'points' : 'votes';
		const g = runGreedy(e, score, rank, { ifNoFit: 'skip', threshold: null, initial: selected, logKind: 'completion' });
		selected = g.selected;
		log.push(...g.log);
	}
	if (spec.comparison) {
		const greedy = runGreedy(e, 'votes', rank, { ifNoFit: 'skip', threshold: null });
		const c = compareOutcomes(e, selected, greedy.selected);
		const chosen = c.prefersGreedy > c.prefersMes ? 'greedy' : 'mes';
		log.push({ kind: 'comparison', prefersMes: c.prefersMes, prefersGreedy: c.prefersGreedy, chosen });
		if (chosen === 'greedy') selected = greedy.selected;
	}
	return finish(e, spec, selected, log, exact);
}

/** How many voters have more of their supported projects funded under a than under b, and vice versa. */
export function compareOutcomes(e: Election, a: number[], b: number[]): { prefersMes: number; prefersGreedy: number } {
	const inA = new Set(a);
	const inB = new Set(b);
	let prefersMes = 0;
	let prefersGreedy = 0;
	for (const g of groupBallots(e, false)) {
		let ca = 0;
		let cb = 0;
		for (const p of g.projects) {
			if (inA.has(p)) ca++;
			if (inB.has(p)) cb++;
		}
		if (ca > cb) prefersMes += g.weight;
		else if (cb > ca) prefersGreedy += g.weight;
	}
	return { prefersMes, prefersGreedy };
}

export function totalCostOf(e: Election, sel: number[]): bigint {
	let s = 0n;
	for (const p of sel) s += e.projects[p]!.cost;
	return s;
}

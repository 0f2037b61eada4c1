/**
 * Assembly rules (Kiezkasse): the residents present vote yes / no / abstain on each proposal; a proposal passes
 * with a majority of the votes cast (yes > no; abstentions are not votes cast) or of those present
 * (yes > present / 2), as configured. The assembly may approve less than was requested. Passed proposals are then
 * funded in order of yes votes (ties: the tie-break chain, with "cost" = approved amount and "supporters" = yes
 * votes), skipping those that no longer fit or stopping at the first (configurable).
 * Dot voting (k points per attendee) is greedy by points on cumulative ballots: `tallyDotVoting`.
 */
import { formatUnits } from './decimal.ts';
import type { Election } from './election.ts';
import { sha256Hex } from './hash.ts';
import type { TallyResult } from './result.ts';
import { greedySpec } from './spec.ts';
import { tally } from './tally.ts';
import { compareCodePoints, DEFAULT_TIE_BREAK, type TieBreakStep } from './tiebreak.ts';

export interface AssemblyProposal {
	id: string;
	/** amounts in units of 10^-scale */
	requested: bigint;
	approved: bigint;
	yes: number;
	no: number;
	abstain: number;
}

export interface AssemblyInput {
	budget: bigint;
	scale: number;
	present: number;
	proposals: AssemblyProposal[];
}

export interface AssemblySpec {
	rule: 'assembly';
	majority: 'cast' | 'present';
	ifNoFit: 'skip' | 'stop';
	tieBreak: TieBreakStep[];
}

export type AssemblyLogEntry = {
	kind: 'assembly';
	proposal: string;
	yes: number;
	no: number;
	abstain: number;
	passed: boolean;
	approved: string;
	decision: 'funded' | 'skipped: does not fit' | 'stopped: does not fit' | 'not funded: stopped earlier' | 'rejected';
	remaining: string;
};

export interface AssemblyResult extends Omit<TallyResult, 'rule' | 'log' | 'voters'> {
	rule: AssemblySpec;
	present: number;
	log: AssemblyLogEntry[];
}

export function assemblySpec(opts: Partial<Omit<AssemblySpec, 'rule'>> = {}): AssemblySpec {
	return { rule: 'assembly', majority: opts.majority ?? 'cast', ifNoFit: opts.ifNoFit ?? 'skip', tieBreak: opts.tieBreak ?? DEFAULT_TIE_BREAK };
}

export class AssemblyInputError extends Error {}

export function tallyAssembly(input: AssemblyInput, spec: AssemblySpec): AssemblyResult {
	const ids = new Set<string>();
	for (const p of input.proposals) {
		if (ids.has(p.id)) throw new AssemblyInputError(`proposal ${p.id} is listed twice`);
		ids.add(p.id);
		if (p.approved < 0n || p.approved > p.requested) throw new AssemblyInputError(`proposal ${p.id}: the approved amount must be between 0 and the requested amount`);
		if ([p.yes, p.no, p.abstain].some((v) => !Number.isInteger(v) || v < 0)) throw new AssemblyInputError(`proposal ${p.id}: vote counts must be whole numbers ≥ 0`);
		if (p.yes + p.no + p.abstain > input.present) throw new AssemblyInputError(`proposal ${p.id}: more votes than people present`);
	}
	const passes = (p: AssemblyProposal) => (spec.majority === 'cast' ? p.yes > p.no : 2 * p.yes > input.present);
	const key = (s: TieBreakStep, p: AssemblyProposal): string | bigint | number => {
		switch (s.kind) {
			case 'lower-cost':
				return p.approved;
			case 'more-supporters':
				return -p.yes;
			case 'lottery':
				return sha256Hex(`${s.seed}\u0000${p.id}`);
			case 'id':
				return p.id;
		}
	};
	const order = input.proposals.map((_, i) => i);
	order.sort((a, b) => {
		const pa = input.proposals[a]!;
		const pb = input.proposals[b]!;
		if (pa.yes !== pb.yes) return pb.yes - pa.yes;
		for (const s of spec.tieBreak) {
			const ka = key(s, pa);
			const kb = key(s, pb);
			const d = s.kind === 'id' ? compareCodePoints(pa.id, pb.id) : ka < kb ? -1 : ka > kb ? 1 : 0;
			if (d !== 0) return d;
		}
		return a - b;
	});
	const fmt = (u: bigint) => formatUnits(u, input.scale);
	let spent = 0n;
	let stopped = false;
	const winners: string[] = [];
	const log: AssemblyLogEntry[] = [];
	for (const i of order) {
		const p = input.proposals[i]!;
		const passed = passes(p);
		let decision: AssemblyLogEntry['decision'];
		if (!passed) decision = 'rejected';
		else if (stopped) decision = 'not funded: stopped earlier';
		else if (spent + p.approved <= input.budget) {
			decision = 'funded';
			spent += p.approved;
			winners.push(p.id);
		} else if (spec.ifNoFit === 'stop') {
			decision = 'stopped: does not fit';
			stopped = true;
		} else decision = 'skipped: does not fit';
		log.push({ kind: 'assembly', proposal: p.id, yes: p.yes, no: p.no, abstain: p.abstain, passed, approved: fmt(p.approved), decision, remaining: fmt(input.budget - spent) });
	}
	const canonical = JSON.stringify([input.budget.toString(), input.scale, input.present, input.proposals.map((p) => [p.id, p.requested.toString(), p.approved.toString(), p.yes, p.no, p.abstain])]);
	return { rule: spec, inputHash: sha256Hex(canonical), budget: fmt(input.budget), present: input.present, winners, spent: fmt(spent), log, exactRecheck: false };
}

/** Dot voting: every attendee distributes at most k points; greedy by total points, skipping what does not fit. */
export function tallyDotVoting(e: Election, pointsPerAttendee: number, tieBreak: TieBreakStep[] = DEFAULT_TIE_BREAK): TallyResult {
	e.ballots.forEach((b, i) => {
		const sum = (b.points ?? b.projects.map(() => 1)).reduce((a, v) => a + v, 0);
		if (sum > pointsPerAttendee) throw new AssemblyInputError(`ballot ${i + 1} gives ${sum} points, more than the ${pointsPerAttendee} allowed`);
	});
	return tally(e, greedySpec('points', { tieBreak }));
}

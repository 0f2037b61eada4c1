/**
 * A round's vote as data: the ballot rule, who may vote, the projects on the ballot and the counting rule,
 * fixed when voting opens (public-sector.md E-01, E-04: rules are locked once voting starts; CONSUL #5321)
 * and published with a hash. From it and the cast ballots the tally engine's election is built, and the
 * same election is what the published Pabulib file holds (E-07: anyone can recount).
 */
import type { ProgrammeRules } from '../process/programme.ts';
import type { Cents } from '../shared/money.ts';
import { assertNever } from '../shared/outcome.ts';
import type { Election } from '../tally/election.ts';
import { sha256Hex } from '../tally/hash.ts';
import { greedySpec, mesSpec, type RuleSpec } from '../tally/spec.ts';
import type { TieBreakStep } from '../tally/tiebreak.ts';
import { pabulibVoteType, type BallotRule, type Choice } from './ballot.ts';

export type VoteIdentity = 'code' | 'account';

export type VoteConfig = {
	round: { slug: string; title: string };
	budgetCents: Cents;
	ballot: BallotRule;
	/** `code`: printed one-time voting codes (registered residents, E-02); `account`: any verified account. */
	identity: VoteIdentity;
	/** Whether a voter may replace an online ballot until the close (never counted twice). */
	allowChange: boolean;
	/** The programme's counting rule key and tie-break chain (ProgrammeRules.tallyRule / tieBreak). */
	tallyRule: string;
	tieBreak: string[];
	/** Seed of the lottery tie-break step, published before the first ballot (docs/tally.md). */
	lotterySeed: string;
	/** The projects on the ballot, in list order (eligible ideas when voting opened). */
	projects: { id: string; title: string; costCents: Cents }[];
};

export type VoteSetupProblem = 'ballot_not_online' | 'rule_not_online' | 'no_projects';

/**
 * The ballot a programme's rules ask for. Sizes the programme leaves open follow common practice: at most
 * five picks for approval (Stanford PB's usual k), ten points with at most three per project for dot
 * voting, scores 0–5.
 */
export function ballotRuleFor(rules: Pick<ProgrammeRules, 'ballot'>, budgetCents: Cents, projectCount: number): BallotRule | null {
	switch (rules.ballot) {
		case 'approval':
			return { kind: 'approval', maxPicks: Math.max(1, Math.min(5, projectCount)) };
		case 'knapsack':
			return { kind: 'knapsack', budgetCents };
		case 'cumulative':
			return { kind: 'cumulative', totalPoints: 10, maxPerProject: 3 };
		case 'score':
			return { kind: 'score', maxScore: 5 };
		case 'yes_no_abstain':
		case 'ranked':
			return null;
		default:
			return assertNever(rules.ballot);
	}
}

export function voteConfigFor(
	input: {
		round: { slug: string; title: string; budgetCents: Cents };
		rules: Pick<ProgrammeRules, 'ballot' | 'whoMayVote' | 'tallyRule' | 'tieBreak'> & { ballotChangeable?: boolean };
		projects: { id: string; title: string; costCents: Cents }[];
	},
	lotterySeed: string
): { ok: true; config: VoteConfig } | { ok: false; problem: VoteSetupProblem } {
	const ballot = ballotRuleFor(input.rules, input.round.budgetCents, input.projects.length);
	if (!ballot) return { ok: false, problem: 'ballot_not_online' };
	if (input.projects.length === 0) return { ok: false, problem: 'no_projects' };
	const config: VoteConfig = {
		round: { slug: input.round.slug, title: input.round.title },
		budgetCents: input.round.budgetCents,
		ballot,
		identity: input.rules.whoMayVote === 'everyone' ? 'account' : 'code',
		allowChange: input.rules.ballotChangeable === true,
		tallyRule: input.rules.tallyRule,
		tieBreak: input.rules.tieBreak,
		lotterySeed,
		projects: input.projects
	};
	if (!specFor(config)) return { ok: false, problem: 'rule_not_online' };
	return { ok: true, config };
}

/** Canonical JSON (keys sorted) so the published hash does not depend on key order (E-01). */
export function canonicalJson(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
	if (v !== null && typeof v === 'object')
		return `{${Object.keys(v)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(v);
}

export const configHash = (c: VoteConfig): string => sha256Hex(canonicalJson(c));

function tieBreakSteps(c: VoteConfig): TieBreakStep[] {
	return c.tieBreak.map((s): TieBreakStep => {
		if (s === 'lower-cost' || s === 'more-supporters' || s === 'id') return { kind: s };
		if (s === 'lottery') return { kind: 'lottery', seed: c.lotterySeed };
		throw new Error(`unknown tie-break step ${s}`);
	});
}

/** The tally engine's spec for the programme's rule key; null for rules that are not an online count. */
export function specFor(c: VoteConfig): RuleSpec | null {
	const points = c.ballot.kind === 'cumulative' || c.ballot.kind === 'score';
	const tieBreak = tieBreakSteps(c);
	switch (c.tallyRule) {
		case 'greedy':
			return greedySpec(points ? 'points' : 'votes', { tieBreak });
		case 'greedy-per-cost':
			return greedySpec(points ? 'points-per-cost' : 'votes-per-cost', { tieBreak });
		// Equal Shares with cost utilities and the Add1 completion (equalshares.net; docs/tally.md).
		case 'mes-add1':
			return mesSpec(points ? 'points' : 'cost', { completion: 'add1', tieBreak });
		case 'mes-add1-comparison':
			return mesSpec(points ? 'points' : 'cost', { completion: 'add1', comparison: true, tieBreak });
		default:
			return null;
	}
}

/** The election the tally counts and the Pabulib file publishes: costs in cents (scale 2), ballots as cast. */
export function electionFor(c: VoteConfig, ballots: readonly Choice[][]): Election {
	const index = new Map(c.projects.map((p, i) => [p.id, i]));
	const usesPoints = c.ballot.kind === 'cumulative' || c.ballot.kind === 'score';
	return {
		voteType: pabulibVoteType(c.ballot),
		budget: BigInt(c.budgetCents),
		scale: 2,
		projects: c.projects.map((p) => ({ id: p.id, cost: BigInt(p.costCents), name: p.title })),
		ballots: ballots.map((b) => {
			const projects = b.map((ch) => {
				const i = index.get(ch.projectId);
				if (i === undefined) throw new Error(`ballot names a project that is not on the ballot: ${ch.projectId}`);
				return i;
			});
			return usesPoints ? { projects, points: b.map((ch) => ch.points) } : { projects };
		}),
		meta: [
			['description', c.round.title],
			['country', 'Germany'],
			['unit', c.round.slug],
			['currency', 'EUR'],
			['rule', c.tallyRule],
			...(c.ballot.kind === 'approval' ? ([['max_length', String(c.ballot.maxPicks)]] as [string, string][]) : []),
			...(c.ballot.kind === 'cumulative' ? ([['max_sum_points', String(c.ballot.totalPoints)]] as [string, string][]) : [])
		]
	};
}

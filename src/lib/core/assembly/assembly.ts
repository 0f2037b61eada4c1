/**
 * The rules of a Kiezkassenversammlung (PRODUCT.md lifecycle step 4; domain.md §1.5): the assembly chooses its
 * method on site — yes / no / abstain per proposal with a majority of votes cast or of those present, dot voting
 * with k points per person, or consensus recorded per proposal — and who may vote (residents of the region present,
 * or everyone present; domain.md §1.5 "who may vote … → configurable"). The method is locked once the assembly
 * starts (public-sector.md E-04). Amounts may be cut (approved ≤ requested). The funded list always comes from the
 * tally engine (`core/tally/assembly.ts`), live and at the close, so the projector and the minutes agree.
 */
import { parseEuroInput, type Cents } from '../shared/money.ts';
import { assertNever } from '../shared/outcome.ts';
import { assemblySpec, tallyAssembly, tallyDotVoting, type AssemblyResult } from '../tally/assembly.ts';
import type { Election } from '../tally/election.ts';
import type { TallyResult } from '../tally/result.ts';

export const METHODS = ['yes_no', 'dots', 'consensus'] as const;
export type Method = (typeof METHODS)[number];
export const ELECTORATES = ['residents_present', 'everyone_present'] as const;
export type Electorate = (typeof ELECTORATES)[number];
export type Majority = 'cast' | 'present';

export type MethodConfig = { method: Method; majority: Majority; points: number; electorate: Electorate };
/** Dot voting usually gives 3–5 points (Rahnsdorf 2019, domain.md §1.5); more than 20 is a typing error. */
export const MAX_POINTS = 20;

export type Attendance = { residents: number; others: number };

/** Who counts as "present and entitled to vote" for the majority and the vote-count check. */
export function eligiblePresent(electorate: Electorate, a: Attendance): number {
	switch (electorate) {
		case 'residents_present':
			return a.residents;
		case 'everyone_present':
			return a.residents + a.others;
		default:
			return assertNever(electorate);
	}
}

export type MethodProblem = 'method' | 'majority' | 'points' | 'electorate';

/** Reads the method form (shape and range only). */
export function parseMethod(raw: { method?: string; majority?: string; points?: string; electorate?: string }): { ok: true; config: MethodConfig } | { ok: false; problems: MethodProblem[] } {
	const problems: MethodProblem[] = [];
	const method = (METHODS as readonly string[]).includes(raw.method ?? '') ? (raw.method as Method) : null;
	if (!method) problems.push('method');
	const majority = raw.majority === 'cast' || raw.majority === 'present' ? raw.majority : null;
	if (method === 'yes_no' && !majority) problems.push('majority');
	const pointsText = (raw.points ?? '').trim();
	const points = /^\d{1,3}$/.test(pointsText) ? Number(pointsText) : NaN;
	if (method === 'dots' && !(points >= 1 && points <= MAX_POINTS)) problems.push('points');
	const electorate = (ELECTORATES as readonly string[]).includes(raw.electorate ?? '') ? (raw.electorate as Electorate) : null;
	if (!electorate) problems.push('electorate');
	if (problems.length || !method || !electorate) return { ok: false, problems };
	return { ok: true, config: { method, majority: majority ?? 'cast', points: method === 'dots' ? points : 0, electorate } };
}

/** What was recorded for one proposal. Counts are absolute (set, never added), so a repeated entry cannot double count. */
export type Entry =
	| { kind: 'yes_no'; yes: number; no: number; abstain: number; approvedCents: Cents }
	| { kind: 'dots'; points: number; approvedCents: Cents }
	| { kind: 'consensus'; agreed: boolean; approvedCents: Cents };

export type EntryProblem =
	| { field: 'yes' | 'no' | 'abstain' | 'points'; code: 'whole_number' }
	| { field: 'yes'; code: 'too_many_votes'; eligible: number }
	| { field: 'points'; code: 'too_many_points'; max: number }
	| { field: 'consensus'; code: 'required' }
	| { field: 'approved'; code: 'amount' | 'above_requested'; requestedCents: Cents };

const count = (s: string | undefined) => {
	const t = (s ?? '').trim();
	if (t === '') return 0;
	return /^\d{1,6}$/.test(t) ? Number(t) : NaN;
};

/**
 * Checks one proposal's entry: whole numbers; no more votes than people entitled to vote are present (each has one
 * hand; issue 5 "validation (votes ≤ eligible present)"); for dots at most k points per eligible person; the
 * approved amount between 0 and the requested amount (domain.md §1.4: "welches Projekt in welcher Höhe").
 * An empty amount means the full requested amount when the proposal passes (the usual case).
 */
export function checkEntry(
	config: MethodConfig,
	eligible: number,
	requestedCents: Cents,
	raw: { yes?: string; no?: string; abstain?: string; points?: string; consensus?: string; approved?: string }
): { ok: true; entry: Entry } | { ok: false; problems: EntryProblem[] } {
	const problems: EntryProblem[] = [];
	const approvedText = (raw.approved ?? '').trim();
	let approvedCents: Cents | null = approvedText === '' ? requestedCents : parseEuroInput(approvedText);
	if (approvedCents === null) problems.push({ field: 'approved', code: 'amount', requestedCents });
	else if (approvedCents > requestedCents) {
		problems.push({ field: 'approved', code: 'above_requested', requestedCents });
		approvedCents = null;
	}
	switch (config.method) {
		case 'yes_no': {
			const yes = count(raw.yes);
			const no = count(raw.no);
			const abstain = count(raw.abstain);
			for (const [field, v] of [['yes', yes], ['no', no], ['abstain', abstain]] as const) if (Number.isNaN(v)) problems.push({ field, code: 'whole_number' });
			if (![yes, no, abstain].some(Number.isNaN) && yes + no + abstain > eligible) problems.push({ field: 'yes', code: 'too_many_votes', eligible });
			if (problems.length || approvedCents === null) return { ok: false, problems };
			return { ok: true, entry: { kind: 'yes_no', yes, no, abstain, approvedCents } };
		}
		case 'dots': {
			const points = count(raw.points);
			if (Number.isNaN(points)) problems.push({ field: 'points', code: 'whole_number' });
			else if (points > eligible * config.points) problems.push({ field: 'points', code: 'too_many_points', max: eligible * config.points });
			if (problems.length || approvedCents === null) return { ok: false, problems };
			return { ok: true, entry: { kind: 'dots', points, approvedCents } };
		}
		case 'consensus': {
			const c = raw.consensus;
			if (c !== 'agreed' && c !== 'not_agreed') problems.push({ field: 'consensus', code: 'required' });
			if (problems.length || approvedCents === null) return { ok: false, problems };
			return { ok: true, entry: { kind: 'consensus', agreed: c === 'agreed', approvedCents } };
		}
		default:
			return assertNever(config.method);
	}
}

export type AgendaItem = { id: string; requestedCents: Cents; entry: Entry | null };

export type ItemOutcome = 'funded' | 'rejected' | 'does_not_fit' | 'open';

export type Decision = {
	/** The engine's own result (rule, input hash, log), stored with the minutes so anyone can recompute it. */
	result: AssemblyResult | TallyResult;
	outcomes: Record<string, ItemOutcome>;
	/** What each funded proposal gets. */
	fundedCents: Record<string, Cents>;
	spentCents: Cents;
	remainingCents: Cents;
};

/**
 * The funded list from what has been recorded so far (items without an entry stay "open" and are not counted).
 * yes/no: `tallyAssembly` with the chosen majority, skipping what no longer fits. Consensus: an agreed proposal
 * counts as passed (one "yes" of one person present), in agenda order of the engine's tie-break (lower amount
 * first). Dots: `tallyDotVoting`, greedy by points; paper dots arrive as totals, so each point is read as a
 * ballot of one point — greedy by points uses only the totals, and every such ballot keeps within k.
 */
export function decide(config: MethodConfig, budgetCents: Cents, eligible: number, items: AgendaItem[]): Decision {
	const recorded = items.filter((i): i is AgendaItem & { entry: Entry } => i.entry !== null);
	const outcomes: Record<string, ItemOutcome> = Object.fromEntries(items.map((i) => [i.id, 'open' as ItemOutcome]));
	const fundedCents: Record<string, Cents> = {};
	const approved = new Map(recorded.map((i) => [i.id, i.entry.approvedCents]));
	let result: AssemblyResult | TallyResult;
	if (config.method === 'dots') {
		const withPoints = recorded.filter((i) => i.entry.kind === 'dots' && i.entry.points > 0 && i.entry.approvedCents > 0);
		const election: Election = {
			voteType: 'cumulative',
			budget: BigInt(budgetCents),
			scale: 2,
			projects: withPoints.map((i) => ({ id: i.id, cost: BigInt(i.entry.approvedCents) })),
			ballots: withPoints.flatMap((i, p) => Array.from({ length: i.entry.kind === 'dots' ? i.entry.points : 0 }, () => ({ projects: [p], points: [1] }))),
			meta: []
		};
		result = tallyDotVoting(election, Math.max(1, config.points));
		const winners = new Set(result.winners);
		for (const i of recorded) {
			const passed = withPoints.includes(i);
			outcomes[i.id] = !passed ? 'rejected' : winners.has(i.id) ? 'funded' : 'does_not_fit';
		}
	} else {
		const consensus = config.method === 'consensus';
		const present = consensus ? 1 : eligible;
		const input = {
			budget: BigInt(budgetCents),
			scale: 2,
			present,
			proposals: recorded.map((i) => {
				const e = i.entry;
				const [yes, no, abstain] = e.kind === 'yes_no' ? [e.yes, e.no, e.abstain] : e.kind === 'consensus' ? (e.agreed ? [1, 0, 0] : [0, 1, 0]) : [0, 0, 0];
				return { id: i.id, requested: BigInt(i.requestedCents), approved: BigInt(e.approvedCents), yes, no, abstain };
			})
		};
		const r = tallyAssembly(input, assemblySpec({ majority: consensus ? 'cast' : config.majority, ifNoFit: 'skip' }));
		result = r;
		for (const l of r.log) outcomes[l.proposal] = l.decision === 'funded' ? 'funded' : l.decision === 'rejected' ? 'rejected' : 'does_not_fit';
	}
	let spent = 0;
	for (const id of result.winners) {
		const c = approved.get(id) ?? 0;
		fundedCents[id] = c;
		spent += c;
	}
	return { result, outcomes, fundedCents, spentCents: spent, remainingCents: budgetCents - spent };
}

/**
 * The budget an assembly distributes: the round's budget less what earlier closed assemblies of the round funded
 * (a second assembly distributes the rest; domain.md §1.1, Adlershof 2022: 7,200 € − 3,800 € = 3,400 €).
 */
export function availableBudget(roundBudgetCents: Cents, fundedEarlierCents: Cents[]): Cents {
	return Math.max(0, fundedEarlierCents.reduce((s, c) => s - c, roundBudgetCents));
}

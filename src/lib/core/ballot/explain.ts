/**
 * A result explains itself project by project (PRODUCT.md: "A result explains itself (round by round)"):
 * the reason for each project is read from the tally engine's log, never re-derived, so the page says what
 * the engine did.
 */
import type { Election } from '../tally/election.ts';
import { pointTotals, supporterCounts } from '../tally/election.ts';
import type { GreedyDecision, TallyResult } from '../tally/result.ts';

export type ProjectReason =
	| { kind: 'greedy'; decision: GreedyDecision; remaining: string }
	| { kind: 'mes'; round: number; pricePerUtility: string; supporters: number }
	| { kind: 'completion'; remaining: string }
	| { kind: 'mes_unaffordable'; supportersBudget: string }
	| { kind: 'not_funded' };

export type ProjectOutcome = {
	id: string;
	title: string;
	cost: string;
	supporters: number;
	points: number;
	funded: boolean;
	/** 1-based position in the order the rule selected winners; null if not funded. */
	position: number | null;
	reason: ProjectReason;
};

export function explainResult(e: Election, r: TallyResult): { projects: ProjectOutcome[]; perVoterBudget: string | null; comparison: { prefersMes: number; prefersGreedy: number; chosen: string } | null } {
	const supporters = supporterCounts(e);
	const points = pointTotals(e);
	const reasons = new Map<string, ProjectReason>();
	let perVoterBudget: string | null = null;
	let comparison: { prefersMes: number; prefersGreedy: number; chosen: string } | null = null;
	for (const l of r.log) {
		switch (l.kind) {
			case 'greedy':
				reasons.set(l.project, { kind: 'greedy', decision: l.decision, remaining: l.remaining });
				break;
			case 'mes':
				reasons.set(l.project, { kind: 'mes', round: l.round, pricePerUtility: l.pricePerUtility, supporters: l.supporters });
				break;
			case 'completion':
				reasons.set(l.project, { kind: 'completion', remaining: l.remaining });
				break;
			case 'mes-unaffordable':
				if (!reasons.has(l.project)) reasons.set(l.project, { kind: 'mes_unaffordable', supportersBudget: l.supportersBudget });
				break;
			case 'add1':
				perVoterBudget = l.perVoterBudget;
				break;
			case 'comparison':
				comparison = { prefersMes: l.prefersMes, prefersGreedy: l.prefersGreedy, chosen: l.chosen };
				break;
			case 'phragmen':
			case 'phragmen-stop':
				break;
		}
	}
	const won = new Map(r.winners.map((id, i) => [id, i + 1]));
	const projects = e.projects.map((p, i): ProjectOutcome => {
		const funded = won.has(p.id);
		let reason = reasons.get(p.id) ?? { kind: 'not_funded' as const };
		// A project the comparison step dropped still has its MES log line; the outcome decides.
		if (!funded && (reason.kind === 'mes' || reason.kind === 'completion')) reason = { kind: 'not_funded' };
		return {
			id: p.id,
			title: p.name ?? p.id,
			cost: (Number(p.cost) / 10 ** e.scale).toFixed(e.scale),
			supporters: supporters[i]!,
			points: points[i]!,
			funded,
			position: won.get(p.id) ?? null,
			reason
		};
	});
	projects.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || b.supporters - a.supporters);
	return { projects, perVoterBudget, comparison };
}

/**
 * Use case: a resident hands in an idea online (issue 4, PRODUCT.md lifecycle step 2). Checks, in order:
 * the round exists, its ideas phase runs (core/process PHASE_ALLOWS), the actor may submit (core/access),
 * the form's shape (forms/idea.ts), the programme's cost rules (core/process/cost-items.ts).
 */
import { can, type Actor } from '../../core/access/policy.ts';
import { checkCostItems } from '../../core/process/cost-items.ts';
import { phaseAllows, type PhaseKey } from '../../core/process/programme.ts';
import { parseIdea, type IdeaErrors, type IdeaValues } from '../../forms/idea.ts';
import type { Db } from '../db/client.ts';
import { insertSubmittedIdea, roundForSubmission, type RoundForSubmission } from '../db/repositories/proposals.ts';
import { phaseStates } from './public-read.ts';

export type IdeaForm = {
	round: { slug: string; title: string; budgetCents: number; capCents: number | null };
	categories: { key: string; label: string; eligible: boolean; reason: string | null }[];
};

export type IdeaGate = { kind: 'not_found' } | { kind: 'closed'; form: IdeaForm } | { kind: 'open'; form: IdeaForm; round: RoundForSubmission };

function currentPhase(r: RoundForSubmission, now: Date): PhaseKey | null {
	const states = phaseStates(r.phases, now);
	const i = states.indexOf('running');
	return i >= 0 ? (r.phases[i]!.key as PhaseKey) : null;
}

export async function ideaGate(db: Db, slug: string, now: Date): Promise<IdeaGate> {
	const r = await roundForSubmission(db, slug);
	if (!r) return { kind: 'not_found' };
	const form: IdeaForm = {
		round: { slug: r.slug, title: r.title, budgetCents: r.budgetCents, capCents: r.rules.capPerProjectCents },
		categories: r.rules.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible, reason: c.reason ?? null }))
	};
	return phaseAllows(currentPhase(r, now), 'submit_idea') ? { kind: 'open', form, round: r } : { kind: 'closed', form };
}

export type SubmitOutcome =
	| { kind: 'not_found' }
	| { kind: 'closed' }
	| { kind: 'forbidden'; reason: string }
	| { kind: 'invalid'; values: IdeaValues; errors: IdeaErrors; excluded: Record<string, string> }
	| { kind: 'ok'; id: string; created: boolean };

export async function submitIdea(db: Db, actor: Actor | null, slug: string, form: FormData, now: Date): Promise<SubmitOutcome> {
	const gate = await ideaGate(db, slug, now);
	if (gate.kind === 'not_found') return gate;
	if (gate.kind === 'closed') return { kind: 'closed' };
	const decision = can(actor, 'proposal.submit', { districtId: gate.round.districtId });
	if (!decision.allowed || !actor) return { kind: 'forbidden', reason: decision.allowed ? 'not_signed_in' : decision.reason };
	const parsed = parseIdea(form);
	if (!parsed.ok) return { kind: 'invalid', values: parsed.values, errors: parsed.errors, excluded: {} };
	const problems = checkCostItems(gate.round.rules, parsed.value.items, gate.round.budgetCents);
	if (problems.length > 0) {
		const errors: IdeaErrors = {};
		const excluded: Record<string, string> = {};
		for (const p of problems) {
			if ('index' in p) {
				const field = `items.${parsed.rows[p.index] ?? 0}.category`;
				errors[field] = p.kind === 'excluded_category' ? 'error_idea_item_excluded' : 'error_idea_item_category';
				if (p.kind === 'excluded_category') excluded[field] = p.reason;
			} else errors['items.0.amount'] = p.kind === 'over_cap' ? 'error_idea_over_cap' : 'error_idea_over_budget';
		}
		return { kind: 'invalid', values: parsed.values, errors, excluded };
	}
	const r = await insertSubmittedIdea(
		db,
		{ roundId: gate.round.id, districtId: gate.round.districtId, applicantUserId: actor.userId, ...parsed.value },
		now
	);
	return { kind: 'ok', ...r };
}

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// Issue 5: the published result, explained per project from the tally's log; nothing before the close,
// for anyone (public-sector.md E-05).
export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const s = await c.voting.state(params.round);
	if (s.kind === 'not_found') error(404, 'Not found');
	const r = await c.voting.result(params.round);
	if (!r) return { round: s.round, published: null };
	const cost = new Map(r.config.projects.map((p) => [p.id, p.costCents]));
	return {
		round: r.round,
		published: {
			voters: r.result.voters,
			budgetCents: r.config.budgetCents,
			spentCents: r.result.winners.reduce((s, id) => s + (cost.get(id) ?? 0), 0),
			winners: r.result.winners.length,
			tallyRule: r.config.tallyRule,
			tieBreak: r.config.tieBreak,
			lotterySeed: r.config.lotterySeed,
			configHash: r.configHash,
			inputHash: r.result.inputHash,
			fileSha256: r.ballotFileSha256,
			perVoterBudget: r.explanation.perVoterBudget,
			projects: r.explanation.projects.map((p) => ({ ...p, costCents: cost.get(p.id) ?? 0 }))
		}
	};
};

import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { VoteConfig } from '#lib/core/ballot/vote.ts';
import { submitVoterDemographics } from '#lib/server/app/voting-channels.ts';
import { ballotAgeBands } from '#lib/server/app/evaluation.ts';
import { DIMENSIONS } from '#lib/core/evaluation/demographics.ts';
import { rateWindow } from '#lib/server/http/rate-window.ts';
import { problemErrors } from '#lib/ui/ballot-text.ts';
import type { Actions, PageServerLoad } from './$types';

// The optional questions after the ballot are open to anyone, like the questionnaire: a rate limit per client.
const surveyLimit = rateWindow(20, 60 * 60 * 1000);

// Issue 5: the ballot page. Step 1 a printed code (or the account), step 2 the ballot in this voter's
// random order, step 3 the receipt — all plain form posts, so it works without JavaScript.

type Project = VoteConfig['projects'][number];

export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const s = await c.voting.state(params.round);
	if (s.kind === 'not_found') error(404, 'Not found');
	if (s.kind !== 'open')
		return { round: s.round, status: s.kind, closed: s.kind === 'not_voting' && s.closed, vote: null, accountBallot: null, registerRequired: false, dimensions: DIMENSIONS, cards: {}, area: null };
	const { config } = s;
	const vote = { ballot: config.ballot, identity: config.identity, budgetCents: config.budgetCents, allowChange: config.allowChange, configHash: s.configHash };
	// With accounts, a signed-in voter sees the ballot straight away — unless the round has a register file,
	// then they first confirm they are on it (name, birth date, postcode).
	const registerRequired = config.identity === 'account' && (await c.voting.registerRequired(s.roundId));
	const accountBallot = config.identity === 'account' && locals.user && !registerRequired ? c.voting.ballotOrder(config) : null;
	// Each project's short text, image and place (the same for every voter; only the order differs).
	const { cards, area } = await c.voting.cards(params.round, config);
	const ageBands = await ballotAgeBands(c.evaluation, s.roundId); // issue 7: the voluntary age band on the ballot
	return { round: s.round, status: 'open' as const, closed: false, vote, accountBallot, registerRequired, signedIn: !!locals.user, dimensions: DIMENSIONS, cards, area, ageBands };
};

/** Keeps the order the voter saw when the ballot comes back with a problem (a hidden field, checked here). */
function orderFrom(config: VoteConfig, raw: FormDataEntryValue | null, fallback: () => Project[]): Project[] {
	const ids = typeof raw === 'string' ? raw.split(',') : [];
	const byId = new Map(config.projects.map((p) => [p.id, p]));
	const list = ids.map((id) => byId.get(id)).filter((p): p is Project => !!p);
	return list.length === config.projects.length && new Set(ids).size === ids.length ? list : fallback();
}

export const actions: Actions = {
	// Optional questions after the ballot (issue 5 item 5): a separate request, stored apart from the ballot.
	umfrage: async (event) => {
		const form = await readForm(event);
		const c = await container();
		if (!surveyLimit.allow(event.getClientAddress(), Date.now())) return fail(429, { step: 'survey' as const, surveyError: true });
		const r = await submitVoterDemographics(c.evaluation, event.params.round, form, 'online', c.now());
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'empty') return fail(400, { step: 'survey' as const, surveyError: true });
		return { step: 'thanks' as const };
	},
	code: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const raw = String(form.get('code') ?? '').slice(0, 100);
		const r = await c.voting.enterCode(event.params.round, raw, event.getClientAddress());
		switch (r.kind) {
			case 'ok': {
				const s = await c.voting.state(event.params.round);
				if (s.kind !== 'open') return fail(409, { step: 'code' as const, closed: true });
				return { step: 'ballot' as const, ticket: r.ticket, order: c.voting.ballotOrder(s.config), changing: r.changing };
			}
			case 'not_open':
				return fail(409, { step: 'code' as const, closed: true });
			case 'invalid':
				return fail(400, { step: 'code' as const, code: raw, errors: { code: `voting_error_code_${r.reason}` } });
			case 'rate_limited':
				return fail(429, { step: 'code' as const, code: raw, errors: { code: 'voting_error_code_rate' } });
			case 'unknown':
				return fail(400, { step: 'code' as const, code: raw, errors: { code: 'voting_error_code_unknown' } });
			case 'already_voted':
				return fail(409, { step: 'code' as const, code: raw, errors: { code: 'voting_error_already_voted' } });
		}
	},
	register: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.proveEligibility(toActor(event.locals.user), event.params.round, form);
		switch (r.kind) {
			case 'ok': {
				const s = await c.voting.state(event.params.round);
				if (s.kind !== 'open') return fail(409, { step: 'code' as const, closed: true });
				return { step: 'ballot' as const, ticket: r.ticket, order: c.voting.ballotOrder(s.config), changing: r.changing };
			}
			case 'invalid':
				return fail(400, { step: 'register' as const, errors: r.errors, person: r.values });
			case 'forbidden':
				error(403, 'Forbidden');
			// falls through (error() throws)
			case 'not_open':
				return fail(409, { step: 'code' as const, closed: true });
		}
	},
	vote: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const ticket = form.get('ticket');
		const who = typeof ticket === 'string' && ticket !== '' ? { ticket } : { actor: toActor(event.locals.user) };
		const r = await c.voting.cast(event.params.round, who, form);
		// Only a ballot that comes back needs the configuration again (to keep the order the voter saw).
		const orderOf = async () => {
			const s = await c.voting.state(event.params.round);
			return s.kind === 'open' ? orderFrom(s.config, form.get('order'), () => c.voting.ballotOrder(s.config)) : [];
		};
		switch (r.kind) {
			case 'ok':
				return { step: 'done' as const, receipt: r.receipt, changed: r.changed };
			case 'invalid':
				{
					const order = await orderOf();
					return fail(400, { step: 'ballot' as const, ticket: r.ticket, order, values: r.values, problems: problemErrors(r.problems, order[0]?.id ?? '') });
				}
			case 'no_previous':
				return fail(400, { step: 'ballot' as const, ticket: r.ticket, order: await orderOf(), values: r.values, problems: { previousReceipt: 'voting_error_no_previous' } });
			case 'expired':
				return fail(400, { step: 'code' as const, errors: { code: 'voting_error_expired' } });
			case 'already_voted':
				return fail(409, { step: 'code' as const, errors: { code: 'voting_error_already_voted' } });
			case 'forbidden':
				if (r.reason === 'register_required') return fail(400, { step: 'register' as const, errors: {}, person: { name: '', birthdate: '', postcode: '' } });
				error(403, 'Forbidden');
			// falls through (error() throws)
			case 'not_open':
				return fail(409, { step: 'code' as const, closed: true });
		}
	}
};

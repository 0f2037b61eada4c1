import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { KIOSK_COOKIE, submitVoterDemographics } from '#lib/server/app/voting-channels.ts';
import { DIMENSIONS } from '#lib/core/evaluation/demographics.ts';
import type { VoteConfig } from '#lib/core/ballot/vote.ts';
import { problemErrors } from '#lib/ui/ballot-text.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, the kiosk screen: a device a staff member set up (its cookie) shows the ballot only while a
// staff member has unlocked it for one voter; casting locks it again in the same transaction.

type Project = VoteConfig['projects'][number];

export const load: PageServerLoad = async ({ params, cookies }) => {
	const c = await container();
	const s = await c.voting.kioskScreen(params.round, cookies.get(KIOSK_COOKIE));
	if (s.kind === 'not_found') error(404, 'Not found');
	if (s.kind !== 'unlocked') return { round: s.round, status: s.kind, device: 'device' in s ? s.device : null, ballot: null, order: [] as Project[], dimensions: DIMENSIONS, cards: {}, area: null, ageBands: null };
	// Each project's short text, image and place, as on the online ballot.
	const { cards, area } = await c.voting.cards(params.round, s.config);
	// issue 7: the voluntary age band, as on the online ballot, when the round asks it
	return { round: s.round, status: s.kind, device: s.device, ballot: s.config.ballot, order: c.voting.ballotOrder(s.config), dimensions: DIMENSIONS, cards, area, ageBands: s.ageBands };
};

function orderFrom(config: VoteConfig | null, raw: FormDataEntryValue | null): Project[] {
	if (!config) return [];
	const ids = typeof raw === 'string' ? raw.split(',') : [];
	const byId = new Map(config.projects.map((p) => [p.id, p]));
	const list = ids.map((id) => byId.get(id)).filter((p): p is Project => !!p);
	return list.length === config.projects.length && new Set(ids).size === ids.length ? list : config.projects;
}

export const actions: Actions = {
	// The optional questions after the ballot: their own request, channel "kiosk" only from a kiosk device.
	umfrage: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const screen = await c.voting.kioskScreen(event.params.round, event.cookies.get(KIOSK_COOKIE));
		if (screen.kind === 'not_found') error(404, 'Not found');
		if (screen.kind === 'not_a_kiosk' || screen.kind === 'not_open') return fail(409, { step: 'refused' as const, reason: 'locked' as const });
		const r = await submitVoterDemographics(c.evaluation, event.params.round, form, 'kiosk', c.now());
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'empty') return fail(400, { step: 'survey' as const, surveyError: true });
		return { step: 'thanks' as const };
	},
	vote: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const token = event.cookies.get(KIOSK_COOKIE);
		const r = await c.voting.kioskCast(event.params.round, token, form);
		switch (r.kind) {
			case 'ok':
				return { step: 'done' as const, receipt: r.receipt };
			case 'invalid': {
				const s = await c.voting.state(event.params.round);
				const order = orderFrom(s.kind === 'open' ? s.config : null, form.get('order'));
				return fail(400, { step: 'ballot' as const, order, values: r.values, problems: problemErrors(r.problems, order[0]?.id ?? '') });
			}
			case 'already_voted':
				return fail(409, { step: 'refused' as const, reason: 'already_voted' as const });
			case 'locked':
			case 'inactive':
				return fail(409, { step: 'refused' as const, reason: 'locked' as const });
			case 'closed':
			case 'not_open':
				return fail(409, { step: 'refused' as const, reason: 'closed' as const });
		}
	}
};

import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { problemErrors } from '#lib/ui/ballot-text.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, paper ballots for the district office: print numbered ballots, type each one in twice (two
// different people), and let a third person decide where the two entries differ (public-sector.md E-09).
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = await c.voting.paperAdmin(toActor(locals.user), params.round);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	// A failed print request comes back from the PDF endpoint as a redirect with what was typed.
	const printError = url.searchParams.get('fehler');
	return {
		...r,
		printForm: printError
			? {
					errors: Object.fromEntries(printError.split(',').filter((f) => f === 'from' || f === 'count').map((f) => [f, `voting_paper_error_${f}`])),
					from: (url.searchParams.get('from') ?? '').slice(0, 12),
					count: (url.searchParams.get('count') ?? '').slice(0, 12)
				}
			: null
	};
};

function refuse(kind: 'not_found' | 'forbidden'): never {
	if (kind === 'forbidden') error(403, 'Forbidden');
	error(404, 'Not found');
}

export const actions: Actions = {
	// A paper ballot handed to a person on the register: they are marked as having voted (every channel).
	issue: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.issuePaper(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'no_register') return fail(409, { action: 'issue' as const, errors: {}, person: null });
		if (r.kind === 'not_open') return fail(409, { action: 'issue' as const, closed: true });
		if (r.kind === 'invalid') return fail(400, { action: 'issue' as const, errors: r.errors, person: r.values });
		return { action: 'issue' as const, issued: true };
	},
	enter: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.enterPaper(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'not_open') return fail(409, { action: 'enter' as const, closed: true });
		if (r.kind === 'invalid') {
			const s = await c.voting.state(event.params.round);
			const first = s.kind === 'open' ? (s.config.projects[0]?.id ?? '') : '';
			const { ballot: _ballot, ...rest } = r.errors as Record<string, string>;
			return fail(400, { action: 'enter' as const, errors: { ...rest, ...problemErrors(r.problems, first) }, values: r.values });
		}
		return { action: 'enter' as const, outcome: r.outcome, serial: r.serial };
	},
	decide: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.decidePaper(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'not_found') return fail(404, { action: 'decide' as const, gone: true });
		if (r.kind === 'not_open') return fail(409, { action: 'decide' as const, closed: true });
		if (r.kind === 'invalid') {
			const s = await c.voting.state(event.params.round);
			const first = s.kind === 'open' ? (s.config.projects[0]?.id ?? '') : '';
			return fail(400, { action: 'decide' as const, serial: r.serial, errors: { ...r.errors, ...problemErrors(r.problems, first, `decide-${r.serial}-`) }, values: r.values });
		}
		return { action: 'decide' as const, outcome: r.outcome, serial: r.serial };
	}
};

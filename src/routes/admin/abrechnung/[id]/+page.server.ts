import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Result } from '#lib/server/app/settlement.ts';
import type { Actions, PageServerLoad } from './$types';

// One project's settlement for the case worker (issue 6): open it, record the amount paid, check receipts one
// by one, write to the applicant, close. Staff outside the project's district (or without grant.manage) get
// 404, like a guessed id.
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event);
	const c = await container();
	const v = await c.settlement.staffView(toActor(user), event.params.id.slice(0, 100));
	if (!v) error(404, 'Not found');
	return { ...v, notice: event.url.searchParams.get('hinweis')?.slice(0, 30) ?? null };
};

type Kind = 'open' | 'paid' | 'check' | 'message' | 'close';

async function act(event: RequestEvent, kind: Kind) {
	const user = requireStaff(event);
	const form = await readForm(event);
	const c = await container();
	const actor = toActor(user);
	const id = (event.params.id ?? '').slice(0, 100);
	const s = c.settlement;
	let r: Result<unknown>;
	switch (kind) {
		case 'open':
			r = await s.open(actor, id, form);
			break;
		case 'paid':
			r = await s.recordPaid(actor, id, form);
			break;
		case 'check':
			r = await s.check(actor, id, form);
			break;
		case 'message':
			r = await s.staffMessage(actor, id, form);
			break;
		case 'close':
			r = await s.close(actor, id);
			break;
	}
	switch (r.kind) {
		case 'ok':
			redirect(303, localizeHref(`/admin/abrechnung/${id}?hinweis=${kind}#${kind === 'message' ? 'nachrichten' : 'abrechnung'}`));
		// falls through (redirect() throws)
		case 'not_found':
			error(404, 'Not found');
		// falls through
		case 'invalid':
			return fail(400, { kind, errors: r.issues, values: r.values ?? {} });
		case 'conflict':
			return fail(409, { kind, errors: { form: `settlement_conflict_${r.reason}` }, values: {} });
	}
}

export const actions: Actions = {
	open: (e) => act(e, 'open'),
	paid: (e) => act(e, 'paid'),
	check: (e) => act(e, 'check'),
	message: (e) => act(e, 'message'),
	close: (e) => act(e, 'close')
};

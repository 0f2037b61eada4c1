import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { allowed, GRANTS_ONLY } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 6: the case worker's grant file — the application with the bank details, the grant notice and payments.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = allowed(await c.grants.caseFile(toActor(locals.user), params.id.slice(0, 100)));
	return { ...r.value, done: url.searchParams.get('ok') ?? null };
};

type Refusal = { kind: 'not_found' } | { kind: 'forbidden' } | { kind: 'conflict'; reason: string };
function refuse(r: Refusal) {
	if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
	if (r.kind === 'not_found') error(404, 'Not found');
	return fail(409, { errors: { form: 'grants_error_conflict' } as Record<string, string>, action: 'conflict' });
}

export const actions: Actions = {
	issue: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const id = event.params.id.slice(0, 100);
		const r = await c.grants.issue(toActor(event.locals.user), id, form);
		if (r.kind === 'invalid') return fail(400, { errors: r.issues, notice: r.values, action: 'issue' });
		if (r.kind !== 'ok') return refuse(r);
		redirect(303, localizeHref(`/admin/foerderung/${id}?ok=bescheid`));
	},
	pay: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const id = event.params.id.slice(0, 100);
		const r = await c.grants.pay(toActor(event.locals.user), id, form);
		if (r.kind === 'invalid') return fail(400, { errors: r.issues, payment: r.values, action: 'pay' });
		if (r.kind !== 'ok') return refuse(r);
		redirect(303, localizeHref(`/admin/foerderung/${id}?ok=zahlung`));
	}
};

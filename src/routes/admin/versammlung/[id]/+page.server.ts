import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, assembly: the moderator's page — agenda, method (locked at the start), live entry, close.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const r = await c.assemblies.view(toActor(locals.user), params.id);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	const done = url.searchParams.get('erledigt');
	// Dot voting from phones: how many codes went out and how many phones voted (never their points).
	const phones = await c.assemblies.dotStatus(toActor(locals.user), params.id);
	const badCount = url.searchParams.get('punktecodes');
	return { ...r, done: done && ['method', 'idea', 'start', 'record', 'close'].includes(done) ? done : null, phones, phoneCodes: badCount === null ? null : badCount.slice(0, 6) };
};

/** One mapping of use-case outcomes for every action (house rule 4); success goes back to the page (PRG). */
function refuse(kind: 'not_found' | 'forbidden'): never {
	if (kind === 'forbidden') error(403, 'Forbidden');
	error(404, 'Not found');
}
const back = (event: RequestEvent, done: string, anchor = '') => redirect(303, localizeHref(`/admin/versammlung/${event.params.id}?erledigt=${done}`) + anchor);

export const actions: Actions = {
	method: async (event) => {
		const form = await readForm(event);
		const r = await (await container()).assemblies.changeMethod(toActor(event.locals.user), event.params.id!, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'invalid') return fail(400, { form: 'method' as const, errors: r.errors, values: r.values });
		if (r.kind === 'conflict') return fail(409, { form: 'method' as const, errors: { form: 'assembly_error_locked' }, values: null });
		back(event, 'method');
	},
	idea: async (event) => {
		const form = await readForm(event);
		const r = await (await container()).assemblies.addIdea(toActor(event.locals.user), event.params.id!, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'invalid') return fail(400, { form: 'idea' as const, errors: r.errors, values: r.values });
		if (r.kind === 'conflict') return fail(409, { form: 'idea' as const, errors: { form: 'assembly_error_closed' }, values: null });
		back(event, 'idea', '#agenda');
	},
	start: async (event) => {
		const r = await (await container()).assemblies.start(toActor(event.locals.user), event.params.id!);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'conflict') return fail(409, { form: 'start' as const, errors: { form: 'assembly_error_started' }, values: null });
		back(event, 'start');
	},
	record: async (event) => {
		const form = await readForm(event);
		const r = await (await container()).assemblies.record(toActor(event.locals.user), event.params.id!, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'invalid') return fail(400, { form: 'record' as const, errors: r.errors, params: r.params, values: r.values });
		if (r.kind === 'conflict') return fail(409, { form: 'record' as const, errors: { form: 'assembly_error_not_running' }, values: null });
		back(event, 'record', `#item-${String(form.get('proposal') ?? '').slice(0, 40)}`);
	},
	close: async (event) => {
		const r = await (await container()).assemblies.close(toActor(event.locals.user), event.params.id!);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'conflict') return fail(409, { form: 'close' as const, errors: { form: r.reason === 'closed' ? 'assembly_error_closed' : 'assembly_error_not_running' }, values: null });
		back(event, 'close');
	}
};

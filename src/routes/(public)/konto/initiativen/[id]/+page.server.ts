import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// An organisation's admin page (issue 8): edit the profile, hand over or give up managing it, remove members.
// Only its accepted admins see it; everyone else gets 403, an unknown id 404.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const r = await c.orgs.manage(toActor(locals.user), params.id);
	if (r.kind === 'forbidden') error(403, 'Only the people who manage the profile can change it.');
	if (r.kind !== 'ok') error(404, 'Not found');
	return { ...r.value, done: url.searchParams.get('erledigt') };
};

async function signedIn(event: RequestEvent) {
	if (!event.locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
	return { form: await readForm(event), c: await container(), actor: toActor(event.locals.user) };
}

async function member(event: RequestEvent, change: 'make_admin' | 'make_member' | 'remove', done: string) {
	const { form, c, actor } = await signedIn(event);
	const userId = String(form.get('userId') ?? '');
	const r = await c.orgs.changeMember(actor, event.params.id ?? '', userId, change);
	if (r.kind === 'forbidden') error(403, 'Only the people who manage the profile can change it.');
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'conflict') return fail(409, { member: { userId, error: `orgs_error_${r.reason}` } });
	// Who gave up managing the profile cannot see this page any more.
	if (change !== 'make_admin' && userId === actor?.userId) redirect(303, localizeHref(`/konto/initiativen?erledigt=${done}`));
	redirect(303, localizeHref(`/konto/initiativen/${r.org.id}?erledigt=${done}`));
}

export const actions: Actions = {
	edit: async (event) => {
		const { form, c, actor } = await signedIn(event);
		const r = await c.orgs.edit(actor, event.params.id, form);
		if (r.kind === 'forbidden') error(403, 'Only the people who manage the profile can change it.');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'invalid') return fail(400, { edit: { values: r.values, errors: r.errors } });
		redirect(303, localizeHref(`/konto/initiativen/${r.org.id}?erledigt=${r.changed.length ? 'gespeichert' : 'unveraendert'}`));
	},
	admin: (event) => member(event, 'make_admin', 'rolle'),
	member: (event) => member(event, 'make_member', 'rolle'),
	remove: (event) => member(event, 'remove', 'entfernt')
};

import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// "Meine Initiativen" (issue 8): create an organisation (its first admin), ask to join one, leave one, and, as
// an organisation's admin, accept or decline who asked (the profile and roles: ./[id]).
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const r = await c.orgs.mine(toActor(locals.user));
	if (r.kind === 'forbidden') error(403, 'Please confirm your e-mail address first.');
	if (r.kind !== 'ok') error(404, 'Not found');
	return { ...r.value, done: url.searchParams.get('erledigt') };
};

async function signedIn(event: RequestEvent) {
	if (!event.locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
	return { form: await readForm(event), c: await container(), actor: toActor(event.locals.user) };
}

async function decide(event: RequestEvent, accept: boolean) {
	const { form, c, actor } = await signedIn(event);
	const r = await c.orgs.decide(actor, String(form.get('orgId') ?? ''), String(form.get('userId') ?? ''), accept);
	if (r.kind === 'forbidden') error(403, 'Only the people who manage the profile decide.');
	if (r.kind !== 'ok') error(404, 'Not found');
	redirect(303, localizeHref(`/konto/initiativen?erledigt=${accept ? 'aufgenommen' : 'abgelehnt'}`));
}

export const actions: Actions = {
	create: async (event) => {
		const { form, c, actor } = await signedIn(event);
		const r = await c.orgs.create(actor, form);
		switch (r.kind) {
			case 'forbidden':
				error(403, 'Please confirm your e-mail address first.');
			// falls through (error() throws)
			case 'not_found':
				error(404, 'Not found');
			// falls through
			case 'invalid':
				return fail(400, { create: { values: r.values, errors: r.errors } });
			case 'conflict':
				return fail(409, { create: { values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])), errors: { name: 'orgs_error_slug' } as Record<string, string> } });
			case 'ok':
				redirect(303, localizeHref(`/initiativen/${r.slug}?neu=1`));
		}
	},
	join: async (event) => {
		const { form, c, actor } = await signedIn(event);
		const r = await c.orgs.join(actor, String(form.get('orgId') ?? ''));
		if (r.kind === 'forbidden') error(403, 'Please confirm your e-mail address first.');
		if (r.kind === 'invalid') return fail(400, { join: { errors: r.errors as Record<string, string> } });
		redirect(303, localizeHref(`/initiativen/${r.org.slug}?anfrage=${r.state}#mitmachen`));
	},
	accept: (event) => decide(event, true),
	decline: (event) => decide(event, false),
	// Leaving, or withdrawing one's own request. The last person managing a profile hands it over first.
	leave: async (event) => {
		const { form, c, actor } = await signedIn(event);
		const orgId = String(form.get('orgId') ?? '');
		const r = await c.orgs.changeMember(actor, orgId, '', 'leave');
		if (r.kind === 'conflict') return fail(409, { leave: { orgId, error: `orgs_error_${r.reason}` } });
		if (r.kind !== 'ok') error(404, 'Not found');
		redirect(303, localizeHref(`/konto/initiativen?erledigt=${form.get('request') === '1' ? 'zurueckgezogen' : 'ausgetreten'}`));
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { rateWindow } from '#lib/server/http/rate-window.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// An organisation's public profile (issue 8) with its contact form: the message goes by mail through the
// outbox, the sender's address as Reply-To; the organisation's addresses are never shown. Rate-limited per
// client so the form cannot be used to flood a group with mail.
const contactLimit = rateWindow(10, 60 * 60 * 1000);

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const p = await c.orgs.profile(params.slug.slice(0, 130), toActor(locals.user));
	if (!p) error(404, 'Not found');
	const following = await c.follow.state(toActor(locals.user), 'organisation', p.org.id);
	return { ...p, following, sent: url.searchParams.has('gesendet'), joined: url.searchParams.get('anfrage'), created: url.searchParams.has('neu') };
};

export const actions: Actions = {
	contact: async (event) => {
		const form = await readForm(event);
		const values = { name: String(form.get('name') ?? '').slice(0, 120), email: String(form.get('email') ?? '').slice(0, 200), message: String(form.get('message') ?? '').slice(0, 4000) };
		if (!contactLimit.allow(event.getClientAddress(), Date.now())) return fail(429, { values, errors: { form: 'orgs_contact_rate' } });
		const c = await container();
		const r = await c.orgs.contact(event.params.slug.slice(0, 130), toActor(event.locals.user), form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors as Record<string, string> });
			case 'ok':
				redirect(303, localizeHref(`/initiativen/${event.params.slug}?gesendet=1#kontakt`));
		}
	},
	join: async (event) => {
		await readForm(event);
		if (!event.locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(event.url.pathname)}`));
		const c = await container();
		const p = await c.orgs.profile(event.params.slug.slice(0, 130), null);
		if (!p) error(404, 'Not found');
		const r = await c.orgs.join(toActor(event.locals.user), p.org.id);
		if (r.kind === 'forbidden') error(403, 'Please confirm your e-mail address first.');
		if (r.kind !== 'ok') error(404, 'Not found');
		redirect(303, localizeHref(`/initiativen/${p.org.slug}?anfrage=${r.state}#mitmachen`));
	}
};

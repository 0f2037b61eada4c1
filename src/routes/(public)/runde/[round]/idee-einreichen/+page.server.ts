import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readIdeaPost } from '#lib/server/http/idea-post.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 4: hand in an idea online — with an account (also as a draft) or without one (confirmed by a mail
// link). The page explains itself when the round is closed instead of only refusing.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await container();
	const gate = await c.ideas.gate(params.round.slice(0, 200));
	if (gate.kind === 'not_found') error(404, 'Not found');
	const actor = toActor(locals.user);
	return {
		open: gate.kind === 'open',
		form: gate.form,
		signedIn: !!locals.user,
		verified: !!locals.user?.emailVerified,
		organisations: await c.ideas.organisations(actor),
		mailSent: url.searchParams.has('mail')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const post = await readIdeaPost(event);
		if (post.kind === 'too_large') return fail(413, { errors: { 'images.0.file': 'ideaform_error_body_too_large' } });
		const c = await container();
		const slug = event.params.round.slice(0, 200);
		const r = await c.ideas.submit(toActor(event.locals.user), slug, post.form, getLocale() === 'en' ? 'en' : 'de');
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'closed':
				return fail(409, { closed: true });
			case 'forbidden':
				return fail(403, { errors: { form: r.reason === 'email_not_verified' ? 'error_email_not_verified' : 'error_generic' } });
			case 'invalid':
				return fail(r.status ?? 400, { values: r.values, errors: r.errors, excluded: r.excluded, contact: r.contact, filesDropped: r.filesDropped });
			case 'ok':
				if (r.status === 'draft') redirect(303, localizeHref(`/konto/ideen/${r.id}?gespeichert=1`));
				if (r.status === 'unconfirmed') redirect(303, localizeHref(`/runde/${slug}/idee-einreichen?mail=1`));
				redirect(303, localizeHref(`/idee/${r.id}?eingereicht=1`));
		}
	}
};

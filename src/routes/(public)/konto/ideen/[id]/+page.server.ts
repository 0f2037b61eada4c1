import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readIdeaPost } from '#lib/server/http/idea-post.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

const euro = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

// Edit, hand in or withdraw one's own idea (issue 4). Anyone but the owner gets 404 (core/proposal/own-idea.ts).
export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const r = await c.ideas.own(toActor(locals.user), params.id.slice(0, 100));
	if (r.kind !== 'ok') error(404, 'Not found');
	const { idea, form, organisations, may, editBlocked } = r.value;
	return {
		id: idea.id,
		status: idea.status,
		roundTitle: form.round.title,
		form,
		organisations,
		may,
		editBlocked,
		images: idea.images,
		// The stored idea in the shape of the form's values, so one component shows both.
		stored: {
			title: idea.title,
			description: idea.description,
			benefit: idea.benefit ?? '',
			placeDescription: idea.placeDescription ?? '',
			items: idea.items.map((i) => ({ category: i.category, description: i.description, amount: euro(i.amountCents) })),
			organisationId: idea.organisationId ?? '',
			lon: idea.location ? String(idea.location.coordinates[0]) : '',
			lat: idea.location ? String(idea.location.coordinates[1]) : '',
			imageAlts: [],
			removeImages: []
		},
		saved: url.searchParams.has('gespeichert')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const post = await readIdeaPost(event);
		if (post.kind === 'too_large') return fail(413, { errors: { 'images.0.file': 'ideaform_error_body_too_large' } });
		const c = await container();
		const id = event.params.id.slice(0, 100);
		const r = await c.ideas.edit(toActor(event.locals.user), id, post.form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'forbidden':
				return fail(409, { closed: true });
			case 'invalid':
				return fail(r.status ?? 400, { values: r.values, errors: r.errors, excluded: r.excluded, filesDropped: r.filesDropped });
			case 'ok':
				if (r.status === 'submitted' && post.form.get('intent') === 'submit') redirect(303, localizeHref(`/idee/${id}?eingereicht=1`));
				redirect(303, localizeHref(`/konto/ideen/${id}?gespeichert=1`));
		}
	},
	withdraw: async (event) => {
		const form = await readForm(event);
		if (form.get('confirm') !== 'yes') return fail(400, { withdrawError: true });
		const c = await container();
		const r = await c.ideas.withdraw(toActor(event.locals.user), event.params.id.slice(0, 100));
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'forbidden') return fail(409, { closed: true });
		redirect(303, localizeHref('/konto/ideen?zurueckgezogen=1'));
	}
};

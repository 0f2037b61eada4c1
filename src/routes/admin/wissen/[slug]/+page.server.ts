import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// The knowledge base (issue 8): staff edit each page in German, English and Leichte Sprache, in Markdown that
// is rendered by a safe subset (core/record/markdown.ts), so no HTML or script typed here reaches a reader.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const r = await c.record.knowledgeEdit(toActor(locals.user), params.slug.slice(0, 120));
	if (r.kind !== 'ok') refuse(r.kind);
	return { ...r.value, saved: url.searchParams.get('gespeichert') === '1' };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.saveKnowledge(toActor(event.locals.user), event.params.slug.slice(0, 120), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { values: r.values, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/wissen/${r.slug}?gespeichert=1`));
		}
	}
};

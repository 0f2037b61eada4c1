import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const c = await container();
	const actor = toActor(locals.user);
	const r = await c.record.documentEdit(actor, params.id.slice(0, 40));
	if (r.kind !== 'ok') refuse(r.kind);
	const a = await c.record.documentAdmin(actor);
	const { document: d, ...rest } = r.value;
	return {
		...rest,
		entries: a.kind === 'ok' ? a.value.entries : [],
		document: { ...d, versions: d.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) },
		saved: url.searchParams.get('gespeichert') === '1',
		version: Number(url.searchParams.get('fassung')) || null
	};
};

export const actions: Actions = {
	version: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.newVersion(toActor(event.locals.user), event.params.id.slice(0, 40), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { form: 'version' as const, note: r.values.note, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/dokumente/${r.id}?fassung=${r.version}`));
		}
	},
	meta: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.record.saveDocumentMeta(toActor(event.locals.user), event.params.id.slice(0, 40), form);
		switch (r.kind) {
			case 'forbidden':
			case 'not_found':
				return refuse(r.kind);
			case 'invalid':
				return fail(400, { form: 'meta' as const, values: r.values, errors: r.errors });
			case 'ok':
				redirect(303, localizeHref(`/admin/dokumente/${r.id}?gespeichert=1`));
		}
	}
};

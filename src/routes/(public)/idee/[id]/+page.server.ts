import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { proposalPage } from '#lib/server/app/public-read.ts';
import type { EngageOutcome } from '#lib/server/app/engage.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const id = params.id.slice(0, 100);
	// A merged duplicate's address keeps working: it points permanently to the idea it was merged into
	// (issue 4: "the old address redirects"); supports and comments moved there with it.
	const engage = await c.engage.idea(id, toActor(locals.user), c.now());
	if (engage.kind === 'merged') redirect(308, localizeHref(`/idee/${engage.intoId}`));
	if (engage.kind !== 'ok') error(404, 'Not found');
	const r = await proposalPage(c.publicRead, id);
	if (r.kind !== 'ok') error(404, 'Not found');
	const { kind: _kind, ...view } = engage;
	const p = r.value.proposal;
	const map = p.point ? await c.ideas.map(p.roundSlug, [{ id: p.id, title: p.title, point: p.point }]) : null;
	return {
		...r.value,
		map: map && map.markers.length > 0 ? map : null,
		engage: view,
		signedIn: !!locals.user,
		verified: !!locals.user?.emailVerified,
		progress: await c.settlement.publicProgress(id),
		following: await c.follow.state(toActor(locals.user), 'proposal', p.id)
	};
};

/** Maps a use case's outcome to a redirect (after success: back to the idea, at the changed part) or a 4xx. */
function respond(event: RequestEvent, r: EngageOutcome, notice: string) {
	const self = `/idee/${event.params.id}`;
	switch (r.kind) {
		case 'ok':
			redirect(303, localizeHref(`${self}?hinweis=${notice}#${r.anchor}`));
		// falls through (redirect() throws)
		case 'merged':
			redirect(303, localizeHref(`/idee/${r.intoId}`));
		// falls through
		case 'not_found':
			error(404, 'Not found');
		// falls through
		case 'closed':
			return fail(409, { form: 'page', values: {}, errors: { form: 'engage_error_closed' } });
		case 'forbidden':
			if (r.reason === 'not_signed_in') redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(self)}`));
			if (r.reason === 'email_not_verified') return fail(403, { form: 'page', values: {}, errors: { form: 'error_email_not_verified' } });
			error(403, 'Forbidden');
		// falls through
		case 'invalid':
			return fail(400, { form: r.form, values: r.values, errors: { [r.field]: r.errors[r.field] ?? 'error_generic' } });
	}
}

const idOf = (event: RequestEvent) => (event.params.id ?? '').slice(0, 100);

export const actions: Actions = {
	support: async (event) => {
		await readForm(event);
		const c = await container();
		return respond(event, await c.engage.support(idOf(event), toActor(event.locals.user), true, c.now()), 'unterstuetzt');
	},
	unsupport: async (event) => {
		await readForm(event);
		const c = await container();
		return respond(event, await c.engage.support(idOf(event), toActor(event.locals.user), false, c.now()), 'zurueckgezogen');
	},
	comment: async (event) => {
		const form = await readForm(event);
		const c = await container();
		return respond(event, await c.engage.comment(idOf(event), toActor(event.locals.user), form, c.now()), 'kommentiert');
	},
	edit: async (event) => {
		const form = await readForm(event);
		const c = await container();
		return respond(event, await c.engage.edit(idOf(event), toActor(event.locals.user), form, c.now()), 'bearbeitet');
	},
	report: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.engage.report(idOf(event), toActor(event.locals.user), form, c.now());
		return respond(event, r, r.kind === 'ok' && r.created === false ? 'bereits-gemeldet' : 'gemeldet');
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// "Meine Abos" (issue 8): what one follows, how often mails come, and unfollow. The follow buttons on round,
// idea and region pages post here and are sent back to where they came from.

/** Only a path on this site, never another host ("//evil.example", "/\evil.example"): no open redirect. */
function backPath(v: FormDataEntryValue | null): string | null {
	return typeof v === 'string' && v.length < 500 && /^\/(?![/\\])[^\s\\]*$/.test(v) ? v : null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	return { follows: await c.follow.list(toActor(locals.user)!), saved: url.searchParams.has('gespeichert'), removed: url.searchParams.has('beendet') };
};

export const actions: Actions = {
	follow: async (event) => {
		const form = await readForm(event);
		if (!event.locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(backPath(form.get('back')) ?? '/konto/abos')}`));
		const c = await container();
		const r = await c.follow.follow(toActor(event.locals.user), form.get('type'), form.get('id'));
		if (r.kind === 'not_found') return fail(404, { problem: 'not_found' as const });
		if (r.kind !== 'ok') return fail(400, { problem: 'invalid' as const });
		redirect(303, backPath(form.get('back')) ?? localizeHref('/konto/abos?gespeichert'));
	},
	unfollowTarget: async (event) => {
		const form = await readForm(event);
		if (!event.locals.user) redirect(303, localizeHref('/anmelden'));
		const c = await container();
		const r = await c.follow.unfollowTarget(toActor(event.locals.user), form.get('type'), form.get('id'));
		if (r.kind !== 'ok') return fail(400, { problem: 'invalid' as const });
		redirect(303, backPath(form.get('back')) ?? localizeHref('/konto/abos?beendet'));
	},
	unfollow: async (event) => {
		const form = await readForm(event);
		if (!event.locals.user) redirect(303, localizeHref('/anmelden'));
		const c = await container();
		const r = await c.follow.unfollow(toActor(event.locals.user), form.get('follow'));
		if (r.kind === 'not_found') return fail(404, { problem: 'not_found' as const });
		if (r.kind !== 'ok') return fail(400, { problem: 'invalid' as const });
		redirect(303, localizeHref('/konto/abos?beendet'));
	},
	frequency: async (event) => {
		const form = await readForm(event);
		if (!event.locals.user) redirect(303, localizeHref('/anmelden'));
		const c = await container();
		const id = form.get('follow');
		const r = await c.follow.setFrequency(toActor(event.locals.user), id, form.get('frequency'));
		if (r.kind === 'not_found') return fail(404, { problem: 'not_found' as const });
		if (r.kind !== 'ok') return fail(400, { problem: 'frequency' as const, follow: typeof id === 'string' ? id.slice(0, 40) : '' });
		redirect(303, localizeHref('/konto/abos?gespeichert'));
	}
};

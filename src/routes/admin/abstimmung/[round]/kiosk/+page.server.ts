import { error, fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { KIOSK_COOKIE } from '#lib/server/app/voting-channels.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// Issue 5, kiosk mode for staff: make a device a kiosk, unlock it for one ballot after checking
// eligibility, lock it again. Only the district office (vote.manage) — everyone else gets 403/404.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await c.voting.kioskAdmin(toActor(locals.user), params.round);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	return r;
};

function refuse(kind: 'not_found' | 'forbidden'): never {
	if (kind === 'forbidden') error(403, 'Forbidden');
	error(404, 'Not found');
}

export const actions: Actions = {
	setup: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.setupKiosk(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'not_open') return fail(409, { action: 'setup' as const, closed: true });
		if (r.kind === 'invalid') return fail(400, { action: 'setup' as const, errors: r.errors, label: r.values.label });
		// The device keeps only its kiosk cookie: the staff member is signed out on it, so a voter at the
		// kiosk cannot reach the admin area (research/public-sector.md E-09: staff unlock, voters vote).
		event.cookies.set(KIOSK_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: event.url.protocol === 'https:', maxAge: 60 * 60 * 24 * 180 });
		await callAuth(c.auth, event, '/sign-out', {}, getLocale());
		redirect(303, localizeHref(`/runde/${event.params.round}/kiosk`));
	},
	unlock: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.unlockKiosk(toActor(event.locals.user), event.params.round, form);
		if (r.kind === 'not_found' || r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'not_open') return fail(409, { action: 'unlock' as const, closed: true });
		if (r.kind === 'invalid') return fail(400, { action: 'unlock' as const, device: r.deviceId, errors: r.errors, code: r.values.code, person: 'person' in r.values ? r.values.person : null });
		return { action: 'unlock' as const, done: true, device: r.deviceId };
	},
	relock: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.voting.relockKiosk(toActor(event.locals.user), event.params.round, String(form.get('device') ?? '').slice(0, 40));
		if (r.kind === 'forbidden') refuse(r.kind);
		if (r.kind === 'not_found') return fail(404, { action: 'relock' as const, gone: true });
		return { action: 'relock' as const, done: true };
	}
};

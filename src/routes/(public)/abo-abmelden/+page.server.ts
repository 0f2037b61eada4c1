import { fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

// One-click stop of follow notifications (issue 8; RFC 8058). Every notification mail carries this URL with a
// signed token in List-Unsubscribe. Opening it (GET) only shows a button, because mail scanners fetch links
// in advance (RFC 8058 §1); the POST stops. Mail clients POST "List-Unsubscribe=One-Click" to the same URL
// without cookies and without an Origin of ours: hooks.server.ts exempts exactly this path from the CSRF
// origin check, which is safe because the signed token, not a session, authorises the request.
const tokenOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : '');

export const load: PageServerLoad = async ({ url }) => {
	const c = await container();
	const token = tokenOf(url.searchParams.get('token'));
	const target = token ? await c.follow.stopTarget(token) : null;
	return { token: target ? token : null, email: target?.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		// The confirm page sends the token as a field; a mail client's one-click POST has it in the URL.
		const token = tokenOf(form.get('token') ?? event.url.searchParams.get('token'));
		const done = token ? await c.follow.stop(token) : null;
		if (!done) return fail(400, { invalid: true });
		return { done: true, email: done.email };
	}
};

import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { problemErrors } from '#lib/ui/ballot-text.ts';
import type { Actions, PageServerLoad } from './$types';

// Issue 5: an attendee's phone at a dot-voting assembly. The code from the card at the door plus k points on
// the agenda, one plain form post (works without JavaScript; the QR code's '#code=' is filled in with it).
export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const b = await c.assemblies.phoneBallot(params.id);
	if (!b) error(404, 'Not found');
	return { ballot: b };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const r = await c.assemblies.castDots(event.params.id, form);
		switch (r.kind) {
			case 'not_found':
				error(404, 'Not found');
			// falls through (error() throws)
			case 'not_running':
				return fail(409, { closed: true });
			case 'invalid': {
				const b = await c.assemblies.phoneBallot(event.params.id);
				return fail(400, { errors: { ...r.errors, ...problemErrors(r.problems, b?.items[0]?.id ?? '') }, values: r.values });
			}
			case 'ok':
				return { done: true };
		}
	}
};

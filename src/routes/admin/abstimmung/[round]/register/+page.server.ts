import { error, fail } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** A register export of a district is a few MB at most (about 50 bytes a line); larger uploads are refused. */
const MAX_BYTES = 20 * 1024 * 1024;

// Issue 5: the district office uploads the register file of eligible residents; only keyed hashes are kept.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await c.voting.registerAdmin(toActor(locals.user), params.round);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	return r;
};

export const actions: Actions = {
	upload: async (event) => {
		const form = await readForm(event);
		const c = await container();
		const file = form.get('file');
		const text = file instanceof File && file.size > 0 && file.size <= MAX_BYTES ? await file.text() : null;
		const r = await c.voting.uploadRegister(toActor(event.locals.user), event.params.round, text);
		if (r.kind === 'forbidden') error(403, 'Forbidden');
		if (r.kind === 'not_found') error(404, 'Not found');
		if (r.kind === 'not_open') return fail(409, { closed: true });
		if (r.kind === 'invalid') return fail(400, { errors: r.errors, problems: r.problems });
		return { done: { added: r.added, duplicates: r.duplicates, skipped: r.skipped }, problems: r.problems };
	}
};

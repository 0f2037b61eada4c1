import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { documentQuery } from '#lib/server/app/record.ts';
import type { PageServerLoad } from './$types';

/** Public documents with German full-text search and filters (issue 8). */
export const load: PageServerLoad = async ({ url, locals }) => {
	const c = await container();
	const r = await c.record.documents(toActor(locals.user), documentQuery(url));
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

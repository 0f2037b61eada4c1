import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import type { PageServerLoad } from './$types';

/** One document with all its versions; staff-only documents are 404 to everyone but district staff. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await container();
	const r = await c.record.document(toActor(locals.user), params.id.slice(0, 40));
	if (r.kind !== 'ok') error(404, 'Not found');
	const { districtId: _district, ...doc } = r.value;
	return { document: { ...doc, versions: doc.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) } };
};

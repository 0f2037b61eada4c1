import { redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { refuse } from '#lib/server/http/office.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const c = await container();
	const r = await c.record.knowledgeAdmin(toActor(locals.user));
	if (r.kind !== 'ok') refuse(r.kind);
	// "New page": the address is typed here and the editor opens with empty versions (GET form, works without JS).
	const slug = url.searchParams.get('neu');
	if (slug && /^[a-z0-9-]{1,120}$/.test(slug)) redirect(303, localizeHref(`/admin/wissen/${slug}`));
	return { ...r.value, badSlug: slug !== null };
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

/** A knowledge-base page in the chosen version: ?fassung=ls for Leichte Sprache, else the site's language. */
export const load: PageServerLoad = async ({ params, url }) => {
	const c = await container();
	const wanted = url.searchParams.get('fassung') ?? getLocale();
	const p = await c.record.knowledgePage(params.slug.slice(0, 120), wanted);
	if (!p) error(404, 'Not found');
	return { page: p };
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// The directory of initiatives and associations (issue 8), readable without an account, filtered by region
// with a plain GET form.
export const load: PageServerLoad = async ({ url }) => {
	const c = await container();
	const d = await c.orgs.directory((url.searchParams.get('region') ?? '').slice(0, 10));
	if (!d) error(404, 'Not found');
	return d;
};

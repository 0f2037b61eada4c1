import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { districtPage } from '#lib/server/app/public-read.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const c = await container();
	const rawYear = url.searchParams.get('jahr');
	const year = rawYear && /^\d{4}$/.test(rawYear) ? Number(rawYear) : null;
	const r = await districtPage(c.publicRead, params.district.slice(0, 100), c.now(), year);
	if (r.kind !== 'ok') error(404, 'Not found');
	return r.value;
};

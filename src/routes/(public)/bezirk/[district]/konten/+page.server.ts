import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// The district overview of the accounts (issue 6): every Kiezkasse and programme round of a year with its
// annual account. Public; no personal data. Default: the latest year with rounds.
export const load: PageServerLoad = async ({ params, url }) => {
	const c = await container();
	const raw = url.searchParams.get('jahr');
	let year = raw && /^\d{4}$/.test(raw) ? Number(raw) : undefined;
	const district = params.district.slice(0, 100);
	if (year === undefined) {
		const probe = await c.settlement.accounts({ district, year: -1 });
		if (!probe) error(404, 'Not found');
		year = probe.years.find((y) => y <= c.now().getUTCFullYear()) ?? probe.years[0];
	}
	const a = await c.settlement.accounts({ district, year });
	if (!a) error(404, 'Not found');
	return { accounts: a, district };
};

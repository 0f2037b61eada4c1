import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// The accounts of one Kiezkasse (round = region × year): funded projects and the annual account (issue 6).
// Public, no sign-in; titles, statuses and sums only — no names, no contact or bank data.
export const load: PageServerLoad = async ({ params }) => {
	const c = await container();
	const a = await c.settlement.accounts({ district: '', roundSlug: params.round.slice(0, 200) });
	if (!a) error(404, 'Not found');
	return { accounts: a, round: params.round.slice(0, 200) };
};

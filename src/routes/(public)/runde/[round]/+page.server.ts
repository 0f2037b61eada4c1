import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { roundPage } from '#lib/server/app/public-read.ts';
import { toActor } from '#lib/server/auth/session.ts';
import type { PageServerLoad } from './$types';

// The round page lists its ideas with search, filters, sorting and pages (issue 4). It is a GET form, so
// every state is a link that works without JavaScript and can be shared.
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const c = await container();
	const r = await roundPage(c.publicRead, params.round.slice(0, 200), c.now());
	if (r.kind !== 'ok') error(404, 'Not found');
	const browse = await c.engage.browse(r.value.round.id, url.searchParams);
	// The map shows the ideas of this page of the list, numbered as the list numbers them.
	const map = browse.rows.some((p) => p.point) ? await c.ideas.map(r.value.round.slug, browse.rows) : null;
	// Only what the page shows: the full proposal list stays on the server (it only feeds the sum).
	const follow = await c.follow.roundButtons(toActor(locals.user), r.value.round.id);
	return { round: r.value.round, browse: { ...browse, rows: browse.rows.map(({ point: _point, ...row }) => row) }, map, follow };
};

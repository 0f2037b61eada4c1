import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { RequestHandler } from './$types';

// The published result with its full rule (tie-break chain, lottery seed) and input hash: what
// `kiezbudget tally FILE.pb --verify RESULT.json` checks.
export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const f = await c.voting.files(params.round);
	if (!f) error(404, 'Not found');
	return new Response(f.json, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${f.name}-ergebnis.json"` }
	});
};

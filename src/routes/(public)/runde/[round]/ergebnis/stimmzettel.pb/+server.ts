import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { RequestHandler } from './$types';

// The anonymised, shuffled ballots as a Pabulib file (public-sector.md E-07), only after the close.
export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const f = await c.voting.files(params.round);
	if (!f) error(404, 'Not found');
	return new Response(f.pb, {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${f.name}.pb"` }
	});
};

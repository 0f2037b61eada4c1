import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { accountsCsv } from '#lib/server/app/settlement.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const a = await c.settlement.accounts({ district: '', roundSlug: params.round.slice(0, 200) });
	if (!a) error(404, 'Not found');
	return new Response(`\uFEFF${accountsCsv(a)}`, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="konten-${params.round.replace(/[^a-z0-9-]/g, '')}.csv"` }
	});
};

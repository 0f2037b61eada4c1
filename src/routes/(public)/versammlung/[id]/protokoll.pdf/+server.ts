import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { RequestHandler } from './$types';

// Issue 5, assembly: the published minutes (Protokoll) of a closed sitting, exactly as stored at the close.
export const GET: RequestHandler = async ({ params }) => {
	const f = await (await container()).assemblies.minutes(params.id);
	if (!f) error(404, 'Not found');
	return new Response(f.pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="protokoll-${f.slug}-${f.sitting}.pdf"`,
			'cache-control': 'public, max-age=300'
		}
	});
};

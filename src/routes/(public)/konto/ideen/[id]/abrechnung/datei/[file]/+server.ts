import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import type { RequestHandler } from './$types';

// A receipt or report photo for its applicant (and the district's case workers); everyone else 404. Served
// as a download with the sniffed type and nosniff, never inline, so a crafted file cannot run in our origin
// (public-sector.md S-07; OWASP File Upload Cheat Sheet).
export const GET: RequestHandler = async ({ params, locals }) => {
	const c = await container();
	const f = await c.settlement.file(toActor(locals.user), params.id.slice(0, 100), params.file.slice(0, 100));
	if (!f) error(404, 'Not found');
	return new Response(f.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': f.mime,
			'content-disposition': `attachment; filename="${f.fileName.replace(/[^\w. -]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { IMAGE_TYPES } from '#lib/core/proposal/image.ts';
import type { RequestHandler } from './$types';

/**
 * A photo of a progress update (issue 6): public once the update is published; before that only for its
 * applicant and the moderators of the place. Re-encoded at upload; headers as for idea images (nosniff,
 * sandbox CSP).
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const c = await container();
	const r = await c.settlement.progressPhoto(toActor(locals.user), params.id.slice(0, 100), params.photo.slice(0, 100));
	if (!r || !(IMAGE_TYPES as readonly string[]).includes(r.mime)) error(404, 'Not found');
	return new Response(r.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': r.mime,
			'X-Content-Type-Options': 'nosniff',
			'Content-Security-Policy': "default-src 'none'; sandbox",
			'Cache-Control': r.status === 'published' ? 'public, max-age=3600' : 'private, no-store'
		}
	});
};

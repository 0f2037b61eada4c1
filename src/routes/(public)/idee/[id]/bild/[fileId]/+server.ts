import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { extensionOf, IMAGE_TYPES, type ImageType } from '#lib/core/proposal/image.ts';
import type { RequestHandler } from './$types';

/**
 * One image of an idea. The bytes were re-encoded at upload, the type is the one we wrote; the headers keep
 * a browser from reading it as anything else (public-sector.md S-06/S-07: nosniff, a CSP that forbids
 * scripts, a generated file name). Public ideas' images may be cached; others only privately, never stored.
 */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const c = await container();
	const r = await c.ideas.image(toActor(locals.user), params.id, params.fileId);
	if (r.kind !== 'ok' || !(IMAGE_TYPES as readonly string[]).includes(r.mime)) error(404, 'Not found');
	const etag = `"${r.etag}"`;
	const headers = new Headers({
		'Content-Type': r.mime,
		'X-Content-Type-Options': 'nosniff',
		'Content-Security-Policy': "default-src 'none'; sandbox",
		'Content-Disposition': `inline; filename="idee-bild.${extensionOf(r.mime as ImageType)}"`,
		'Cache-Control': r.isPublic ? 'public, max-age=3600' : 'private, no-store',
		ETag: etag
	});
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(r.bytes as Uint8Array<ArrayBuffer>, { headers });
};

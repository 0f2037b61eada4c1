import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import type { RequestHandler } from './$types';

/** The PDF of one version (the current one without ?fassung=); staff-only documents are 404 to the public. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const c = await container();
	const raw = url.searchParams.get('fassung');
	const version = raw === null ? null : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
	if (Number.isNaN(version)) error(404, 'Not found');
	const r = await c.record.documentFile(toActor(locals.user), params.id.slice(0, 40), version);
	if (r.kind !== 'ok') error(404, 'Not found');
	return new Response(Buffer.from(r.value.bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="${r.value.fileName}"`,
			'x-content-type-options': 'nosniff',
			// A version never changes once stored; staff-only files must not sit in shared caches.
			'cache-control': r.value.visibility !== 'public' ? 'private, no-store' : version === null ? 'public, max-age=300' : 'public, max-age=86400, immutable',
			etag: `"${r.value.sha256}"`
		}
	});
};

import { error, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { RequestHandler } from './$types';

// The applicant's own grant notice (issue 6). Personal data (name, address): never public, never cached.
export const GET: RequestHandler = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const r = await c.grants.notice(toActor(locals.user), params.id.slice(0, 100));
	if (r.kind !== 'ok') error(404, 'Not found');
	return pdfResponse(r.value.pdf, r.value.filename);
};

function pdfResponse(pdf: Uint8Array, filename: string) {
	return new Response(pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(pdf.length),
			'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
}

import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { GRANTS_ONLY } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

// A sample notice with a template version's texts (issue 6). Endpoints do not run the admin layout's check,
// so this one checks itself; the use case applies grant.template for the programme's district.
export const GET: RequestHandler = async (event) => {
	requireStaff(event);
	const c = await container();
	const r = await c.grants.templates.preview(toActor(event.locals.user), event.params.programme.slice(0, 100), event.url.searchParams.get('fassung'));
	if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
	if (r.kind !== 'ok') error(404, 'Not found');
	return new Response(r.value.pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(r.value.pdf.length),
			'Content-Disposition': `inline; filename="${r.value.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};

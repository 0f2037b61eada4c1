import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { GRANTS_ONLY } from '../../outcome.ts';
import type { RequestHandler } from './$types';

// The grant notice from the case file (issue 6). Endpoints do not run the admin layout's check, so this one
// checks itself; the use case answers 404 to anyone outside the round's district.
export const GET: RequestHandler = async (event) => {
	requireStaff(event);
	const c = await container();
	const actor = toActor(event.locals.user);
	const id = event.params.id.slice(0, 100);
	// Staff without grant.manage (Kiezpat:innen) are refused like on the case file: 403, never the document.
	const gate = await c.grants.caseGate(actor, id);
	if (gate.kind === 'forbidden') error(403, GRANTS_ONLY);
	if (gate.kind !== 'ok') error(404, 'Not found');
	const r = await c.grants.notice(actor, id);
	if (r.kind !== 'ok') error(404, 'Not found');
	return new Response(r.value.pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(r.value.pdf.length),
			'Content-Disposition': `attachment; filename="${r.value.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};

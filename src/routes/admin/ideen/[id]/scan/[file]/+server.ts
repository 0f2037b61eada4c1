import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import type { RequestHandler } from './$types';

// A scan of a paper form (issue 4): names and addresses, so never public and never cached. Endpoints do not
// run the admin layout's check, so this one checks itself (and the use case applies proposal.review).
export const GET: RequestHandler = async (event) => {
	requireStaff(event);
	const c = await container();
	const f = await c.office.downloadScan(toActor(event.locals.user), event.params.id.slice(0, 100), event.params.file.slice(0, 100));
	if (!f) error(404, 'Not found');
	const ext = f.mime === 'application/pdf' ? 'pdf' : f.mime === 'image/png' ? 'png' : 'jpg';
	return new Response(f.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': f.mime,
			'Content-Length': String(f.bytes.length),
			'Content-Disposition': `attachment; filename="scan-${event.params.file.slice(0, 8)}.${ext}"`,
			'Cache-Control': 'private, no-store',
			// A scan is shown by the browser's own viewer at most, never as part of our pages.
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};

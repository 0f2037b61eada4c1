import { error, type RequestHandler } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { attachment } from '#lib/server/http/download.ts';
import { GRANTS_ONLY } from '../outcome.ts';

/**
 * The cashier's payment file (issue 6) in one format, with the full IBAN; each download is audited by the
 * use case. Endpoints do not run the admin layout's check, so this one checks itself.
 */
export function paymentFile(format: 'csv' | 'xlsx'): RequestHandler {
	return async (event) => {
		requireStaff(event);
		const c = await container();
		const r = await c.grants.paymentExport.file(toActor(event.locals.user), event.url.searchParams, format);
		if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
		if (r.kind === 'invalid') error(400, 'Ungültiger Filter. / Invalid filter.');
		if (r.kind !== 'ok') error(404, 'Not found');
		return attachment(r.value);
	};
}

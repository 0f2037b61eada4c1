import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { requireStaff } from '#lib/server/http/staff-gate.ts';
import { attachment } from '#lib/server/http/download.ts';
import { GRANTS_ONLY } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

// The round's payment list for the district's accounting (issue 6). Endpoints do not run the admin layout's
// check, so this one checks itself; the use case applies grant.manage for the round's district and region.
export const GET: RequestHandler = async (event) => {
	requireStaff(event);
	const c = await container();
	const r = await c.grants.exportPayments(toActor(event.locals.user), event.params.round.slice(0, 200), 'xlsx');
	if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
	if (r.kind !== 'ok') error(404, 'Not found');
	return attachment(r.value);
};

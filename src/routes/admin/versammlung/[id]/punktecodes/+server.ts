import { error, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { dotCodesPdf } from '#lib/server/documents/dot-codes.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { RequestHandler } from './$types';

// One-time codes for dot voting from phones, answered with their one PDF of cards (issue 5). The codes are
// in this response only (their hashes are stored); nothing is cached and nothing is logged.
export const POST: RequestHandler = async (event) => {
	const form = await readForm(event);
	const c = await container();
	const r = await c.assemblies.dotCodes(toActor(event.locals.user), event.params.id, form);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	if (r.kind === 'conflict') error(409, 'Dot voting codes only for a dot-voting assembly that is not closed.');
	if (r.kind === 'invalid') redirect(303, localizeHref(`/admin/versammlung/${event.params.id}?punktecodes=${encodeURIComponent(r.value)}`) + '#phones');
	const pdf = await dotCodesPdf({ title: `Kiezkassenversammlung ${r.place}`, phoneUrl: `${c.config.origin}/versammlung/${event.params.id}/punkte`, points: r.points, codes: r.codes });
	return new Response(pdf as BodyInit, {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="punkte-codes-${event.params.id.slice(0, 8)}.pdf"`, 'cache-control': 'no-store' }
	});
};

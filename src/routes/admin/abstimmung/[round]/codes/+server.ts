import { error, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { voteLettersPdf } from '#lib/server/documents/vote-letters.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { RequestHandler } from './$types';

// A new batch of voting codes, answered with its one PDF of letters (public-sector.md E-03). The codes
// are in this response only; nothing is cached (no-store) and nothing is logged.
export const POST: RequestHandler = async (event) => {
	const form = await readForm(event);
	const c = await container();
	const r = await c.voting.createBatch(toActor(event.locals.user), event.params.round, form);
	switch (r.kind) {
		case 'not_found':
			error(404, 'Not found');
		// falls through (error() throws)
		case 'forbidden':
			error(403, 'Forbidden');
		// falls through
		case 'invalid': {
			const q = new URLSearchParams({ fehler: Object.keys(r.errors).join(','), label: r.values.label, size: r.values.size });
			redirect(303, localizeHref(`/admin/abstimmung/${event.params.round}?${q}`) + '#batch');
		}
		// falls through
		case 'ok': {
			const pdf = await voteLettersPdf({
				roundTitle: r.round.title,
				batchLabel: r.label,
				ballotUrl: `${c.config.origin}/runde/${r.round.slug}/abstimmen`,
				codes: r.codes
			});
			return new Response(pdf as BodyInit, {
				headers: {
					'content-type': 'application/pdf',
					'content-disposition': `attachment; filename="abstimmungscodes-${r.round.slug}-${r.batchId.slice(0, 8)}.pdf"`,
					'cache-control': 'no-store'
				}
			});
		}
	}
};

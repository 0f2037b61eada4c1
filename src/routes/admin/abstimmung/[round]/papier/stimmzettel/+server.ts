import { error, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { paperBallotsPdf } from '#lib/server/documents/paper-ballots.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { groupLabelIn } from '#lib/ui/evaluation-labels.ts';
import type { RequestHandler } from './$types';

// Numbered paper ballots of the round as one printable PDF (issue 5). Staff only; the numbers are what the
// two people entering a ballot type first, so their entries can be matched.
export const POST: RequestHandler = async (event) => {
	const form = await readForm(event);
	const c = await container();
	const r = await c.voting.paperPrint(toActor(event.locals.user), event.params.round, form);
	if (r.kind === 'not_found') error(404, 'Not found');
	if (r.kind === 'forbidden') error(403, 'Forbidden');
	if (r.kind === 'not_open') error(409, 'Voting is not open.');
	if (r.kind === 'invalid') {
		const q = new URLSearchParams({ fehler: Object.keys(r.errors).join(','), from: r.values.from, count: r.values.count });
		redirect(303, localizeHref(`/admin/abstimmung/${event.params.round}/papier?${q}`) + '#print');
	}
	// The paper is bilingual whatever the page's language: each answer of the age question in German and English,
	// worded as on the online ballot.
	const ageChoices = r.ageBands ? [...r.ageBands, 'prefer_not_to_say'].map((g) => ({ de: groupLabelIn(g, 'de'), en: groupLabelIn(g, 'en') })) : null;
	const pdf = await paperBallotsPdf({ roundTitle: r.round.title, ballot: r.config.ballot, projects: r.config.projects, serials: r.serials, ageChoices });
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="stimmzettel-${r.round.slug}-${r.serials[0]}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};

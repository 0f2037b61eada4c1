import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readIdeaPost } from '#lib/server/http/idea-post.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Result } from '#lib/server/app/settlement.ts';
import type { Actions, PageServerLoad } from './$types';

// The applicant's page of a funded project (issue 6): progress updates, receipts, report, messages, hand-in.
// Anyone but the applicant gets 404 (the use case answers not_found), so ids cannot be probed.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!locals.user) redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(url.pathname)}`));
	const c = await container();
	const v = await c.settlement.mine(toActor(locals.user), params.id.slice(0, 100));
	if (!v) error(404, 'Not found');
	return { ...v, notice: url.searchParams.get('hinweis')?.slice(0, 30) ?? null };
};

type Kind = 'receipt' | 'photo' | 'report' | 'submit' | 'message' | 'progress';

async function act(event: RequestEvent, kind: Kind) {
	if (!event.locals.user) error(401, 'Sign in first');
	const post = await readIdeaPost(event);
	const field = kind === 'photo' ? 'photofile' : kind === 'progress' ? 'photo' : 'file';
	if (post.kind === 'too_large') return fail(413, { kind, errors: { [field]: 'settlement_error_file_too_large' }, values: {} });
	const c = await container();
	const actor = toActor(event.locals.user);
	const id = (event.params.id ?? '').slice(0, 100);
	const s = c.settlement;
	let r: Result<unknown>;
	switch (kind) {
		case 'receipt':
		case 'photo':
			r = await s.addReceipt(actor, id, post.form, kind);
			break;
		case 'report':
			r = await s.saveReport(actor, id, post.form);
			break;
		case 'submit':
			r = await s.submit(actor, id);
			break;
		case 'message':
			r = await s.applicantMessage(actor, id, post.form);
			break;
		case 'progress':
			r = await s.postProgress(actor, id, post.form);
			break;
	}
	switch (r.kind) {
		case 'ok':
			redirect(303, localizeHref(`/konto/ideen/${id}/abrechnung?hinweis=${kind}#${kind === 'message' ? 'nachrichten' : kind === 'progress' ? 'fortschritt' : 'abrechnung'}`));
		// falls through (redirect() throws)
		case 'not_found':
			error(404, 'Not found');
		// falls through
		case 'invalid':
			return fail(400, { kind, errors: r.issues, values: r.values ?? {} });
		case 'conflict':
			return fail(409, { kind, errors: { form: `settlement_conflict_${r.reason}` }, values: {} });
	}
}

export const actions: Actions = {
	receipt: (e) => act(e, 'receipt'),
	photo: (e) => act(e, 'photo'),
	report: (e) => act(e, 'report'),
	submit: (e) => act(e, 'submit'),
	message: (e) => act(e, 'message'),
	progress: (e) => act(e, 'progress')
};

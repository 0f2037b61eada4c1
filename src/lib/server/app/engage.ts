/**
 * Use cases for browsing ideas, supporting them, discussing them and moderating the discussion (issue 4;
 * PRODUCT.md lifecycle steps 2–3, "comments with moderation (report, hide with reason, audit)"). Each starts
 * with its policy (house rule 5): what the round's phase allows (core/process PHASE_ALLOWS), who may act
 * (core/access/engage.ts), then the rules of the comment itself (core/engage/comments.ts).
 */
import { mayEngage, mayModerateComments } from '../../core/access/engage.ts';
import type { Actor } from '../../core/access/policy.ts';
import { COMMENT_RATE, editableUntil, mayEditComment, mayReplyTo, mayReport, EDIT_WINDOW_MS } from '../../core/engage/comments.ts';
import { phaseAllows, type PhaseCapability, type PhaseKey } from '../../core/process/programme.ts';
import { isPublicStatus } from '../../core/process/proposal-status.ts';
import { browseSearch, PAGE_SIZE, parseBrowseQuery, parseCommentBody, parseHideReason, parseReportReason, uuidOrNull, type BrowseQuery, type EngageErrorKey } from '../../forms/engage.ts';
import type { Db } from '../db/client.ts';
import { browseIdeas, commentFacts, ideaEngagement, ideaFacts, moderationQueue, roundCategories, type IdeaFacts, type PublicComment, type QueueItem } from '../db/read/engage-read.ts';
import { addSupport, hideComment, insertComment, insertReport, keepComment, removeSupport, restoreComment, updateComment } from '../db/repositories/engage.ts';
import { phaseStates } from './public-read.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function currentPhase(phases: IdeaFacts['phases'], now: Date): PhaseKey | null {
	const i = phaseStates(phases, now).indexOf('running');
	return i >= 0 ? (phases[i]!.key as PhaseKey) : null;
}
const allows = (f: IdeaFacts, cap: PhaseCapability, now: Date) => phaseAllows(currentPhase(f.phases, now), cap);
/** Withdrawn ideas stay readable but take no new supports or comments. */
const open = (f: IdeaFacts) => isPublicStatus(f.status) && f.status !== 'withdrawn';

// ——— browsing ———

export type Browse = {
	query: BrowseQuery;
	total: number;
	pages: number;
	rows: Awaited<ReturnType<typeof browseIdeas>>['rows'];
	statuses: string[];
	categories: { key: string; label: string }[];
	/** Query strings of the previous and next page, or null. */
	prev: string | null;
	next: string | null;
};

export async function browse(db: Db, roundId: string, params: { get(name: string): string | null }): Promise<Browse> {
	const categories = await roundCategories(db, roundId);
	const query = parseBrowseQuery(
		params,
		categories.map((c) => c.key)
	);
	const r = await browseIdeas(db, roundId, query, PAGE_SIZE);
	const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
	return {
		query,
		total: r.total,
		pages,
		rows: r.rows,
		statuses: r.statuses,
		categories,
		prev: query.page > 1 ? browseSearch(query, Math.min(query.page - 1, pages)) || '?' : null,
		next: query.page < pages ? browseSearch(query, query.page + 1) : null
	};
}

// ——— the idea page ———

export type CommentView = PublicComment & { editable: boolean; editableUntil: string | null; replies: (PublicComment & { editable: boolean; editableUntil: string | null })[] };

export type IdeaView =
	| { kind: 'not_found' }
	| { kind: 'merged'; intoId: string }
	| {
			kind: 'ok';
			supports: number;
			supportedByMe: boolean;
			canSupport: boolean;
			canComment: boolean;
			feedback: { text: string; at: string } | null;
			comments: CommentView[];
			commentCount: number;
	  };

export async function ideaView(db: Db, id: string, actor: Actor | null, now: Date): Promise<IdeaView> {
	if (!UUID.test(id)) return { kind: 'not_found' };
	const f = await ideaFacts(db, id);
	if (!f) return { kind: 'not_found' };
	if (f.status === 'merged' && f.mergedIntoId) return { kind: 'merged', intoId: f.mergedIntoId };
	if (!isPublicStatus(f.status)) return { kind: 'not_found' };
	const e = await ideaEngagement(db, id, actor?.userId ?? null);
	const withEdit = (c: PublicComment) => {
		const editable = c.mine && c.body !== null && now.getTime() - new Date(c.createdAt).getTime() <= EDIT_WINDOW_MS;
		return { ...c, editable, editableUntil: editable ? editableUntil(new Date(c.createdAt)).toISOString() : null };
	};
	const top = e.comments.filter((c) => c.parentId === null);
	return {
		kind: 'ok',
		supports: e.supports,
		supportedByMe: e.supportedByMe,
		canSupport: open(f) && allows(f, 'support', now),
		canComment: open(f) && allows(f, 'comment', now),
		feedback: e.feedback,
		commentCount: e.comments.filter((c) => c.body !== null).length,
		comments: top.map((c) => ({ ...withEdit(c), replies: e.comments.filter((r) => r.parentId === c.id).map(withEdit) }))
	};
}

// ——— acting on an idea ———

export type EngageOutcome =
	| { kind: 'ok'; anchor: string }
	| { kind: 'not_found' }
	| { kind: 'merged'; intoId: string }
	| { kind: 'forbidden'; reason: 'not_signed_in' | 'email_not_verified' | string }
	| { kind: 'closed' }
	| { kind: 'invalid'; form: string; field: string; values: Record<string, string>; errors: Record<string, EngageErrorKey | string> };

async function gate(db: Db, id: string, actor: Actor | null): Promise<{ f: IdeaFacts; actor: Actor } | Exclude<EngageOutcome, { kind: 'ok' } | { kind: 'invalid' }>> {
	if (!UUID.test(id)) return { kind: 'not_found' };
	const f = await ideaFacts(db, id);
	if (!f) return { kind: 'not_found' };
	if (f.status === 'merged' && f.mergedIntoId) return { kind: 'merged', intoId: f.mergedIntoId };
	if (!isPublicStatus(f.status)) return { kind: 'not_found' };
	const d = mayEngage(actor);
	if (!d.allowed || !actor) return { kind: 'forbidden', reason: d.allowed ? 'not_signed_in' : d.reason };
	return { f, actor };
}

export async function support(db: Db, id: string, actor: Actor | null, on: boolean, now: Date): Promise<EngageOutcome> {
	const g = await gate(db, id, actor);
	if (!('f' in g)) return g;
	if (!open(g.f) || !allows(g.f, 'support', now)) return { kind: 'closed' };
	const who = { userId: g.actor.userId, districtId: g.f.place.districtId };
	if (on) await addSupport(db, id, who, now);
	else await removeSupport(db, id, who, now);
	return { kind: 'ok', anchor: 'unterstuetzen' };
}

export async function postComment(db: Db, id: string, actor: Actor | null, form: FormData, now: Date): Promise<EngageOutcome> {
	const g = await gate(db, id, actor);
	if (!('f' in g)) return g;
	if (!open(g.f) || !allows(g.f, 'comment', now)) return { kind: 'closed' };
	const parentRaw = form.get('parentId');
	const parentId = parentRaw === null || parentRaw === '' ? null : uuidOrNull(parentRaw);
	if (parentRaw !== null && parentRaw !== '' && !parentId) return { kind: 'not_found' };
	const field = parentId ? `reply.${parentId}` : 'body';
	const formId = parentId ? `reply:${parentId}` : 'comment';
	if (parentId) {
		const parent = await commentFacts(db, parentId);
		if (!parent || parent.proposalId !== id) return { kind: 'not_found' };
		if (!mayReplyTo(parent)) return { kind: 'invalid', form: formId, field, values: {}, errors: { [field]: 'engage_error_reply_not_allowed' } };
	}
	const body = parseCommentBody(form, field);
	if (!body.ok) return { kind: 'invalid', form: formId, field, values: { [field]: body.raw }, errors: { [field]: body.error } };
	const r = await insertComment(db, { proposalId: id, parentId, body: body.value, userId: g.actor.userId, districtId: g.f.place.districtId }, COMMENT_RATE, now);
	if (r.kind === 'rate_limited') return { kind: 'invalid', form: formId, field, values: { [field]: body.raw }, errors: { [field]: 'engage_error_rate_limited' } };
	return { kind: 'ok', anchor: `kommentar-${r.id}` };
}

export async function editComment(db: Db, id: string, actor: Actor | null, form: FormData, now: Date): Promise<EngageOutcome> {
	const g = await gate(db, id, actor);
	if (!('f' in g)) return g;
	const commentId = uuidOrNull(form.get('commentId'));
	const c = commentId ? await commentFacts(db, commentId) : null;
	if (!c || c.proposalId !== id) return { kind: 'not_found' };
	const field = `edit.${c.id}`;
	const formId = `edit:${c.id}`;
	const body = parseCommentBody(form, field);
	const may = mayEditComment(c, g.actor.userId, now);
	if (!may.allowed) {
		if (may.reason === 'not_author') return { kind: 'forbidden', reason: 'not_author' };
		return { kind: 'invalid', form: formId, field, values: { [field]: body.raw }, errors: { [field]: may.reason === 'hidden' ? 'engage_error_edit_hidden' : 'engage_error_edit_window' } };
	}
	if (!body.ok) return { kind: 'invalid', form: formId, field, values: { [field]: body.raw }, errors: { [field]: body.error } };
	const r = await updateComment(
		db,
		{ id: c.id, proposalId: id, body: body.value, editableSince: new Date(now.getTime() - EDIT_WINDOW_MS), userId: g.actor.userId, districtId: g.f.place.districtId },
		now
	);
	if (!r.updated) return { kind: 'invalid', form: formId, field, values: { [field]: body.raw }, errors: { [field]: 'engage_error_edit_window' } };
	return { kind: 'ok', anchor: `kommentar-${c.id}` };
}

export async function reportComment(db: Db, id: string, actor: Actor | null, form: FormData, now: Date): Promise<EngageOutcome & { created?: boolean }> {
	const g = await gate(db, id, actor);
	if (!('f' in g)) return g;
	const commentId = uuidOrNull(form.get('commentId'));
	const c = commentId ? await commentFacts(db, commentId) : null;
	if (!c || c.proposalId !== id) return { kind: 'not_found' };
	const field = `reason.${c.id}`;
	const formId = `report:${c.id}`;
	const reason = parseReportReason(form, field);
	const may = mayReport(c, g.actor.userId);
	if (!may.allowed) {
		return { kind: 'invalid', form: formId, field, values: { [field]: reason.raw }, errors: { [field]: may.reason === 'own_comment' ? 'engage_error_report_own' : 'engage_error_report_hidden' } };
	}
	if (!reason.ok) return { kind: 'invalid', form: formId, field, values: { [field]: reason.raw }, errors: { [field]: reason.error } };
	const r = await insertReport(db, { commentId: c.id, proposalId: id, reason: reason.value, userId: g.actor.userId, districtId: g.f.place.districtId }, now);
	return { kind: 'ok', anchor: `kommentar-${c.id}`, created: r.created };
}

// ——— moderation ———

/** Districts an actor's grants reach (null: the platform, i.e. all); narrows the queue query. */
function districtsOf(actor: Actor): string[] | null {
	const out = new Set<string>();
	for (const g of actor.grants) {
		if (g.scope.kind === 'platform') return null;
		out.add(g.scope.kind === 'district' ? g.scope.id : g.scope.districtId);
	}
	return [...out];
}

export async function moderationPage(db: Db, actor: Actor): Promise<{ open: QueueItem[]; hidden: QueueItem[] }> {
	const q = await moderationQueue(db, districtsOf(actor), 200);
	const mine = (i: QueueItem) => mayModerateComments(actor, i.place).allowed;
	return { open: q.open.filter(mine), hidden: q.hidden.filter(mine) };
}

export type ModerationAction = 'hide' | 'restore' | 'keep';
export type ModerationOutcome =
	| { kind: 'ok'; changed: boolean }
	| { kind: 'not_found' }
	| { kind: 'forbidden'; reason: string }
	| { kind: 'invalid'; commentId: string; values: Record<string, string>; errors: Record<string, EngageErrorKey> };

export async function moderate(db: Db, actor: Actor | null, action: ModerationAction, form: FormData, now: Date): Promise<ModerationOutcome> {
	const commentId = uuidOrNull(form.get('commentId'));
	const c = commentId ? await commentFacts(db, commentId) : null;
	if (!c) return { kind: 'not_found' };
	const f = await ideaFacts(db, c.proposalId);
	if (!f) return { kind: 'not_found' };
	const d = mayModerateComments(actor, f.place);
	if (!d.allowed || !actor) return { kind: 'forbidden', reason: d.allowed ? 'not_signed_in' : d.reason };
	const who = { userId: actor.userId, districtId: f.place.districtId, commentId: c.id, proposalId: c.proposalId };
	switch (action) {
		case 'hide': {
			const field = `hideReason.${c.id}`;
			const reason = parseHideReason(form, field);
			if (!reason.ok) return { kind: 'invalid', commentId: c.id, values: { [field]: reason.raw }, errors: { [field]: reason.error } };
			return { kind: 'ok', ...(await hideComment(db, { ...who, reason: reason.value }, now)) };
		}
		case 'restore':
			return { kind: 'ok', ...(await restoreComment(db, who, now)) };
		case 'keep':
			return { kind: 'ok', ...(await keepComment(db, who, now)) };
	}
}

/** Bound to one database for the container (ARCHITECTURE: routes never see the database). */
export function createEngage(db: Db) {
	return {
		browse: (roundId: string, params: { get(name: string): string | null }) => browse(db, roundId, params),
		idea: (id: string, actor: Actor | null, now: Date) => ideaView(db, id, actor, now),
		support: (id: string, actor: Actor | null, on: boolean, now: Date) => support(db, id, actor, on, now),
		comment: (id: string, actor: Actor | null, form: FormData, now: Date) => postComment(db, id, actor, form, now),
		edit: (id: string, actor: Actor | null, form: FormData, now: Date) => editComment(db, id, actor, form, now),
		report: (id: string, actor: Actor | null, form: FormData, now: Date) => reportComment(db, id, actor, form, now),
		moderationPage: (actor: Actor) => moderationPage(db, actor),
		moderate: (actor: Actor | null, action: ModerationAction, form: FormData, now: Date) => moderate(db, actor, action, form, now)
	};
}
export type Engage = ReturnType<typeof createEngage>;

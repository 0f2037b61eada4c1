/**
 * Shape validation for browsing and discussing ideas (issue 4). The browse form is a GET form, so the
 * query string is the input: anything unknown falls back to the default instead of failing, because links
 * get shared, cut and edited by hand.
 */
import { checkText, COMMENT_MAX, HIDE_REASON_MAX, REPORT_REASON_MAX, type TextIssue } from '../core/engage/comments.ts';
import { isPublicStatus, isProposalStatus } from '../core/process/proposal-status.ts';

export const SORTS = ['relevance', 'newest', 'supports', 'amount_desc', 'amount_asc'] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 20;
/** Searches longer than this are cut; nobody types more into a search box. */
export const QUERY_MAX = 100;

export type BrowseQuery = { q: string; status: string | null; category: string | null; sort: Sort; page: number };

type Params = { get(name: string): string | null };

export function parseBrowseQuery(params: Params, categories: readonly string[]): BrowseQuery {
	const q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX);
	const rawStatus = params.get('status') ?? '';
	const status = isProposalStatus(rawStatus) && isPublicStatus(rawStatus) ? rawStatus : null;
	const rawCategory = params.get('kategorie') ?? '';
	const category = categories.includes(rawCategory) ? rawCategory : null;
	const rawSort = params.get('sortierung') ?? '';
	// Relevance needs search words; without them the newest ideas come first.
	const fallback: Sort = q ? 'relevance' : 'newest';
	const sort: Sort = (SORTS as readonly string[]).includes(rawSort) && !(rawSort === 'relevance' && !q) ? (rawSort as Sort) : fallback;
	const n = Number.parseInt(params.get('seite') ?? '1', 10);
	const page = Number.isFinite(n) && n >= 1 && n <= 10_000 ? n : 1;
	return { q, status, category, sort, page };
}

/** The query string of a browse state (for pagination links); defaults are left out. */
export function browseSearch(q: BrowseQuery, page: number): string {
	const p = new URLSearchParams();
	if (q.q) p.set('q', q.q);
	if (q.status) p.set('status', q.status);
	if (q.category) p.set('kategorie', q.category);
	if (q.sort !== (q.q ? 'relevance' : 'newest')) p.set('sortierung', q.sort);
	if (page > 1) p.set('seite', String(page));
	const s = p.toString();
	return s ? `?${s}` : '';
}

export type EngageErrorKey =
	| 'engage_error_comment_empty'
	| 'engage_error_comment_too_long'
	| 'engage_error_reason_empty'
	| 'engage_error_reason_too_long'
	| 'engage_error_hide_reason_empty'
	| 'engage_error_hide_reason_too_long';

const read = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	// Normalise line endings; keep what was typed (cut only absurd input) so the form can show it again.
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').slice(0, max * 4) : '';
};

function text(form: FormData, name: string, max: number, keys: Record<TextIssue, EngageErrorKey>) {
	const raw = read(form, name, max);
	const issue = checkText(raw, max);
	return issue ? ({ ok: false, raw, error: keys[issue] } as const) : ({ ok: true, raw, value: raw.trim() } as const);
}

export const parseCommentBody = (form: FormData, name: string) =>
	text(form, name, COMMENT_MAX, { empty: 'engage_error_comment_empty', too_long: 'engage_error_comment_too_long' });
export const parseReportReason = (form: FormData, name: string) =>
	text(form, name, REPORT_REASON_MAX, { empty: 'engage_error_reason_empty', too_long: 'engage_error_reason_too_long' });
export const parseHideReason = (form: FormData, name: string) =>
	text(form, name, HIDE_REASON_MAX, { empty: 'engage_error_hide_reason_empty', too_long: 'engage_error_hide_reason_too_long' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid from a form or URL, or null (never let malformed ids reach a uuid column: that would be a 500). */
export function uuidOrNull(v: unknown): string | null {
	return typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null;
}

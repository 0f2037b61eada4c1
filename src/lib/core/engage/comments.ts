/**
 * Rules for discussing ideas (issue 4; PRODUCT.md lifecycle step 2 "Others comment, support and rate";
 * anchors-features.md §1.10 and §1.12: comments with one level of replies, reports to moderators, hiding
 * with a public reason). Pure: the clock comes in as an argument (house rule 1).
 */

/** Long enough for a considered argument, short enough to stay a comment (mein.berlin allows 4,000). */
export const COMMENT_MAX = 2000;
export const REPORT_REASON_MAX = 500;
export const HIDE_REASON_MAX = 300;

/**
 * Own comments can be corrected for a short time only, so that replies and reports keep referring to what
 * was actually written (a common forum rule; the issue asks for a "short edit window").
 */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** At most this many comments per person within the window: generous for a conversation, a brake on floods. */
export const COMMENT_RATE = { max: 10, windowMs: 10 * 60 * 1000 } as const;

export type CommentFacts = {
	authorId: string | null;
	parentId: string | null;
	createdAt: Date;
	hiddenAt: Date | null;
};

export type EditDecision = { allowed: true } | { allowed: false; reason: 'not_author' | 'hidden' | 'window_closed' };

export function mayEditComment(c: CommentFacts, actorId: string, now: Date): EditDecision {
	if (c.authorId === null || c.authorId !== actorId) return { allowed: false, reason: 'not_author' };
	if (c.hiddenAt !== null) return { allowed: false, reason: 'hidden' };
	if (now.getTime() - c.createdAt.getTime() > EDIT_WINDOW_MS) return { allowed: false, reason: 'window_closed' };
	return { allowed: true };
}

/** The edit form is offered until this moment (the page shows it; the server checks again on save). */
export const editableUntil = (createdAt: Date) => new Date(createdAt.getTime() + EDIT_WINDOW_MS);

/** One level of replies: a reply answers a top-level comment, never another reply (issue 4). */
export function mayReplyTo(parent: { parentId: string | null; hiddenAt: Date | null }): boolean {
	return parent.parentId === null && parent.hiddenAt === null;
}

export type ReportDecision = { allowed: true } | { allowed: false; reason: 'own_comment' | 'hidden' };

export function mayReport(c: CommentFacts, actorId: string): ReportDecision {
	if (c.authorId === actorId) return { allowed: false, reason: 'own_comment' };
	if (c.hiddenAt !== null) return { allowed: false, reason: 'hidden' };
	return { allowed: true };
}

/** `recent` = how many comments the person wrote within COMMENT_RATE.windowMs before now. */
export const commentRateExceeded = (recent: number) => recent >= COMMENT_RATE.max;

export type TextIssue = 'empty' | 'too_long';

/** Length in characters as people count them (code points), after trimming. */
export function checkText(text: string, max: number): TextIssue | null {
	const n = [...text.trim()].length;
	if (n === 0) return 'empty';
	if (n > max) return 'too_long';
	return null;
}

import { describe, expect, it } from 'vitest';
import { checkText, commentRateExceeded, COMMENT_MAX, COMMENT_RATE, EDIT_WINDOW_MS, mayEditComment, mayReplyTo, mayReport } from './comments.ts';

const T0 = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const c = (over: Partial<Parameters<typeof mayEditComment>[0]> = {}) => ({ authorId: 'a', parentId: null, createdAt: T0, hiddenAt: null, ...over });

describe('edit window', () => {
	it.each([
		['author, just written', c(), 'a', later(1000), true, null],
		['author, at the end of the window', c(), 'a', later(EDIT_WINDOW_MS), true, null],
		['author, one second too late', c(), 'a', later(EDIT_WINDOW_MS + 1000), false, 'window_closed'],
		['someone else', c(), 'b', later(1000), false, 'not_author'],
		['author of a deleted account', c({ authorId: null }), 'a', later(1000), false, 'not_author'],
		['author, but hidden by moderation', c({ hiddenAt: later(500) }), 'a', later(1000), false, 'hidden']
	] as const)('%s', (_name, comment, actor, now, allowed, reason) => {
		const d = mayEditComment(comment, actor, now);
		expect(d.allowed).toBe(allowed);
		if (!d.allowed) expect(d.reason).toBe(reason);
	});
	it('is 15 minutes', () => expect(EDIT_WINDOW_MS).toBe(15 * 60 * 1000));
});

describe('replies and reports', () => {
	it('allows one level of replies, and none to hidden comments', () => {
		expect(mayReplyTo({ parentId: null, hiddenAt: null })).toBe(true);
		expect(mayReplyTo({ parentId: 'p', hiddenAt: null })).toBe(false);
		expect(mayReplyTo({ parentId: null, hiddenAt: T0 })).toBe(false);
	});
	it('refuses reporting one’s own or a hidden comment', () => {
		expect(mayReport(c(), 'b')).toEqual({ allowed: true });
		expect(mayReport(c(), 'a')).toEqual({ allowed: false, reason: 'own_comment' });
		expect(mayReport(c({ hiddenAt: T0 }), 'b')).toEqual({ allowed: false, reason: 'hidden' });
	});
});

describe('text length and rate', () => {
	it('counts characters as people do (emoji and umlauts are one each), after trimming', () => {
		expect(checkText('   ', COMMENT_MAX)).toBe('empty');
		expect(checkText('ä'.repeat(COMMENT_MAX), COMMENT_MAX)).toBeNull();
		expect(checkText('🌳'.repeat(COMMENT_MAX), COMMENT_MAX)).toBeNull();
		expect(checkText('x'.repeat(COMMENT_MAX + 1), COMMENT_MAX)).toBe('too_long');
		expect(checkText(`  ${'x'.repeat(COMMENT_MAX)}  `, COMMENT_MAX)).toBeNull();
	});
	it('stops the comment after the limit within the window', () => {
		expect(commentRateExceeded(COMMENT_RATE.max - 1)).toBe(false);
		expect(commentRateExceeded(COMMENT_RATE.max)).toBe(true);
	});
});

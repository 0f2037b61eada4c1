import { describe, expect, it } from 'vitest';
import { browseSearch, parseBrowseQuery, parseCommentBody, uuidOrNull } from './engage.ts';

const q = (s: string) => parseBrowseQuery(new URLSearchParams(s), ['material', 'fees']);

describe('browse query (GET form, links are edited by hand)', () => {
	it('defaults to the newest ideas, relevance once there are search words', () => {
		expect(q('')).toEqual({ q: '', status: null, category: null, sort: 'newest', page: 1 });
		expect(q('q=B%C3%A4nke').sort).toBe('relevance');
		expect(q('sortierung=relevance').sort).toBe('newest');
	});
	it('ignores unknown or hidden statuses, unknown categories, bad sorts and pages', () => {
		expect(q('status=merged&kategorie=catering&sortierung=x&seite=-3')).toEqual({ q: '', status: null, category: null, sort: 'newest', page: 1 });
		expect(q('status=draft').status).toBeNull();
		expect(q('status=eligible&kategorie=fees&sortierung=amount_desc&seite=2')).toEqual({ q: '', status: 'eligible', category: 'fees', sort: 'amount_desc', page: 2 });
	});
	it('trims and cuts the search words', () => {
		expect(q(`q=${'a'.repeat(500)}`).q).toHaveLength(100);
		expect(q('q=++Bank++am++Teich+').q).toBe('Bank am Teich');
	});
	it('round-trips to a query string without defaults', () => {
		const s = q('q=Bank&status=eligible&sortierung=supports');
		expect(browseSearch(s, 3)).toBe('?q=Bank&status=eligible&sortierung=supports&seite=3');
		expect(browseSearch(q(''), 1)).toBe('');
	});
});

describe('comment text', () => {
	const f = (body: string) => {
		const d = new FormData();
		d.set('body', body);
		return d;
	};
	it('keeps markup as typed (it is shown as text) and refuses empty or overlong text, keeping it', () => {
		expect(parseCommentBody(f(' <script>alert(1)</script> '), 'body')).toMatchObject({ ok: true, value: '<script>alert(1)</script>' });
		expect(parseCommentBody(f('   '), 'body')).toMatchObject({ ok: false, error: 'engage_error_comment_empty' });
		const long = 'x'.repeat(2001);
		expect(parseCommentBody(f(long), 'body')).toMatchObject({ ok: false, error: 'engage_error_comment_too_long', raw: long });
	});
	it('accepts only uuids as ids', () => {
		expect(uuidOrNull('0f8b3c7e-1d2a-4b5c-8d9e-0a1b2c3d4e5f')).toBe('0f8b3c7e-1d2a-4b5c-8d9e-0a1b2c3d4e5f');
		expect(uuidOrNull("1' OR 1=1")).toBeNull();
		expect(uuidOrNull(null)).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost } from './csrf.ts';

const self = ['https://kiez.example'];
const post = (path: string, origin: string | null, contentType: string | null = 'application/x-www-form-urlencoded', method = 'POST') =>
	isCrossSiteFormPost({ method, contentType, origin, selfOrigins: self, path });

describe('cross-site form check with the one-click stop exempt', () => {
	it('refuses form posts from other or missing origins everywhere else, as SvelteKit does', () => {
		expect(post('/konto/abos', 'https://evil.example')).toBe(true);
		expect(post('/konto/abos', null)).toBe(true);
		expect(post('/admin/termine', 'https://evil.example', 'multipart/form-data; boundary=x')).toBe(true);
		expect(post('/idee/1', 'https://evil.example', 'text/plain')).toBe(true);
		expect(post('/idee/1', 'https://evil.example', null, 'DELETE')).toBe(true);
		// The exemption is the exact path, not a prefix.
		expect(post('/abo-abmelden/x', 'https://evil.example')).toBe(true);
		expect(post('/abo-abmeldenx', null)).toBe(true);
	});
	it('lets same-origin posts, reads and JSON through', () => {
		expect(post('/konto/abos', 'https://kiez.example')).toBe(false);
		expect(post('/konto/abos', 'https://evil.example', 'application/x-www-form-urlencoded', 'GET')).toBe(false);
		expect(post('/api/x', 'https://evil.example', 'application/json')).toBe(false);
	});
	it('lets a mail client post the one-click stop without an origin of ours', () => {
		expect(post('/abo-abmelden', null)).toBe(false);
		expect(post('/abo-abmelden', 'https://mail.example', 'multipart/form-data; boundary=y')).toBe(false);
	});
});

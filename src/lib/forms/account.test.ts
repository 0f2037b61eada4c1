import { describe, expect, it } from 'vitest';
import { parseSignIn, parseSignUp } from './account.ts';

function fd(entries: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(entries)) f.set(k, v);
	return f;
}

describe('parseSignUp', () => {
	const good = { email: ' Ada@Example.org ', pseudonym: '  Kiez  Fan ', password: 'lang genug 1', passwordRepeat: 'lang genug 1', privacy: 'yes' };

	it('accepts a valid sign-up and normalises e-mail and pseudonym', () => {
		expect(parseSignUp(fd(good))).toEqual({
			ok: true,
			value: { email: 'ada@example.org', pseudonym: 'Kiez Fan', password: 'lang genug 1' }
		});
	});

	it('reports every problem at once and keeps what was typed, but not the password', () => {
		const r = parseSignUp(fd({ email: 'nope', pseudonym: 'ab', password: 'short', passwordRepeat: 'x' }));
		expect(r).toEqual({
			ok: false,
			values: { email: 'nope', pseudonym: 'ab', privacy: false },
			errors: {
				email: 'error_email_invalid',
				pseudonym: 'error_pseudonym_length',
				password: 'error_password_short',
				privacy: 'error_privacy_required'
			}
		});
	});

	it('flags mismatched passwords on the repeat field', () => {
		const r = parseSignUp(fd({ ...good, passwordRepeat: 'something else' }));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors).toEqual({ passwordRepeat: 'error_password_mismatch' });
	});

	it('counts characters, not bytes', () => {
		const r = parseSignUp(fd({ ...good, password: 'ääääääääää', passwordRepeat: 'ääääääääää' }));
		expect(r.ok).toBe(true);
	});

	it('survives missing and file fields', () => {
		const f = new FormData();
		f.set('email', new Blob(['x']));
		expect(parseSignUp(f).ok).toBe(false);
	});
});

describe('parseSignIn', () => {
	it('requires an address and a password', () => {
		expect(parseSignIn(fd({ email: '', password: '' }))).toEqual({
			ok: false,
			values: { email: '' },
			errors: { email: 'error_email_invalid', password: 'error_password_short' }
		});
	});
});

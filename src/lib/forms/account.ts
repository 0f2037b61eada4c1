/**
 * Shape validation for the account forms (ARCHITECTURE: forms/ holds input schemas only). Errors are
 * message keys, so routes translate them; values are returned to refill the form (never passwords).
 */

export type FieldErrors<K extends string> = Partial<Record<K, ErrorKey>>;
export type ErrorKey =
	| 'error_email_invalid'
	| 'error_pseudonym_length'
	| 'error_password_short'
	| 'error_password_long'
	| 'error_password_mismatch'
	| 'error_privacy_required';

export type Parsed<V, K extends string> = { ok: true; value: V } | { ok: false; values: Partial<V>; errors: FieldErrors<K> };

// Pragmatic address check (WHATWG input type=email pattern); the confirmation mail is the real test.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const MAX_FIELD = 500;

function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, MAX_FIELD * 4) : '';
}

export function normaliseEmail(raw: string): string {
	return raw.trim().toLowerCase();
}

function checkEmail(email: string): ErrorKey | undefined {
	return email.length > 254 || !EMAIL.test(email) ? 'error_email_invalid' : undefined;
}

function checkPassword(pw: string): ErrorKey | undefined {
	// Counted in code points so that umlauts and emoji count as one character each.
	const n = [...pw].length;
	if (n < 10) return 'error_password_short';
	if (n > 128) return 'error_password_long';
	return undefined;
}

export type SignUp = { email: string; pseudonym: string; password: string; privacy?: boolean };
type SignUpField = 'email' | 'pseudonym' | 'password' | 'passwordRepeat' | 'privacy';

export function parseSignUp(form: FormData): Parsed<SignUp, SignUpField> {
	const email = normaliseEmail(text(form, 'email'));
	const pseudonym = text(form, 'pseudonym').trim().replace(/\s+/g, ' ');
	const password = text(form, 'password');
	const repeat = text(form, 'passwordRepeat');
	const errors: FieldErrors<SignUpField> = {};
	const e = checkEmail(email);
	if (e) errors.email = e;
	const len = [...pseudonym].length;
	if (len < 3 || len > 40) errors.pseudonym = 'error_pseudonym_length';
	const p = checkPassword(password);
	if (p) errors.password = p;
	else if (password !== repeat) errors.passwordRepeat = 'error_password_mismatch';
	if (form.get('privacy') !== 'yes') errors.privacy = 'error_privacy_required';
	const privacy = form.get('privacy') === 'yes';
	if (Object.keys(errors).length > 0) return { ok: false, values: { email, pseudonym, privacy }, errors };
	return { ok: true, value: { email, pseudonym, password } };
}

export type SignIn = { email: string; password: string };
export function parseSignIn(form: FormData): Parsed<SignIn, 'email' | 'password'> {
	const email = normaliseEmail(text(form, 'email'));
	const password = text(form, 'password');
	const errors: FieldErrors<'email' | 'password'> = {};
	const e = checkEmail(email);
	if (e) errors.email = e;
	if (password.length === 0 || password.length > 512) errors.password = 'error_password_short';
	if (Object.keys(errors).length > 0) return { ok: false, values: { email }, errors };
	return { ok: true, value: { email, password } };
}

export function parseEmailOnly(form: FormData): Parsed<{ email: string }, 'email'> {
	const email = normaliseEmail(text(form, 'email'));
	const e = checkEmail(email);
	return e ? { ok: false, values: { email }, errors: { email: e } } : { ok: true, value: { email } };
}

export function parseNewPassword(form: FormData): Parsed<{ password: string; token: string }, 'password' | 'passwordRepeat'> {
	const password = text(form, 'password');
	const repeat = text(form, 'passwordRepeat');
	const token = text(form, 'token').slice(0, 200);
	const errors: FieldErrors<'password' | 'passwordRepeat'> = {};
	const p = checkPassword(password);
	if (p) errors.password = p;
	else if (password !== repeat) errors.passwordRepeat = 'error_password_mismatch';
	if (Object.keys(errors).length > 0) return { ok: false, values: {}, errors };
	return { ok: true, value: { password, token } };
}

/**
 * One-link unsubscribe (issue 4: "everyone can stop mails with one link"; RFC 8058 / RFC 2369
 * List-Unsubscribe). The link carries the address and an HMAC of it under the app secret, so it works
 * without an account or sign-in, cannot be forged for someone else's address, and needs no stored token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const CONTEXT = 'kiezbudget/mail-opt-out/v1\n';

const mac = (secret: string, email: string) => createHmac('sha256', secret).update(CONTEXT + email.toLowerCase()).digest();

export function unsubscribeToken(secret: string, email: string): string {
	return `${Buffer.from(email.toLowerCase(), 'utf8').toString('base64url')}.${mac(secret, email).toString('base64url')}`;
}

/** The address the token was made for, or null for anything forged, cut or garbled. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
	if (token.length > 1000) return null;
	const [addr, sig, ...rest] = token.split('.');
	if (!addr || !sig || rest.length > 0) return null;
	const email = Buffer.from(addr, 'base64url').toString('utf8');
	if (!/^[^@\s]+@[^@\s]+$/.test(email) || email !== email.toLowerCase()) return null;
	const given = Buffer.from(sig, 'base64url');
	const expected = mac(secret, email);
	return given.length === expected.length && timingSafeEqual(given, expected) ? email : null;
}

export const unsubscribeLink = (origin: string, secret: string, email: string) => `${origin}/abmelden-mail?token=${unsubscribeToken(secret, email)}`;

/**
 * Encryption of personal data at rest (issue 6: "bank details encrypted at rest with a key from the
 * environment"). AES-256-GCM (NIST SP 800-38D) with a fresh 96-bit nonce per value; the authentication tag
 * makes a tampered or wrongly keyed value fail loudly instead of decrypting to garbage. The key never leaves
 * this module and neither key nor plaintext is ever logged (ARCHITECTURE "logs": never bank details).
 *
 * Format: "v1." + base64(nonce ‖ tag ‖ ciphertext) — the version prefix leaves room for key rotation.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type DataCipher = { encrypt(plain: string): string; decrypt(sealed: string): string };

/** The development / test key: derived from a fixed, public text, so it protects nothing (never in production). */
export const DEV_DATA_KEY = createHash('sha256').update('kiezbudget-development-data-key-not-for-production').digest();

/**
 * Reads `KIEZBUDGET_DATA_KEY` (base64 of exactly 32 bytes, e.g. `openssl rand -base64 32`). In production a
 * missing or malformed key stops the start; elsewhere the development key is used when none is set.
 */
export function readDataKey(raw: string | undefined, production: boolean): Buffer {
	if (!raw) {
		if (production) throw new Error('KIEZBUDGET_DATA_KEY must be set in production: base64 of 32 random bytes (`openssl rand -base64 32`). It encrypts bank details at rest.');
		return DEV_DATA_KEY;
	}
	const key = Buffer.from(raw, 'base64');
	if (key.length !== 32) throw new Error('KIEZBUDGET_DATA_KEY must be base64 of exactly 32 bytes (AES-256).');
	return key;
}

export function dataCipher(key: Uint8Array): DataCipher {
	if (key.length !== 32) throw new Error('AES-256 needs a 32-byte key');
	return {
		encrypt(plain) {
			const iv = randomBytes(12);
			const c = createCipheriv('aes-256-gcm', key, iv);
			const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
			return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
		},
		decrypt(sealed) {
			if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
			const buf = Buffer.from(sealed.slice(3), 'base64');
			if (buf.length < 28) throw new Error('ciphertext too short');
			const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
			d.setAuthTag(buf.subarray(12, 28));
			return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
		}
	};
}

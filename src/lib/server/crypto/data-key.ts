/**
 * Encryption of personal data at rest (issue 6: "bank details encrypted at rest with a key from the
 * environment"). AES-256-GCM (NIST SP 800-38D) with a fresh 96-bit nonce per value; the authentication tag
 * makes a tampered or wrongly keyed value fail loudly instead of decrypting to garbage. The key never leaves
 * this module and neither key nor plaintext is ever logged (ARCHITECTURE "logs": never bank details).
 *
 * Format: "v2.<key id>." + base64(nonce ‖ tag ‖ ciphertext). The key id (first 8 hex digits of a SHA-256 over
 * the key, so it reveals nothing usable) says which key sealed a value, so during a key rotation values under
 * the old key (`KIEZBUDGET_DATA_KEY_OLD`) and the new one (`KIEZBUDGET_DATA_KEY`) are both readable
 * (docs/operations.md "Rotating the data key"). The older "v1." + base64(…) values carry no id: they are
 * tried with the current key, then the old one; the GCM tag tells which one fits.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type DataCipher = {
	encrypt(plain: string): string;
	decrypt(sealed: string): string;
	/** The id of the key new values are sealed with. */
	readonly keyId: string;
	/** True when a value is not yet sealed with the current key (a rotation would re-encrypt it). */
	isStale(sealed: string): boolean;
};

/** The development / test key: derived from a fixed, public text, so it protects nothing (never in production). */
export const DEV_DATA_KEY = createHash('sha256').update('kiezbudget-development-data-key-not-for-production').digest();

/**
 * Reads `KIEZBUDGET_DATA_KEY` (base64 of exactly 32 bytes, e.g. `openssl rand -base64 32`). In production a
 * missing or malformed key stops the start; elsewhere the development key is used when none is set.
 */
export function readDataKey(raw: string | undefined, production: boolean, name = 'KIEZBUDGET_DATA_KEY'): Buffer {
	if (!raw) {
		if (production) throw new Error(`${name} must be set in production: base64 of 32 random bytes (\`openssl rand -base64 32\`). It encrypts bank details at rest.`);
		return DEV_DATA_KEY;
	}
	const key = Buffer.from(raw, 'base64');
	if (key.length !== 32) throw new Error(`${name} must be base64 of exactly 32 bytes (AES-256).`);
	return key;
}

/** The previous key during a rotation (`KIEZBUDGET_DATA_KEY_OLD`), or undefined when none is set. */
export function readOldDataKey(raw: string | undefined): Buffer | undefined {
	if (!raw) return undefined;
	const key = Buffer.from(raw, 'base64');
	if (key.length !== 32) throw new Error('KIEZBUDGET_DATA_KEY_OLD must be base64 of exactly 32 bytes (AES-256).');
	return key;
}

/** A short, non-secret name of a key: enough to pick the right key, useless for guessing it. */
export const keyIdOf = (key: Uint8Array) => createHash('sha256').update('kiezbudget-data-key-id\0').update(key).digest('hex').slice(0, 8);

function open(key: Uint8Array, buf: Buffer): string {
	if (buf.length < 28) throw new Error('ciphertext too short');
	const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
	d.setAuthTag(buf.subarray(12, 28));
	return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
}

/** `key` seals new values; `oldKey` (if given) only opens values sealed before a rotation. */
export function dataCipher(key: Uint8Array, oldKey?: Uint8Array): DataCipher {
	if (key.length !== 32) throw new Error('AES-256 needs a 32-byte key');
	if (oldKey && oldKey.length !== 32) throw new Error('AES-256 needs a 32-byte key');
	const keyId = keyIdOf(key);
	const keys = new Map<string, Uint8Array>([[keyId, key]]);
	if (oldKey && !keys.has(keyIdOf(oldKey))) keys.set(keyIdOf(oldKey), oldKey);
	return {
		keyId,
		encrypt(plain) {
			const iv = randomBytes(12);
			const c = createCipheriv('aes-256-gcm', key, iv);
			const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
			return `v2.${keyId}.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
		},
		decrypt(sealed) {
			const v2 = /^v2\.([0-9a-f]{8})\.(.*)$/s.exec(sealed);
			if (v2) {
				const k = keys.get(v2[1]!);
				if (!k) throw new Error(`no key with id ${v2[1]} (set KIEZBUDGET_DATA_KEY_OLD during a rotation)`);
				return open(k, Buffer.from(v2[2]!, 'base64'));
			}
			if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
			const buf = Buffer.from(sealed.slice(3), 'base64');
			let last: unknown;
			for (const k of keys.values()) {
				try {
					return open(k, buf);
				} catch (e) {
					last = e;
				}
			}
			throw last instanceof Error ? last : new Error('cannot decrypt');
		},
		isStale(sealed) {
			return !sealed.startsWith(`v2.${keyId}.`);
		}
	};
}

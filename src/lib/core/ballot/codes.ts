/**
 * Voting codes and receipt codes (research/public-sector.md E-02, E-06). Pure: the random bytes come in as
 * an argument (house rule 1); the server draws them from a CSPRNG (ASVS 11.5.1).
 *
 * Alphabet: digits and capitals without 0/O, 1/I/L, which people confuse on paper (E-02). A voting code is
 * 15 random symbols (31^15 ≈ 2^74, above ASVS 6.6.3's 64 bits) plus one check symbol, printed in groups of
 * four: `XXXX-XXXX-XXXX-XXXX`. The check symbol is a position-weighted sum modulo 31: because 31 is prime
 * and the weights 1…15 differ, it catches every single wrong symbol and every swap of two neighbours, so a
 * typo is reported as a typo instead of spending a code-entry attempt.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = CODE_ALPHABET.length; // 31
const CODE_DATA = 15;
const RECEIPT_LENGTH = 12;

function symbols(bytes: Uint8Array, count: number): number[] | null {
	const out: number[] = [];
	// Rejection sampling keeps every symbol equally likely: bytes ≥ 248 (= 8·31) are skipped.
	for (const b of bytes) {
		if (b >= 8 * N) continue;
		out.push(b % N);
		if (out.length === count) return out;
	}
	return null;
}

function checkSymbol(values: readonly number[]): number {
	let s = 0;
	for (let i = 0; i < values.length; i++) s += (i + 1) * values[i]!;
	return s % N;
}

const group = (s: string) => s.match(/.{1,4}/g)!.join('-');

/** A voting code from random bytes (give at least 32); null if the bytes ran out (draw again). */
export function codeFromBytes(bytes: Uint8Array): string | null {
	const v = symbols(bytes, CODE_DATA);
	if (!v) return null;
	return group([...v, checkSymbol(v)].map((x) => CODE_ALPHABET[x]).join(''));
}

/** A receipt code (12 symbols ≈ 59 bits, unrelated to the voting code) from random bytes (give at least 24). */
export function receiptFromBytes(bytes: Uint8Array): string | null {
	const v = symbols(bytes, RECEIPT_LENGTH);
	return v ? group(v.map((x) => CODE_ALPHABET[x]).join('')) : null;
}

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: 'empty' | 'length' | 'character' | 'check' };

function clean(input: string): string {
	return input.toUpperCase().replace(/[\s\-–—_.]/g, '');
}

/** Reads a typed voting code: any case, with or without hyphens or spaces. Returns it in printed form. */
export function parseCode(input: string): ParsedCode {
	const s = clean(input);
	if (s === '') return { ok: false, reason: 'empty' };
	if (s.length !== CODE_DATA + 1) return { ok: false, reason: 'length' };
	const v: number[] = [];
	for (const ch of s) {
		const i = CODE_ALPHABET.indexOf(ch);
		if (i < 0) return { ok: false, reason: 'character' };
		v.push(i);
	}
	if (checkSymbol(v.slice(0, CODE_DATA)) !== v[CODE_DATA]) return { ok: false, reason: 'check' };
	return { ok: true, code: group(s) };
}

/** Reads a typed receipt code; null if it cannot be one. */
export function parseReceipt(input: string): string | null {
	const s = clean(input);
	if (s.length !== RECEIPT_LENGTH) return null;
	for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
	return group(s);
}

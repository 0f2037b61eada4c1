/**
 * One-time codes for dot voting from phones at an assembly (issue 5). 24 symbols of the voting-code alphabet
 * (no 0/O/1/I/L; research/public-sector.md E-02) carry 120 random bits, so a plain hash may store them (ASVS
 * 6.5.2: ≥ 112 bits). Shown in groups of four; read in any case, with or without separators. Pure: the random
 * bytes come in as an argument.
 */
import { CODE_ALPHABET } from '../ballot/codes.ts';

export const DOT_CODE_LENGTH = 24;

/** A code from random bytes (give at least 24; bytes ≥ 248 are skipped to keep the symbols uniform). */
export function dotCodeFromBytes(bytes: Uint8Array): string | null {
	const out: string[] = [];
	for (const b of bytes) {
		if (b >= 248) continue;
		out.push(CODE_ALPHABET[b % 31]!);
		if (out.length === DOT_CODE_LENGTH) break;
	}
	if (out.length < DOT_CODE_LENGTH) return null;
	return out.join('').match(/.{4}/g)!.join('-');
}

/** Reads a typed or scanned code; null if it cannot be one. */
export function parseDotCode(input: string): string | null {
	const s = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
	if (s.length !== DOT_CODE_LENGTH) return null;
	for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
	return s.match(/.{4}/g)!.join('-');
}

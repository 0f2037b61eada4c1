import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '../tally/hash.ts';
import { CODE_ALPHABET, codeFromBytes, parseCode, parseReceipt, receiptFromBytes } from './codes.ts';

// A deterministic byte source for tests (SHA-256 in counter mode); the server uses node:crypto.
function bytes(seed: number, n: number): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i += 32) out.set(sha256(new TextEncoder().encode(`${seed}/${i}`)).subarray(0, Math.min(32, n - i)), i);
	return out;
}

describe('voting codes (public-sector.md E-02)', () => {
	it('prints 16 symbols in groups of four from the unambiguous alphabet', () => {
		const code = codeFromBytes(bytes(7, 64))!;
		expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
		expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
	});

	it('reads lowercase, spaces and missing hyphens', () => {
		const code = codeFromBytes(bytes(11, 64))!;
		expect(parseCode(code.toLowerCase().replaceAll('-', ' '))).toEqual({ ok: true, code });
		expect(parseCode(code.replaceAll('-', ''))).toEqual({ ok: true, code });
	});

	it('explains what is wrong', () => {
		expect(parseCode('')).toEqual({ ok: false, reason: 'empty' });
		expect(parseCode('ABCD-EFGH')).toEqual({ ok: false, reason: 'length' });
		expect(parseCode('ABCD-EFGH-0BCD-EFGH')).toEqual({ ok: false, reason: 'character' });
	});

	it('catches every single wrong symbol and every swap of neighbours (property)', () => {
		fc.assert(
			fc.property(fc.integer(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 30 }), (seed, pos, shift) => {
				const code = codeFromBytes(bytes(seed, 64));
				if (!code) return;
				const s = code.replaceAll('-', '').split('');
				const typo = s.slice();
				typo[pos] = CODE_ALPHABET[(CODE_ALPHABET.indexOf(s[pos]!) + shift) % CODE_ALPHABET.length]!;
				expect(parseCode(typo.join(''))).toEqual({ ok: false, reason: 'check' });
				if (pos < 15 && s[pos] !== s[pos + 1]) {
					const swapped = s.slice();
					[swapped[pos], swapped[pos + 1]] = [swapped[pos + 1]!, swapped[pos]!];
					expect(parseCode(swapped.join('')).ok).toBe(false);
				}
			})
		);
	});

	it('spreads symbols evenly and repeats no code in 20,000 draws (χ² test)', () => {
		const counts = new Map<string, number>();
		const seen = new Set<string>();
		for (let i = 0; i < 20_000; i++) {
			const code = codeFromBytes(bytes(i, 64))!;
			seen.add(code);
			for (const ch of code.replaceAll('-', '').slice(0, 15)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
		}
		expect(seen.size).toBe(20_000);
		const total = 20_000 * 15;
		const expected = total / CODE_ALPHABET.length;
		const chi2 = [...CODE_ALPHABET].reduce((s, ch) => s + ((counts.get(ch) ?? 0) - expected) ** 2 / expected, 0);
		// 30 degrees of freedom: the 99.9 % quantile is 59.7.
		expect(chi2).toBeLessThan(59.7);
	});

	it('asks for more bytes when the given ones run out', () => {
		expect(codeFromBytes(new Uint8Array(10))).toBeNull();
		expect(codeFromBytes(new Uint8Array(40).fill(255))).toBeNull();
	});

	it('makes and reads receipt codes', () => {
		const r = receiptFromBytes(bytes(3, 48))!;
		expect(r).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
		expect(parseReceipt(r.toLowerCase())).toBe(r);
		expect(parseReceipt('nope')).toBeNull();
	});
});

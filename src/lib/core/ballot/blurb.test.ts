import { describe, expect, it } from 'vitest';
import { blurb, BLURB_CHARS } from './blurb.ts';

describe('blurb', () => {
	it('keeps a short description whole, on one line', () => {
		expect(blurb('Neue Bänke\n\nam  Platz.')).toEqual({ text: 'Neue Bänke am Platz.', cut: false });
	});
	it('cuts a long description at a word boundary and marks the cut', () => {
		const words = Array.from({ length: 80 }, (_, i) => `Wort${i}`).join(' ');
		const r = blurb(words);
		expect(r.cut).toBe(true);
		expect(r.text.endsWith('…')).toBe(true);
		expect(r.text.length).toBeLessThanOrEqual(BLURB_CHARS + 1);
		expect(words.startsWith(r.text.slice(0, -1))).toBe(true);
		expect(words[r.text.length - 1]).toBe(' ');
	});
	it('cuts a single very long word hard', () => {
		const r = blurb('x'.repeat(500));
		expect(r).toEqual({ text: `${'x'.repeat(BLURB_CHARS)}…`, cut: true });
	});
	it('drops trailing punctuation before the ellipsis', () => {
		const r = blurb(`${'a'.repeat(150)}, ${'b'.repeat(100)}`);
		expect(r.text).toBe(`${'a'.repeat(150)}…`);
	});
});

import { describe, expect, it } from 'vitest';
import { DOT_CODE_LENGTH, dotCodeFromBytes, parseDotCode } from './dot-codes.ts';

describe('dot voting codes', () => {
	it('makes 24 symbols in groups of four from uniform bytes, skipping bytes that would bias them', () => {
		const bytes = new Uint8Array(40).map((_, i) => (i === 0 ? 250 : i));
		const code = dotCodeFromBytes(bytes)!;
		expect(code).toMatch(/^([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}$/);
		expect(code.replaceAll('-', '')).toHaveLength(DOT_CODE_LENGTH);
		expect(code.startsWith('3')).toBe(true); // byte 250 skipped, byte 1 → '3'
		expect(dotCodeFromBytes(new Uint8Array(30).fill(255))).toBeNull();
	});
	it('reads codes in any case and spelling, refuses wrong lengths and characters', () => {
		expect(parseDotCode('abcd efgh jkmn pqrs tuvw xyz2')).toBe('ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2');
		expect(parseDotCode('ABCD-EFGH')).toBeNull();
		expect(parseDotCode('ABCD-EFGH-JKMN-PQRS-TUVW-XYZ0')).toBeNull();
	});
});

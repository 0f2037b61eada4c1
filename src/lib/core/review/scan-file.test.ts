import { describe, expect, it } from 'vitest';
import { checkScan, SCAN_MAX_BYTES, sniffScan } from './scan-file.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => new TextEncoder().encode(s);

describe('sniffScan', () => {
	it.each([
		['PDF', ascii('%PDF-1.7\n...'), 'application/pdf'],
		['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
		['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
		['HTML named .pdf', ascii('<html><script>alert(1)</script>'), null],
		['a truncated PNG signature', bytes(0x89, 0x50, 0x4e), null],
		['GIF', ascii('GIF89a'), null]
	])('%s', (_n, b, expected) => {
		expect(sniffScan(b)).toBe(expected);
	});
});

describe('checkScan', () => {
	it('refuses empty and too large files', () => {
		expect(checkScan(new Uint8Array(0))).toEqual({ ok: false, problem: 'scan_empty' });
		const big = new Uint8Array(SCAN_MAX_BYTES + 1);
		big.set(ascii('%PDF-'));
		expect(checkScan(big)).toEqual({ ok: false, problem: 'scan_too_large' });
		expect(checkScan(ascii('%PDF-1.4'))).toEqual({ ok: true, type: 'application/pdf' });
	});
});

import { describe, expect, it } from 'vitest';
import { checkImageBytes, IMAGE_LIMITS, sniffImageType } from './image.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
const WEBP = new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0x24, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0))));
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj');

describe('sniffImageType', () => {
	it.each([
		['JPEG', JPEG, 'image/jpeg'],
		['PNG', PNG, 'image/png'],
		['WebP', WEBP, 'image/webp']
	])('recognises %s by its first bytes', (_n, b, t) => {
		expect(sniffImageType(b)).toBe(t);
	});

	it.each([
		['a PDF (whatever its name says)', PDF],
		['an SVG with a script', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
		['a GIF', new TextEncoder().encode('GIF89a....')],
		['a RIFF that is not WebP (WAV)', new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WAVE'].map((c) => c.charCodeAt(0))))],
		['a truncated PNG signature', PNG.slice(0, 5)],
		['nothing', new Uint8Array()]
	])('refuses %s', (_n, b) => {
		expect(sniffImageType(b)).toBeNull();
	});
});

describe('checkImageBytes', () => {
	it('accepts an image up to the limit and refuses one byte more, before looking at the type', () => {
		const atLimit = new Uint8Array(IMAGE_LIMITS.maxBytes);
		atLimit.set(JPEG);
		expect(checkImageBytes(atLimit)).toEqual({ ok: true, type: 'image/jpeg' });
		const over = new Uint8Array(IMAGE_LIMITS.maxBytes + 1);
		over.set(PDF);
		expect(checkImageBytes(over)).toEqual({ ok: false, problem: 'too_large' });
	});

	it('names the problem of an empty file and of a PDF renamed .png', () => {
		expect(checkImageBytes(new Uint8Array())).toEqual({ ok: false, problem: 'empty' });
		expect(checkImageBytes(PDF)).toEqual({ ok: false, problem: 'not_an_image' });
	});

	it('documents the limits the form tells people: 3 images of at most 8 MB', () => {
		expect(IMAGE_LIMITS.maxCount).toBe(3);
		expect(IMAGE_LIMITS.maxBytes).toBe(8 * 1024 * 1024);
	});
});

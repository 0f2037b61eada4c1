/**
 * Images attached to an idea (issue 4): which types are accepted, how large, how many. The type is taken
 * from the file's first bytes ("magic numbers"), never from its name or the browser's Content-Type, so a
 * PDF renamed `.png` is refused (public-sector.md S-07, ASVS 5.2.2; OWASP File Upload Cheat Sheet).
 */

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Per file and per idea (S-07 asks to document and enforce both). A phone photo is 2–6 MB. */
export const IMAGE_LIMITS = {
	maxBytes: 8 * 1024 * 1024,
	maxCount: 3,
	/** Decompression bombs: a small file can claim a huge canvas; refuse more than 40 megapixels. */
	maxPixels: 40_000_000,
	/** Stored images are scaled down to fit this box (enough for a phone and a projector). */
	maxEdge: 2000,
	altMin: 3,
	altMax: 300
} as const;

const startsWith = (b: Uint8Array, sig: readonly number[], offset = 0) => sig.every((v, i) => b[offset + i] === v);

/**
 * The image type announced by the bytes, or null. Signatures: JPEG `FF D8 FF` (ISO/IEC 10918-1 SOI +
 * marker), PNG `89 50 4E 47 0D 0A 1A 0A` (RFC 2083 §3.1), WebP `RIFF….WEBP` (RFC 9649 §2.4).
 */
export function sniffImageType(b: Uint8Array): ImageType | null {
	if (b.length >= 3 && startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (b.length >= 8 && startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (b.length >= 12 && startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return null;
}

export type ImageProblem = 'too_large' | 'not_an_image' | 'empty';

/** Checks one uploaded file before it is decoded: size first (cheap), then the bytes' type. */
export function checkImageBytes(b: Uint8Array, limits: { maxBytes: number } = IMAGE_LIMITS): { ok: true; type: ImageType } | { ok: false; problem: ImageProblem } {
	if (b.length === 0) return { ok: false, problem: 'empty' };
	if (b.length > limits.maxBytes) return { ok: false, problem: 'too_large' };
	const type = sniffImageType(b);
	return type ? { ok: true, type } : { ok: false, problem: 'not_an_image' };
}

export const extensionOf = (t: ImageType) => (t === 'image/jpeg' ? 'jpg' : t === 'image/png' ? 'png' : 'webp');

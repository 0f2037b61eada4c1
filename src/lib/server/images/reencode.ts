/**
 * Re-encodes an uploaded image with sharp (libvips): decodes the pixels and writes a new file of the same
 * type. Nothing of the original container survives — no EXIF (camera, GPS position, date), no XMP, no ICC
 * comments, no trailing bytes of a polyglot file (public-sector.md D-13 and S-07). The EXIF orientation is
 * applied to the pixels first so the photo still stands upright without it.
 */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { IMAGE_LIMITS, type ImageType } from '../../core/proposal/image.ts';

export type EncodedImage = { bytes: Uint8Array; mime: ImageType; width: number; height: number; sha256: string };

export class ImageDecodeError extends Error {}

export async function reencodeImage(input: Uint8Array, type: ImageType): Promise<EncodedImage> {
	let pipeline: Sharp;
	try {
		// limitInputPixels refuses decompression bombs before decoding; failOn 'error' refuses broken files
		// (a PDF with a JPEG header decodes as an error, not as garbage pixels).
		pipeline = sharp(input, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'error', animated: false })
			.rotate()
			.resize({ width: IMAGE_LIMITS.maxEdge, height: IMAGE_LIMITS.maxEdge, fit: 'inside', withoutEnlargement: true });
		pipeline =
			type === 'image/jpeg'
				? pipeline.jpeg({ quality: 82, mozjpeg: true })
				: type === 'image/png'
					? pipeline.png({ compressionLevel: 9 })
					: pipeline.webp({ quality: 80 });
		const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
		const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		return { bytes, mime: type, width: info.width, height: info.height, sha256: createHash('sha256').update(bytes).digest('hex') };
	} catch (e) {
		throw new ImageDecodeError(e instanceof Error ? e.message : String(e));
	}
}

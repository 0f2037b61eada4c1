import { error, type RequestEvent } from '@sveltejs/kit';

/**
 * The largest idea post we read: three images of 8 MB (core/proposal/image.ts) plus the text fields. The
 * server's own limit (adapter-node BODY_SIZE_LIMIT, docs/operations.md) must be at least this; it is set
 * to 32M by `npm start` and the test runner.
 */
export const IDEA_POST_LIMIT = 3 * 8 * 1024 * 1024 + 1024 * 1024;

/**
 * Reads an idea form post (multipart, with files). A body over the limit is not read at all and becomes
 * `too_large`, which the page shows as a message at the image fields — never a 500 and never a bare 413
 * (public-sector.md S-07: "an oversized upload → 413 before the body is fully read"). A body the server
 * refused while reading (its own limit is lower than ours) is reported the same way.
 */
export async function readIdeaPost(event: RequestEvent): Promise<{ kind: 'form'; form: FormData } | { kind: 'too_large' }> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) error(415, 'Expected a form submission.');
	const length = Number(event.request.headers.get('content-length') ?? '0');
	if (Number.isFinite(length) && length > IDEA_POST_LIMIT) return { kind: 'too_large' };
	try {
		return { kind: 'form', form: await event.request.formData() };
	} catch (e) {
		const status = (e as { status?: number; cause?: { status?: number } } | null)?.status ?? (e as { cause?: { status?: number } } | null)?.cause?.status;
		if (status === 413 || length > 512 * 1024) return { kind: 'too_large' };
		error(400, 'The form data could not be read.');
	}
}

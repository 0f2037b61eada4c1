import { error, type RequestEvent } from '@sveltejs/kit';

/**
 * Reads a form post without ever answering 500 for bad input: a wrong content type or a body that is not
 * form data becomes a 400 (public-sector.md: no request answers 500 for bad input).
 */
export async function readForm(event: RequestEvent): Promise<FormData> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
		error(415, 'Expected a form submission.');
	}
	try {
		return await event.request.formData();
	} catch {
		error(400, 'The form data could not be read.');
	}
}

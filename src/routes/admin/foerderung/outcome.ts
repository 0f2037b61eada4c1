import { error } from '@sveltejs/kit';

export const GRANTS_ONLY = 'Förderakten bearbeitet nur die Sachbearbeitung des Bezirks. / Grant files are handled by the district case workers only.';

/** Maps a refused use case to the error page: 403 for a missing role, 404 for an unknown id or another district (house rule 4). */
export function allowed<T extends { kind: string }>(r: T): Exclude<T, { kind: 'forbidden' } | { kind: 'not_found' }> {
	if (r.kind === 'forbidden') error(403, GRANTS_ONLY);
	if (r.kind === 'not_found') error(404, 'Not found');
	return r as Exclude<T, { kind: 'forbidden' } | { kind: 'not_found' }>;
}

import { error } from '@sveltejs/kit';

export const PROGRAMMES_ONLY = 'Programme und Runden darf nur die Bezirksverwaltung einrichten. / Only the district administration may set up programmes and rounds.';

/** Maps a refused use case to the error page: 403 for a missing role or scope, 404 for an unknown id (house rule 4). */
export function allowed<T extends { kind: string }>(r: T): Exclude<T, { kind: 'forbidden' } | { kind: 'not_found' }> {
	if (r.kind === 'forbidden') error(403, PROGRAMMES_ONLY);
	if (r.kind === 'not_found') error(404, 'Not found');
	return r as Exclude<T, { kind: 'forbidden' } | { kind: 'not_found' }>;
}

import { error } from '@sveltejs/kit';
import { STAFF_ONLY } from './staff-gate.ts';

/** Maps the office use cases' refusals to pages: no role → 403, another district or region → 404. */
export function refuse(kind: 'forbidden' | 'not_found'): never {
	if (kind === 'forbidden') error(403, STAFF_ONLY);
	error(404, 'Not found');
}

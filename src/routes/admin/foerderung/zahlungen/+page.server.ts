import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { allowed } from '../outcome.ts';
import type { PageServerLoad } from './$types';

const FIELD: Record<string, string> = { from: 'von', to: 'bis', programme: 'programm' };

// Issue 6: the district-wide payment export for the cashier. The filter is a GET form (works without JS);
// the page shows only counts and sums, the files alone carry the IBAN.
export const load: PageServerLoad = async ({ locals, url }) => {
	const c = await container();
	const r = allowed(await c.grants.paymentExport.page(toActor(locals.user), url.searchParams));
	const errors: Record<string, string> = {};
	for (const [k, v] of Object.entries(r.value.issues)) if (v) errors[FIELD[k] ?? k] = v;
	return { ...r.value, errors, filtered: url.searchParams.has('von') || url.searchParams.has('bis') || url.searchParams.has('programm') };
};

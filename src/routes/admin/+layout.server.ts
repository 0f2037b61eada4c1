import { requireStaff } from '#lib/server/http/staff-gate.ts';
import type { LayoutServerLoad } from './$types';

// Pages of the admin area check here, so a refusal renders inside the site layout (+error.svelte, with
// the right language, skip link and navigation); hooks.server.ts refuses everything else before it runs.
export const load: LayoutServerLoad = (event) => {
	requireStaff(event);
	return {};
};

import { container } from '#lib/server/container.ts';
import { adminStart } from '#lib/server/app/admin-start.ts';
import type { PageServerLoad } from './$types';

// hooks.server.ts already refused non-staff; the use case applies the finer policies (audit.read).
export const load: PageServerLoad = async ({ locals }) => {
	const c = await container();
	const user = locals.user!;
	const start = await adminStart(c.adminRead, user);
	return { me: { pseudonym: user.pseudonym, roles: [...new Set(user.grants.map((g) => g.role))] }, ...start };
};

import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				pseudonym: locals.user.pseudonym,
				isStaff: locals.user.isStaff
			}
		: null
});

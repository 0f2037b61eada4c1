import { container } from '#lib/server/container.ts';
import { homePage } from '#lib/server/app/public-read.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const c = await container();
	return homePage(c.publicRead, c.now());
};

import { container } from '#lib/server/container.ts';
import type { LayoutServerLoad } from './$types';

// The images of a public idea for the gallery (issue 4). A separate, small read next to the idea page's own
// load, so that page stays as it is; for hidden ideas the list is empty (the page itself answers 404).
export const load: LayoutServerLoad = async ({ params }) => {
	const c = await container();
	return { images: await c.ideas.publicImages(params.id.slice(0, 100)) };
};

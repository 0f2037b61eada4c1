import { container } from '#lib/server/container.ts';
import type { PageServerLoad } from './$types';

// The link in the mail to someone who handed in an idea without an account (a GET, as links in mails must
// be). It confirms exactly once (server/db confirmByToken); the token is never logged (hooks log the path only).
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	// Not cached anywhere: the address holds the token. (The Referrer-Policy of hooks.server.ts keeps it on our own origin.)
	setHeaders({ 'Cache-Control': 'no-store' });
	const token = url.searchParams.get('token') ?? '';
	const c = await container();
	const r = await c.ideas.confirm(token.slice(0, 200));
	return r.kind === 'confirmed' ? { confirmed: true as const, id: r.id } : { confirmed: false as const, id: null };
};

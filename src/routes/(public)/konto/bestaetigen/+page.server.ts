import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import type { PageServerLoad } from './$types';

// The link in the confirmation mail lands here (a GET, as links in mails must be).
export const load: PageServerLoad = async (event) => {
	const token = event.url.searchParams.get('token') ?? '';
	if (!token || token.length > 4096) return { verified: false };
	const { auth } = await container();
	const r = await callAuth(auth, event, `/verify-email?token=${encodeURIComponent(token)}`, undefined, getLocale());
	return { verified: r.ok };
};

import type { Reroute } from '@sveltejs/kit/hooks';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';

// The locale is a URL prefix (/en/…); routes are defined once without it.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;

import * as m from '#lib/paraglide/messages.js';

type MessageKey = keyof typeof m;

/** Turns field → message-key maps from form actions into field → text in the current locale. The
 *  special field `form` holds an error about the whole form; it is linked to the first field. */
export function translateErrors(errors: Record<string, string | undefined> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, key] of Object.entries(errors ?? {})) {
		if (!key) continue;
		const fn = (m as unknown as Record<string, unknown>)[key as MessageKey];
		out[field] = typeof fn === 'function' ? (fn as () => string)() : key;
	}
	return out;
}

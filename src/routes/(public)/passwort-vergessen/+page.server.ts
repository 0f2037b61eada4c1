import { fail } from '@sveltejs/kit';
import { parseEmailOnly } from '#lib/forms/account.ts';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseEmailOnly(await readForm(event));
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors, sent: false });
		const { auth } = await container();
		const r = await callAuth(auth, event, '/request-password-reset', { email: parsed.value.email }, getLocale());
		if (!r.ok && r.code === 'RATE_LIMITED') {
			return fail(429, { values: parsed.value, errors: { form: 'error_rate_limited' }, sent: false });
		}
		// The same answer whether or not an account exists (no account enumeration).
		return { sent: true, values: parsed.value, errors: {} };
	}
};

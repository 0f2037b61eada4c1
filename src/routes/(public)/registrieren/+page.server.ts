import { fail, redirect } from '@sveltejs/kit';
import { parseSignUp } from '#lib/forms/account.ts';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, localizeHref('/konto'));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const parsed = parseSignUp(form);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const { auth, users } = await container();
		const { email, pseudonym, password } = parsed.value;
		if (await users.pseudonymTaken(pseudonym)) {
			return fail(400, { values: { email, pseudonym, privacy: true }, errors: { pseudonym: 'error_pseudonym_taken' as const } });
		}
		const locale = getLocale();
		const r = await callAuth(auth, event, '/sign-up/email', { email, password, name: pseudonym, pseudonym, locale }, locale);
		if (!r.ok) {
			if (r.code === 'RATE_LIMITED') return fail(429, { values: { email, pseudonym, privacy: true }, errors: { form: 'error_rate_limited' as const } });
			// A concurrent sign-up may take the pseudonym between our check and the insert (unique index).
			if (r.status === 422 || /UNIQUE|DUPLICATE/i.test(r.code)) {
				return fail(400, { values: { email, pseudonym, privacy: true }, errors: { pseudonym: 'error_pseudonym_taken' as const } });
			}
			return fail(400, { values: { email, pseudonym, privacy: true }, errors: { form: 'error_generic' as const } });
		}
		// Same answer whether or not the address was registered already (no account enumeration).
		redirect(303, localizeHref(`/registrieren?gesendet=${encodeURIComponent(email)}`));
	}
};

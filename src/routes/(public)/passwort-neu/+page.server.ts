import { fail, redirect } from '@sveltejs/kit';
import { parseNewPassword } from '#lib/forms/account.ts';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: (url.searchParams.get('token') ?? '').slice(0, 200) });

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseNewPassword(await readForm(event));
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const { auth } = await container();
		const r = await callAuth(
			auth,
			event,
			'/reset-password',
			{ newPassword: parsed.value.password, token: parsed.value.token },
			getLocale()
		);
		if (!r.ok) {
			return fail(r.code === 'RATE_LIMITED' ? 429 : 400, {
				errors: { form: r.code === 'RATE_LIMITED' ? 'error_rate_limited' : 'error_token_invalid' }
			});
		}
		redirect(303, localizeHref('/anmelden?hinweis=passwort'));
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { parseSignIn } from '#lib/forms/account.ts';
import { callAuth } from '#lib/server/auth/bridge.ts';
import { container } from '#lib/server/container.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths are allowed as a return target (no open redirect). */
function safeNext(raw: string | null): string {
	return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : localizeHref('/konto');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('weiter')));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const parsed = parseSignIn(form);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const { auth } = await container();
		const { email, password } = parsed.value;
		const r = await callAuth(auth, event, '/sign-in/email', { email, password, rememberMe: true }, getLocale());
		if (!r.ok) {
			const key =
				r.code === 'RATE_LIMITED'
					? 'error_rate_limited'
					: r.code === 'EMAIL_NOT_VERIFIED'
						? 'error_email_not_verified'
						: r.status === 401 || r.code === 'INVALID_EMAIL_OR_PASSWORD'
							? 'error_sign_in_failed'
							: 'error_generic';
			return fail(r.code === 'RATE_LIMITED' ? 429 : 400, {
				values: { email },
				errors: key === 'error_sign_in_failed' ? { email: key } : { form: key }
			});
		}
		redirect(303, safeNext(event.url.searchParams.get('weiter')));
	}
};

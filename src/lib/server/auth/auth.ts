import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '#lib/server/db/client.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { account, rateLimit, session, user, verification } from '#lib/server/db/schema/auth.ts';
import type { Config } from '#lib/server/config.ts';
import type { Mail } from '#lib/server/mail/transport.ts';
import { existingAccountMail, resetMail, verificationMail, type Locale } from '#lib/server/mail/templates.ts';

/** Paths of our own pages that carry the tokens; better-auth's JSON endpoints are not exposed. */
export const VERIFY_PATH = '/konto/bestaetigen';
export const RESET_PATH = '/passwort-neu';

export type AuthDeps = {
	db: Db;
	config: Config;
	/** Queues a mail in the outbox; it is sent after commit by the outbox worker (house rule 7). */
	enqueueMail: (mail: Mail) => Promise<void>;
};

/** The locale of the page that caused a mail, passed as a header by our form actions. */
function localeOf(request: Request | undefined): Locale {
	return request?.headers.get('x-kiezbudget-locale') === 'en' ? 'en' : 'de';
}

function pageUrl(config: Config, locale: Locale, path: string, token?: string): string {
	const prefix = locale === 'en' ? '/en' : '';
	return `${config.origin}${prefix}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export function createAuth({ db, config, enqueueMail }: AuthDeps) {
	return betterAuth({
		appName: 'Kiezbudget',
		baseURL: config.origin,
		basePath: '/api/auth',
		secret: config.authSecret,
		telemetry: { enabled: false },
		database: drizzleAdapter(db, {
			provider: 'pg',
			schema: { user, session, account, verification, rateLimit }
		}),
		user: {
			additionalFields: {
				pseudonym: { type: 'string', required: true, input: true },
				locale: { type: 'string', required: false, input: true, defaultValue: 'de' }
			}
		},
		emailAndPassword: {
			enabled: true,
			requireEmailVerification: true,
			// NIST SP 800-63B §5.1.1: length over composition rules; long passphrases allowed.
			minPasswordLength: 10,
			maxPasswordLength: 128,
			autoSignIn: false,
			password: { hash: hashPassword, verify: verifyPassword },
			revokeSessionsOnPasswordReset: true,
			resetPasswordTokenExpiresIn: 60 * 60,
			sendResetPassword: async ({ user: u, token }, request) => {
				const locale = localeOf(request);
				const name = (u as { pseudonym?: string }).pseudonym ?? '';
				await enqueueMail(resetMail(u.email, name, pageUrl(config, locale, RESET_PATH, token), locale));
			},
			onExistingUserSignUp: async ({ user: u }, request) => {
				const locale = localeOf(request);
				await enqueueMail(existingAccountMail(u.email, pageUrl(config, locale, '/anmelden'), locale));
			}
		},
		emailVerification: {
			sendOnSignUp: true,
			sendOnSignIn: true,
			autoSignInAfterVerification: false,
			expiresIn: 24 * 60 * 60,
			sendVerificationEmail: async ({ user: u, token }, request) => {
				const locale = localeOf(request);
				const name = (u as { pseudonym?: string }).pseudonym ?? '';
				await enqueueMail(verificationMail(u.email, name, pageUrl(config, locale, VERIFY_PATH, token), locale));
			}
		},
		session: {
			expiresIn: 60 * 60 * 24 * 14,
			updateAge: 60 * 60 * 24
		},
		rateLimit: {
			enabled: true,
			// In the database so that several app servers share the counters (ARCHITECTURE "Scale-out").
			storage: 'database',
			window: 60,
			max: 60,
			customRules: {
				'/sign-in/email': { window: 60, max: config.signInLimit },
				'/sign-up/email': { window: 60, max: config.signInLimit },
				'/request-password-reset': { window: 60, max: 3 },
				'/send-verification-email': { window: 60, max: 3 }
			}
		},
		advanced: {
			// Our form actions call the handler with the socket address they got from adapter-node in this
			// header; the public /api/auth routes are not reachable, so no client can spoof it.
			ipAddress: { ipAddressHeaders: ['x-kiezbudget-client-ip'] },
			useSecureCookies: config.origin.startsWith('https://'),
			defaultCookieAttributes: { sameSite: 'lax', httpOnly: true }
		}
	});
}

export type Auth = ReturnType<typeof createAuth>;

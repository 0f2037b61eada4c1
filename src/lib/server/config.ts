/**
 * Runtime configuration from the environment, read in one place. Server modules import this instead of
 * `$app/env/private` so that the same code runs under SvelteKit, in the CLI and in tests.
 */
import { readDataKey, readOldDataKey } from './crypto/data-key.ts';

export type Config = {
	/** postgres://… for PostgreSQL, otherwise the PGlite data directory. */
	databaseUrl: string;
	origin: string;
	authSecret: string;
	/** smtp://user:pass@host:port; unset → mails are written to `mailDir` (development only). */
	smtpUrl: string | undefined;
	mailFrom: string;
	mailDir: string;
	production: boolean;
	/** Enables /dev/mail and the demo log-ins. Never in production. */
	devTools: boolean;
	/** Sign-in and sign-up attempts per minute and client address (ASVS 6.3.1). The end-to-end tests raise
	 *  it because all their browsers share 127.0.0.1; the limit itself is tested in tests/integration. */
	signInLimit: number;
	/** AES-256 key for personal data at rest (bank details, issue 6); see server/crypto/data-key.ts. */
	dataKey: Uint8Array;
	/** The previous key while a rotation runs (`KIEZBUDGET_DATA_KEY_OLD`): read-only, never used to seal. */
	dataKeyOld: Uint8Array | undefined;
};

const DEV_SECRET = 'kiezbudget-development-secret-not-for-production';

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const production = env.NODE_ENV === 'production' && env.KIEZBUDGET_DEMO !== '1';
	const authSecret = env.BETTER_AUTH_SECRET || (production ? '' : DEV_SECRET);
	if (!authSecret || authSecret.length < 32) {
		throw new Error(
			'BETTER_AUTH_SECRET must be set to at least 32 random characters in production (e.g. `openssl rand -base64 32`).'
		);
	}
	const port = env.PORT || '3000';
	return {
		databaseUrl: env.DATABASE_URL || env.PGLITE_DIR || 'data/pglite',
		origin: (env.ORIGIN || `http://localhost:${port}`).replace(/\/$/, ''),
		authSecret,
		smtpUrl: env.SMTP_URL || undefined,
		mailFrom: env.MAIL_FROM || 'Kiezbudget <noreply@kiezbudget.localhost>',
		mailDir: env.MAIL_DIR || 'data/mail',
		production,
		devTools: !production && env.KIEZBUDGET_DEV_TOOLS !== '0',
		signInLimit: Math.max(1, Number(env.KIEZBUDGET_SIGNIN_LIMIT) || 5),
		dataKey: readDataKey(env.KIEZBUDGET_DATA_KEY, production),
		dataKeyOld: readOldDataKey(env.KIEZBUDGET_DATA_KEY_OLD)
	};
}

let cached: Config | undefined;
export function config(): Config {
	cached ??= readConfig();
	return cached;
}

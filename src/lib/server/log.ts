import pino from 'pino';

/**
 * Structured logs (ARCHITECTURE: pino). Secrets never reach a log line: known sensitive keys are
 * redacted wherever they appear (public-sector.md: no codes, passwords, tokens or bank details in logs).
 */
export const log = pino({
	level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
	base: undefined,
	redact: {
		paths: [
			'password',
			'*.password',
			'newPassword',
			'*.newPassword',
			'token',
			'*.token',
			'code',
			'*.code',
			'iban',
			'*.iban',
			'secret',
			'*.secret',
			'headers.cookie',
			'*.headers.cookie',
			'headers.authorization',
			'*.headers.authorization',
			'url'
		],
		censor: '[redacted]'
	}
});

/** Strips query strings (which may carry tokens, e.g. verification links) from a logged path. */
export function safePath(url: URL): string {
	return url.pathname;
}

import type { SessionUser } from '#lib/server/auth/session.ts';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in user with their scoped roles, or null for anonymous readers. */
			user: SessionUser | null;
			/** Id of the current request, also in every log line of it. */
			requestId: string;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};

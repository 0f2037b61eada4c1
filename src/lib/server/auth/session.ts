import type { Actor, RoleGrant } from '#lib/core/access/policy.ts';
import { isStaff } from '#lib/core/access/policy.ts';

export type SessionUser = {
	id: string;
	email: string;
	pseudonym: string;
	emailVerified: boolean;
	grants: RoleGrant[];
	isStaff: boolean;
};

export function toActor(u: SessionUser | null): Actor | null {
	return u ? { userId: u.id, emailVerified: u.emailVerified, grants: u.grants } : null;
}

export function sessionUser(
	u: { id: string; email: string; emailVerified: boolean; pseudonym?: unknown },
	grants: RoleGrant[]
): SessionUser {
	const base = { id: u.id, email: u.email, emailVerified: u.emailVerified, grants };
	return {
		...base,
		pseudonym: typeof u.pseudonym === 'string' ? u.pseudonym : '',
		isStaff: isStaff({ userId: u.id, emailVerified: u.emailVerified, grants })
	};
}

/** better-auth's cookie names; a request without one is anonymous and costs no database query. */
export function hasSessionCookie(cookieHeader: string | null): boolean {
	return !!cookieHeader && /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/.test(cookieHeader);
}

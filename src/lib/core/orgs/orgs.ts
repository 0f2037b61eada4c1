/**
 * Organisations of the neighbourhood network (issue 8): initiatives, associations and providers with
 * profiles, members and a staff verification. Pure rules; the use cases in server/app/orgs.ts call them.
 */
import { slugify } from '../shared/slug.ts';

export const ORG_KINDS = ['initiative', 'association', 'provider'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export type Membership = { role: 'admin' | 'member'; accepted: boolean } | null;

export type ActDecision = { allowed: true } | { allowed: false; reason: 'not_member' | 'not_accepted' | 'not_verified' };

/**
 * Whether a person may act for an organisation, e.g. hand in an idea in its name. Fake identities are a known
 * problem of open networks (issue 8), so both must hold: staff verified the organisation, and one of its
 * admins accepted the person as a member. A request alone is not enough.
 */
export function mayActFor(org: { verified: boolean }, membership: Membership): ActDecision {
	if (!membership) return { allowed: false, reason: 'not_member' };
	if (!membership.accepted) return { allowed: false, reason: 'not_accepted' };
	if (!org.verified) return { allowed: false, reason: 'not_verified' };
	return { allowed: true };
}

/** Accepting or declining members is for the organisation's accepted admins (not for staff, not for members). */
export function mayManageMembers(membership: Membership): boolean {
	return !!membership && membership.accepted && membership.role === 'admin';
}

/** The profile address from the name; a suffix keeps it unique when the name's slug is taken. */
export function orgSlug(name: string, taken: (slug: string) => boolean): string {
	const base = slugify(name).slice(0, 80).replace(/-+$/, '') || 'initiative';
	if (!taken(base)) return base;
	for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

export type OrgInput = { name: string; kind: string; description: string; regionId: string; website: string; contactEmail: string };
export type OrgErrors = Partial<Record<keyof OrgInput, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A website must be a plain http(s) address; anything else (javascript:, data:) is refused. */
export function normaliseWebsite(raw: string): string | null {
	const v = raw.trim();
	if (v === '') return '';
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
	try {
		const u = new URL(withScheme);
		if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
		if (!u.hostname.includes('.')) return null;
		return u.toString();
	} catch {
		return null;
	}
}

/** Checks a new organisation's profile; message keys name what to fix. */
export function checkOrg(v: OrgInput, regionIds: readonly string[]): { ok: true; website: string | null } | { ok: false; errors: OrgErrors } {
	const errors: OrgErrors = {};
	if (v.name.length < 3) errors.name = 'orgs_error_name';
	if (!(ORG_KINDS as readonly string[]).includes(v.kind)) errors.kind = 'orgs_error_kind';
	if (v.description.length < 20) errors.description = 'orgs_error_description';
	if (v.regionId !== '' && !regionIds.includes(v.regionId)) errors.regionId = 'orgs_error_region';
	const website = normaliseWebsite(v.website);
	if (website === null) errors.website = 'orgs_error_website';
	if (v.contactEmail !== '' && !EMAIL.test(v.contactEmail)) errors.contactEmail = 'orgs_error_email';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, website: website || null };
}

export type ContactInput = { name: string; email: string; message: string };

/** The contact form: the sender's address becomes the mail's Reply-To, so it must be one. */
export function checkContact(v: ContactInput): Partial<Record<keyof ContactInput, string>> {
	const errors: Partial<Record<keyof ContactInput, string>> = {};
	if (v.name.length < 2) errors.name = 'orgs_error_contact_name';
	if (!EMAIL.test(v.email) || /[\r\n]/.test(v.email)) errors.email = 'orgs_error_email';
	if (v.message.length < 10) errors.message = 'orgs_error_message';
	return errors;
}

/** A change to who belongs to an organisation: leaving, an admin taking away a role, or removing a member. */
export type MemberChange = 'leave' | 'make_admin' | 'make_member' | 'remove';
export type MemberChangeDecision = { allowed: true } | { allowed: false; reason: 'not_allowed' | 'not_member' | 'last_admin' | 'already' };

/**
 * Who may change a membership, and the one rule that keeps an organisation manageable: it always keeps at
 * least one accepted admin, so its profile can still be edited and requests decided (otherwise only staff
 * could help). The last admin first makes someone else admin; to close an organisation altogether they ask the
 * district office. Anyone may leave for themselves (a request too, which withdraws it); roles and removals are
 * for accepted admins.
 *
 * `actor` is the person asking, `target` the membership changed (the same for leaving); `otherAdmins` counts
 * the accepted admins besides the target.
 */
export function mayChangeMember(change: MemberChange, actor: Membership, target: Membership, self: boolean, otherAdmins: number): MemberChangeDecision {
	if (!target) return { allowed: false, reason: 'not_member' };
	if (change === 'leave') {
		if (!self) return { allowed: false, reason: 'not_allowed' };
	} else {
		if (!mayManageMembers(actor)) return { allowed: false, reason: 'not_allowed' };
		if (!target.accepted) return { allowed: false, reason: 'not_member' };
		if (change === 'make_admin' && target.role === 'admin') return { allowed: false, reason: 'already' };
		if (change === 'make_member' && target.role === 'member') return { allowed: false, reason: 'already' };
	}
	const losesAdmin = target.accepted && target.role === 'admin' && change !== 'make_admin';
	if (losesAdmin && otherAdmins === 0) return { allowed: false, reason: 'last_admin' };
	return { allowed: true };
}

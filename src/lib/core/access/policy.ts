/**
 * Who may do what (ARCHITECTURE house rule 5): one pure function, tested as a table of
 * role × scope × capability. Roles follow PRODUCT.md "Who uses it"; scopes follow the district →
 * region → round hierarchy so a Kiezpat:in acts only in their own Bezirksregion.
 */

export const ROLES = ['resident', 'moderator', 'case_worker', 'district_admin', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export type Scope =
	| { kind: 'platform' }
	| { kind: 'district'; id: string }
	| { kind: 'region'; id: string; districtId: string }
	| { kind: 'round'; id: string; regionId: string; districtId: string };

export type RoleGrant = { role: Role; scope: Scope };

export type Actor = {
	userId: string;
	emailVerified: boolean;
	grants: readonly RoleGrant[];
};

/**
 * Where an action happens. Omitted levels mean "anywhere in the level above"; `regionId: null` means
 * district-wide (e.g. a Bürgerhaushalt round), which no region-scoped grant covers.
 */
export type Subject = { districtId?: string; regionId?: string | null; roundId?: string };

export const CAPABILITIES = [
	'admin.enter',
	'programme.configure',
	'round.configure',
	'user.manage',
	'proposal.submit',
	'proposal.enter_on_behalf',
	'proposal.review',
	'proposal.read_internal',
	'proposal.import',
	'assembly.moderate',
	'comment.moderate',
	'grant.manage',
	'grant.template',
	'audit.read',
	'vote.manage',
	'evaluation.enter',
	'record.manage',
	'organisation.verify'
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type Decision = { allowed: true } | { allowed: false; reason: DenyReason };
export type DenyReason = 'not_signed_in' | 'email_not_verified' | 'role_missing' | 'out_of_scope';

/** Which roles hold a capability at all. Residents hold only what every verified account may do. */
const HOLDERS: Record<Capability, readonly Role[]> = {
	'admin.enter': ['moderator', 'case_worker', 'district_admin', 'platform_admin'],
	'programme.configure': ['district_admin', 'platform_admin'],
	'round.configure': ['district_admin', 'platform_admin'],
	'user.manage': ['district_admin', 'platform_admin'],
	'proposal.submit': ['resident', 'moderator', 'case_worker', 'district_admin', 'platform_admin'],
	'proposal.enter_on_behalf': ['case_worker', 'district_admin', 'platform_admin'],
	'proposal.review': ['case_worker', 'district_admin', 'platform_admin'],
	// The office's view of a round's ideas and their checks, without contact data or scans (those need
	// proposal.review). Kiezpat:innen prepare the assembly of their region, so they read it (domain.md §1.3).
	'proposal.read_internal': ['moderator', 'case_worker', 'district_admin', 'platform_admin'],
	'proposal.import': ['case_worker', 'district_admin', 'platform_admin'],
	'assembly.moderate': ['moderator', 'district_admin', 'platform_admin'],
	'comment.moderate': ['moderator', 'case_worker', 'district_admin', 'platform_admin'],
	'grant.manage': ['case_worker', 'district_admin', 'platform_admin'],
	// Editing the grant notice template of a programme (letterhead, legal-remedy text, signature): the district
	// office, district-wide only (a region-scoped grant does not cover a programme; see covers()).
	'grant.template': ['case_worker', 'district_admin', 'platform_admin'],
	'audit.read': ['district_admin', 'platform_admin'],
	// Voting codes, closing the vote and publishing the result (issue 5): the district office, not Kiezpat:innen.
	'vote.manage': ['case_worker', 'district_admin', 'platform_admin'],
	// Typing in the anonymous paper cards about who took part (issue 7): whoever runs the assembly or the office.
	'evaluation.enter': ['moderator', 'case_worker', 'district_admin', 'platform_admin'],
	// The public record (issue 8): calendar entries, documents, the mobile office's schedule, the knowledge base.
	'record.manage': ['case_worker', 'district_admin', 'platform_admin'],
	// Verifying initiatives and associations (issue 8: a visible badge against fake identities): the district
	// office, which checks the register entry or knows the group; not Kiezpat:innen, who are BVV members.
	'organisation.verify': ['case_worker', 'district_admin', 'platform_admin']
};

/** Capabilities every signed-in, verified account has without an explicit grant. */
const EVERY_ACCOUNT: ReadonlySet<Capability> = new Set(['proposal.submit']);

export const STAFF_ROLES: ReadonlySet<Role> = new Set(['moderator', 'case_worker', 'district_admin', 'platform_admin']);

function covers(scope: Scope, subject: Subject): boolean {
	switch (scope.kind) {
		case 'platform':
			return true;
		case 'district':
			return subject.districtId === undefined || subject.districtId === scope.id;
		case 'region':
			return (
				(subject.districtId === undefined || subject.districtId === scope.districtId) &&
				(subject.regionId === undefined || subject.regionId === scope.id)
			);
		case 'round':
			return (
				(subject.districtId === undefined || subject.districtId === scope.districtId) &&
				(subject.regionId === undefined || subject.regionId === scope.regionId) &&
				(subject.roundId === undefined || subject.roundId === scope.id)
			);
		default:
			return assertNever(scope);
	}
}

export function can(actor: Actor | null, capability: Capability, subject: Subject = {}): Decision {
	if (!actor) return { allowed: false, reason: 'not_signed_in' };
	if (!actor.emailVerified) return { allowed: false, reason: 'email_not_verified' };
	if (EVERY_ACCOUNT.has(capability)) return { allowed: true };
	const holders = HOLDERS[capability];
	const relevant = actor.grants.filter((g) => holders.includes(g.role));
	if (relevant.length === 0) return { allowed: false, reason: 'role_missing' };
	return relevant.some((g) => covers(g.scope, subject))
		? { allowed: true }
		: { allowed: false, reason: 'out_of_scope' };
}

export function isStaff(actor: Actor | null): boolean {
	return !!actor && actor.emailVerified && actor.grants.some((g) => STAFF_ROLES.has(g.role));
}

function assertNever(x: never): never {
	throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

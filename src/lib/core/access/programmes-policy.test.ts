// Issue 4: only the district administration (and the platform admin) configures programmes and rounds and
// reads their audit log — a table of role × capability × district → decision (house rule 5).
import { describe, expect, it } from 'vitest';
import { can, type Actor, type Capability, type Role } from './policy.ts';

const OWN = '09';
const OTHER = '08';
function actor(role: Role): Actor {
	const scope = role === 'platform_admin' ? { kind: 'platform' as const } : role === 'moderator' ? { kind: 'region' as const, id: '091001', districtId: OWN } : { kind: 'district' as const, id: OWN };
	return { userId: `u-${role}`, emailVerified: true, grants: role === 'resident' ? [] : [{ role, scope }] };
}

const CAPS: Capability[] = ['programme.configure', 'round.configure', 'audit.read'];
// role → [own district, other district]
const expected: Record<Role, [true | string, true | string]> = {
	resident: ['role_missing', 'role_missing'],
	moderator: ['role_missing', 'role_missing'],
	case_worker: ['role_missing', 'role_missing'],
	district_admin: [true, 'out_of_scope'],
	platform_admin: [true, true]
};
const table = (Object.keys(expected) as Role[]).flatMap((role) =>
	CAPS.flatMap((cap) => [
		[role, cap, OWN, expected[role][0]] as const,
		[role, cap, OTHER, expected[role][1]] as const
	])
);

describe('who configures programmes and rounds', () => {
	it.each(table)('%s · %s · district %s → %s', (role, cap, districtId, result) => {
		const d = can(actor(role), cap, { districtId });
		expect(d).toEqual(result === true ? { allowed: true } : { allowed: false, reason: result });
	});
	it('refuses anonymous visitors and unverified staff', () => {
		expect(can(null, 'programme.configure', { districtId: OWN })).toEqual({ allowed: false, reason: 'not_signed_in' });
		expect(can({ ...actor('district_admin'), emailVerified: false }, 'round.configure', { districtId: OWN })).toEqual({ allowed: false, reason: 'email_not_verified' });
	});
});

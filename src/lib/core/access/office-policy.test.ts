// The office's actions (issue 4) as a full table: every role × every capability the district office uses,
// in its own region, another region of the district and another district (house rule 5).
import { describe, expect, it } from 'vitest';
import { can, type Actor, type Capability, type Role, type Scope } from './policy.ts';

const TK = '09';
const ALT_TREPTOW = '091001';
const ADLERSHOF = '092007';
const scopeOf: Record<Role, Scope> = {
	resident: { kind: 'district', id: TK },
	moderator: { kind: 'region', id: ALT_TREPTOW, districtId: TK },
	case_worker: { kind: 'district', id: TK },
	district_admin: { kind: 'district', id: TK },
	platform_admin: { kind: 'platform' }
};
const actor = (role: Role): Actor => ({ userId: role, emailVerified: true, grants: role === 'resident' ? [] : [{ role, scope: scopeOf[role] }] });

const OWN = { districtId: TK, regionId: ALT_TREPTOW };
const OTHER_REGION = { districtId: TK, regionId: ADLERSHOF };
const OTHER_DISTRICT = { districtId: '08', regionId: '081001' };

type Row = [Role, Capability, 'own' | 'other_region' | 'other_district', true | string];
const A = true;
const expectations: Record<Capability & ('proposal.read_internal' | 'proposal.review' | 'proposal.enter_on_behalf' | 'proposal.import'), Record<Role, [true | string, true | string, true | string]>> = {
	// [own region, other region, other district]
	'proposal.read_internal': {
		resident: ['role_missing', 'role_missing', 'role_missing'],
		moderator: [A, 'out_of_scope', 'out_of_scope'],
		case_worker: [A, A, 'out_of_scope'],
		district_admin: [A, A, 'out_of_scope'],
		platform_admin: [A, A, A]
	},
	'proposal.review': {
		resident: ['role_missing', 'role_missing', 'role_missing'],
		moderator: ['role_missing', 'role_missing', 'role_missing'],
		case_worker: [A, A, 'out_of_scope'],
		district_admin: [A, A, 'out_of_scope'],
		platform_admin: [A, A, A]
	},
	'proposal.enter_on_behalf': {
		resident: ['role_missing', 'role_missing', 'role_missing'],
		moderator: ['role_missing', 'role_missing', 'role_missing'],
		case_worker: [A, A, 'out_of_scope'],
		district_admin: [A, A, 'out_of_scope'],
		platform_admin: [A, A, A]
	},
	'proposal.import': {
		resident: ['role_missing', 'role_missing', 'role_missing'],
		moderator: ['role_missing', 'role_missing', 'role_missing'],
		case_worker: [A, A, 'out_of_scope'],
		district_admin: [A, A, 'out_of_scope'],
		platform_admin: [A, A, A]
	}
};
const table: Row[] = Object.entries(expectations).flatMap(([cap, byRole]) =>
	Object.entries(byRole).flatMap(([role, [own, otherRegion, otherDistrict]]) => [
		[role as Role, cap as Capability, 'own', own] as Row,
		[role as Role, cap as Capability, 'other_region', otherRegion] as Row,
		[role as Role, cap as Capability, 'other_district', otherDistrict] as Row
	])
);
const subjects = { own: OWN, other_region: OTHER_REGION, other_district: OTHER_DISTRICT };

describe('office policy table', () => {
	it.each(table)('%s · %s · %s → %s', (role, capability, where, expected) => {
		const d = can(actor(role), capability, subjects[where]);
		expect(d).toEqual(expected === true ? { allowed: true } : { allowed: false, reason: expected });
	});

	it('a district-wide round (no region) is outside every region-scoped grant, inside district grants', () => {
		const districtWide = { districtId: TK, regionId: null };
		expect(can(actor('moderator'), 'proposal.read_internal', districtWide)).toEqual({ allowed: false, reason: 'out_of_scope' });
		expect(can(actor('case_worker'), 'proposal.read_internal', districtWide)).toEqual({ allowed: true });
	});

	it('refuses anonymous visitors and unverified staff every office action', () => {
		for (const capability of Object.keys(expectations) as Capability[]) {
			expect(can(null, capability, OWN)).toEqual({ allowed: false, reason: 'not_signed_in' });
			expect(can({ ...actor('case_worker'), emailVerified: false }, capability, OWN)).toEqual({ allowed: false, reason: 'email_not_verified' });
		}
	});
});

import { describe, expect, it } from 'vitest';
import { can, isStaff, type Actor, type Capability, type Role, type Scope, type Subject } from './policy.ts';

const TK = 'treptow-koepenick';
const ALT_TREPTOW = '09010101';
const ADLERSHOF = '09030601';
const district: Scope = { kind: 'district', id: TK };
const region: Scope = { kind: 'region', id: ALT_TREPTOW, districtId: TK };

function actor(role: Role | null, scope: Scope = district, verified = true): Actor {
	return { userId: 'u1', emailVerified: verified, grants: role ? [{ role, scope }] : [] };
}

const inRegion: Subject = { districtId: TK, regionId: ALT_TREPTOW };
const otherRegion: Subject = { districtId: TK, regionId: ADLERSHOF };
const otherDistrict: Subject = { districtId: 'neukoelln' };

// role × scope × capability × subject → expected decision
const table: [string, Actor | null, Capability, Subject, true | string][] = [
	['anonymous reader cannot enter admin', null, 'admin.enter', {}, 'not_signed_in'],
	['anonymous cannot submit', null, 'proposal.submit', inRegion, 'not_signed_in'],
	['unverified account cannot submit', actor(null, district, false), 'proposal.submit', inRegion, 'email_not_verified'],
	['verified resident without grant may submit', actor(null), 'proposal.submit', inRegion, true],
	['resident cannot enter admin', actor('resident'), 'admin.enter', {}, 'role_missing'],
	['resident cannot review', actor('resident'), 'proposal.review', inRegion, 'role_missing'],
	['moderator enters admin', actor('moderator', region), 'admin.enter', {}, true],
	['moderator moderates own region', actor('moderator', region), 'assembly.moderate', inRegion, true],
	['moderator not in other region', actor('moderator', region), 'assembly.moderate', otherRegion, 'out_of_scope'],
	['moderator cannot configure rounds', actor('moderator', region), 'round.configure', inRegion, 'role_missing'],
	['case worker reviews in district', actor('case_worker'), 'proposal.review', otherRegion, true],
	['case worker not in other district', actor('case_worker'), 'proposal.review', otherDistrict, 'out_of_scope'],
	['case worker enters on behalf', actor('case_worker'), 'proposal.enter_on_behalf', inRegion, true],
	['case worker cannot manage users', actor('case_worker'), 'user.manage', {}, 'role_missing'],
	['district admin configures programmes', actor('district_admin'), 'programme.configure', { districtId: TK }, true],
	['district admin not elsewhere', actor('district_admin'), 'programme.configure', otherDistrict, 'out_of_scope'],
	['district admin reads audit', actor('district_admin'), 'audit.read', { districtId: TK }, true],
	['case worker manages the record of the district', actor('case_worker'), 'record.manage', { districtId: TK }, true],
	['moderator cannot manage the record', actor('moderator', region), 'record.manage', inRegion, 'role_missing'],
	['resident cannot manage the record', actor('resident'), 'record.manage', { districtId: TK }, 'role_missing'],
	['case worker not the record of another district', actor('case_worker'), 'record.manage', otherDistrict, 'out_of_scope'],
	['platform admin anywhere', actor('platform_admin', { kind: 'platform' }), 'round.configure', otherDistrict, true],
	[
		'round-scoped moderator only in that round',
		actor('moderator', { kind: 'round', id: 'r1', regionId: ALT_TREPTOW, districtId: TK }),
		'assembly.moderate',
		{ districtId: TK, regionId: ALT_TREPTOW, roundId: 'r2' },
		'out_of_scope'
	]
];

describe('can()', () => {
	it.each(table)('%s', (_name, who, capability, subject, expected) => {
		const d = can(who, capability, subject);
		if (expected === true) expect(d).toEqual({ allowed: true });
		else expect(d).toEqual({ allowed: false, reason: expected });
	});
});

describe('isStaff()', () => {
	it('is true for staff roles only, and only when verified', () => {
		expect(isStaff(null)).toBe(false);
		expect(isStaff(actor('resident'))).toBe(false);
		expect(isStaff(actor('moderator', region))).toBe(true);
		expect(isStaff(actor('district_admin', district, false))).toBe(false);
	});
});

// Issue 6: who handles grant files (applications with bank details, notices, payments). Role × scope table.
import { describe, expect, it } from 'vitest';
import { can, type Actor, type Role, type Scope, type Subject } from './policy.ts';

const TK = '09';
const district: Scope = { kind: 'district', id: TK };
const region: Scope = { kind: 'region', id: '091001', districtId: TK };
const actor = (role: Role | null, scope: Scope = district): Actor => ({ userId: 'u', emailVerified: true, grants: role ? [{ role, scope }] : [] });
const adlershof: Subject = { districtId: TK, regionId: '092007', roundId: 'r' };
const elsewhere: Subject = { districtId: '11', regionId: '110101', roundId: 'x' };

const table: [string, Actor | null, Subject, true | string][] = [
	['anonymous', null, adlershof, 'not_signed_in'],
	['resident (also the proposer: their own case goes by ownership, not by this capability)', actor(null), adlershof, 'role_missing'],
	['Kiezpat:in of the region: prepares assemblies, never sees bank details', actor('moderator', region), adlershof, 'role_missing'],
	['case worker of the district', actor('case_worker'), adlershof, true],
	['case worker of another district', actor('case_worker'), elsewhere, 'out_of_scope'],
	['district admin of the district', actor('district_admin'), adlershof, true],
	['platform admin', actor('platform_admin', { kind: 'platform' }), elsewhere, true]
];

describe('grant.manage', () => {
	it.each(table)('%s', (_n, who, subject, expected) => {
		expect(can(who, 'grant.manage', subject)).toEqual(expected === true ? { allowed: true } : { allowed: false, reason: expected });
	});
});

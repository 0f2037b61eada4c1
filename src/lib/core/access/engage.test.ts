import { describe, expect, it } from 'vitest';
import { mayEngage, mayModerateComments, type Place } from './engage.ts';
import type { Actor, Role, Scope } from './policy.ts';

const actor = (role: Role, scope: Scope, emailVerified = true): Actor => ({ userId: `u-${role}`, emailVerified, grants: [{ role, scope }] });

// Places: two Bezirksregionen of Treptow-Köpenick, the district-wide Bürgerhaushalt, and another district.
const ALT_TREPTOW: Place = { districtId: '09', regionId: '091001', roundId: 'r-at' };
const ADLERSHOF: Place = { districtId: '09', regionId: '092007', roundId: 'r-ad' };
const BUERGERHAUSHALT: Place = { districtId: '09', regionId: null, roundId: 'r-bh' };
const LICHTENBERG: Place = { districtId: '11', regionId: '111001', roundId: 'r-li' };

const kiezpatin = actor('moderator', { kind: 'region', id: '091001', districtId: '09' });
const caseWorker = actor('case_worker', { kind: 'district', id: '09' });
const districtAdmin = actor('district_admin', { kind: 'district', id: '09' });
const platformAdmin = actor('platform_admin', { kind: 'platform' });
const resident: Actor = { userId: 'u-res', emailVerified: true, grants: [] };
const unverifiedAdmin = actor('district_admin', { kind: 'district', id: '09' }, false);

describe('who may moderate comments where (issue 4)', () => {
	it.each([
		// who,                    place,            allowed, reason
		['Kiezpatin Alt-Treptow', kiezpatin, ALT_TREPTOW, true, null],
		['Kiezpatin Alt-Treptow', kiezpatin, ADLERSHOF, false, 'out_of_scope'],
		['Kiezpatin Alt-Treptow', kiezpatin, BUERGERHAUSHALT, false, 'out_of_scope'],
		['Kiezpatin Alt-Treptow', kiezpatin, LICHTENBERG, false, 'out_of_scope'],
		['case worker of 09', caseWorker, ALT_TREPTOW, true, null],
		['case worker of 09', caseWorker, ADLERSHOF, true, null],
		['case worker of 09', caseWorker, BUERGERHAUSHALT, true, null],
		['case worker of 09', caseWorker, LICHTENBERG, false, 'out_of_scope'],
		['district admin of 09', districtAdmin, ADLERSHOF, true, null],
		['district admin of 09', districtAdmin, BUERGERHAUSHALT, true, null],
		['district admin of 09', districtAdmin, LICHTENBERG, false, 'out_of_scope'],
		['platform admin', platformAdmin, LICHTENBERG, true, null],
		['platform admin', platformAdmin, BUERGERHAUSHALT, true, null],
		['resident', resident, ALT_TREPTOW, false, 'role_missing'],
		['unverified district admin', unverifiedAdmin, ADLERSHOF, false, 'email_not_verified'],
		['anonymous', null, ALT_TREPTOW, false, 'not_signed_in']
	] as const)('%s at %o', (_who, a, place, allowed, reason) => {
		const d = mayModerateComments(a, place);
		expect(d.allowed).toBe(allowed);
		if (!d.allowed) expect(d.reason).toBe(reason);
	});
});

describe('who may support and comment', () => {
	it.each([
		['anonymous', null, 'not_signed_in'],
		['unverified account', { userId: 'x', emailVerified: false, grants: [] }, 'email_not_verified'],
		['verified resident', resident, null],
		['staff', caseWorker, null]
	] as const)('%s', (_who, a, reason) => {
		const d = mayEngage(a);
		expect(d.allowed).toBe(reason === null);
		if (!d.allowed) expect(d.reason).toBe(reason);
	});
});

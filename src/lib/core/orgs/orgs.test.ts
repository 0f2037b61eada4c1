import { describe, expect, it } from 'vitest';
import { checkContact, checkOrg, mayActFor, mayChangeMember, mayManageMembers, normaliseWebsite, orgSlug, type MemberChange, type Membership } from './orgs.ts';

describe('acting for an organisation', () => {
	// org verified × membership → allowed / reason
	const table: [boolean, Membership, true | string][] = [
		[true, null, 'not_member'],
		[true, { role: 'member', accepted: false }, 'not_accepted'],
		[true, { role: 'admin', accepted: false }, 'not_accepted'],
		[false, { role: 'admin', accepted: true }, 'not_verified'],
		[false, { role: 'member', accepted: true }, 'not_verified'],
		[true, { role: 'member', accepted: true }, true],
		[true, { role: 'admin', accepted: true }, true]
	];
	it.each(table)('verified=%s, membership %j → %s', (verified, membership, expected) => {
		const d = mayActFor({ verified }, membership);
		expect(d.allowed ? true : d.reason).toBe(expected);
	});

	it('only accepted admins manage members', () => {
		expect(mayManageMembers({ role: 'admin', accepted: true })).toBe(true);
		expect(mayManageMembers({ role: 'admin', accepted: false })).toBe(false);
		expect(mayManageMembers({ role: 'member', accepted: true })).toBe(false);
		expect(mayManageMembers(null)).toBe(false);
	});
});

describe('profile input', () => {
	const ok = { name: 'Kiezgarten Plänterwald', kind: 'initiative', description: 'Wir gärtnern gemeinsam am Plänterwald.', regionId: '', website: '', contactEmail: '' };

	it('accepts a plain profile and spells out the website', () => {
		expect(checkOrg({ ...ok, website: 'kiezgarten.example.org' }, [])).toEqual({ ok: true, website: 'https://kiezgarten.example.org/' });
	});

	it('names each field that needs fixing', () => {
		const r = checkOrg({ name: 'K', kind: 'club', description: 'kurz', regionId: '1', website: 'javascript:alert(1)', contactEmail: 'nope' }, ['2']);
		expect(r.ok ? {} : r.errors).toEqual({
			name: 'orgs_error_name',
			kind: 'orgs_error_kind',
			description: 'orgs_error_description',
			regionId: 'orgs_error_region',
			website: 'orgs_error_website',
			contactEmail: 'orgs_error_email'
		});
	});

	it('refuses non-web addresses', () => {
		expect(normaliseWebsite('data:text/html,x')).toBeNull();
		expect(normaliseWebsite('http://localhost')).toBeNull();
		expect(normaliseWebsite('http://verein.example.de/seite')).toBe('http://verein.example.de/seite');
	});

	it('makes a unique slug from a German name', () => {
		const taken = new Set(['nachbarschaftshaus-baumschulenweg']);
		expect(orgSlug('Nachbarschaftshaus Baumschulenweg', (s) => taken.has(s))).toBe('nachbarschaftshaus-baumschulenweg-2');
		expect(orgSlug('Förderverein Müggelheim', () => false)).toBe('foerderverein-mueggelheim');
		expect(orgSlug('!!!', () => false)).toBe('initiative');
	});

	it('refuses a contact address with a line break (no header injection)', () => {
		expect(checkContact({ name: 'Ab', email: 'a@b.de\nBcc: x@y.de', message: 'Hallo, eine Frage.' }).email).toBe('orgs_error_email');
		expect(checkContact({ name: 'Ab', email: 'a@b.de', message: 'Hallo, eine Frage.' })).toEqual({});
	});
});

describe('changing who belongs to an organisation', () => {
	const admin: Membership = { role: 'admin', accepted: true };
	const member: Membership = { role: 'member', accepted: true };
	const requested: Membership = { role: 'member', accepted: false };
	// change × actor × target × self × other admins → allowed / reason
	const table: [MemberChange, Membership, Membership, boolean, number, true | string][] = [
		['leave', member, member, true, 1, true],
		['leave', requested, requested, true, 1, true],
		['leave', admin, admin, true, 1, true],
		['leave', admin, admin, true, 0, 'last_admin'],
		['leave', admin, member, false, 1, 'not_allowed'],
		['leave', null, null, true, 1, 'not_member'],
		['make_admin', admin, member, false, 1, true],
		['make_admin', admin, admin, false, 1, 'already'],
		['make_admin', member, member, false, 1, 'not_allowed'],
		['make_admin', admin, requested, false, 1, 'not_member'],
		['make_admin', requested, member, false, 1, 'not_allowed'],
		['make_member', admin, admin, false, 1, true],
		['make_member', admin, admin, true, 0, 'last_admin'],
		['make_member', admin, member, false, 1, 'already'],
		['remove', admin, member, false, 1, true],
		['remove', admin, admin, false, 1, true],
		['remove', admin, admin, true, 0, 'last_admin'],
		['remove', member, member, false, 1, 'not_allowed'],
		['remove', admin, null, false, 1, 'not_member']
	];
	it.each(table)('%s by %j of %j (self %s, %d other admins) → %s', (change, actor, target, self, others, expected) => {
		const d = mayChangeMember(change, actor, target, self, others);
		expect(d.allowed ? true : d.reason).toBe(expected);
	});
});

/**
 * Use cases of organisations (issue 8): the public directory and profiles with a contact form, residents
 * creating and joining organisations, org admins accepting members, and staff verifying. Staff use cases
 * start with the policy (house rule 5): role missing → forbidden, another district → not found.
 */
import { can, type Actor } from '../../core/access/policy.ts';
import { checkContact, checkOrg, mayActFor, mayChangeMember, mayManageMembers, orgSlug, type MemberChange, type Membership, type OrgInput } from '../../core/orgs/orgs.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/orgs.ts';
import { firstDistrict, regionsOf } from '../db/repositories/record.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9-]{1,120}$/;

const text = (form: FormData, key: string, max: number) => {
	const v = form.get(key);
	return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

/** The profile form's fields as typed (creating and editing share them, and the checks of core/orgs checkOrg). */
const profileValues = (form: FormData): OrgInput => ({
	name: text(form, 'name', 120),
	kind: text(form, 'kind', 20),
	description: text(form, 'description', 4000),
	regionId: text(form, 'regionId', 10),
	website: text(form, 'website', 300),
	contactEmail: text(form, 'contactEmail', 200)
});

/** Residents act with a signed-in account whose address is confirmed (like handing in an idea). */
const resident = (actor: Actor | null): actor is Actor => !!actor && can(actor, 'proposal.submit').allowed;

export type OrgsDeps = { db: Db; origin: string; now: () => Date; kick: () => void };

export function orgsService({ db, origin, now, kick }: OrgsDeps) {
	async function homeDistrict() {
		const [d] = await firstDistrict(db);
		return d ?? null;
	}
	const profileUrl = (slug: string) => `${origin}/initiativen/${slug}`;

	async function adminOf(actor: Actor | null, orgId: string) {
		if (!resident(actor) || !UUID.test(orgId)) return { kind: 'not_found' } as const;
		const org = await repo.orgById(db, orgId);
		if (!org) return { kind: 'not_found' } as const;
		if (!mayManageMembers(await repo.membership(db, org.id, actor.userId))) return { kind: 'forbidden' } as const;
		return { kind: 'ok', org } as const;
	}

	async function staffDistrict(actor: Actor | null) {
		const d = await homeDistrict();
		if (!d) return { kind: 'not_found' } as const;
		const decision = can(actor, 'organisation.verify', { districtId: d.id });
		if (!decision.allowed) return { kind: decision.reason === 'out_of_scope' ? 'not_found' : 'forbidden' } as const;
		return { kind: 'ok', district: d } as const;
	}

	return {
		/** The public directory, optionally one region's organisations. */
		async directory(regionId: string) {
			const d = await homeDistrict();
			if (!d) return null;
			const regions = await regionsOf(db, d.id);
			const region = regions.find((r) => r.id === regionId) ?? null;
			const orgs = await repo.listOrgs(db, d.id, region?.id);
			return { district: d, regions, region, orgs: orgs.map(({ verificationNote: _note, ...o }) => ({ ...o, verified: o.verifiedAt !== null, verifiedAt: o.verifiedAt?.toISOString() ?? null })) };
		},

		/** A public profile; `viewer` adds what the signed-in person may do here (join, or see their state). */
		async profile(slug: string, actor: Actor | null) {
			if (!SLUG.test(slug)) return null;
			const org = await repo.orgBySlug(db, slug);
			if (!org) return null;
			const [ideas, members, mine] = await Promise.all([
				repo.orgIdeas(db, org.id),
				repo.acceptedMembers(db, org.id),
				actor ? repo.membership(db, org.id, actor.userId) : Promise.resolve(null)
			]);
			// Staff's verification note is internal: it stays out of the page data (which the page embeds).
			const { verificationNote: _note, ...shown } = org;
			return {
				org: { ...shown, verified: org.verifiedAt !== null, verifiedAt: org.verifiedAt?.toISOString() ?? null },
				ideas,
				members: members.map((m) => ({ pseudonym: m.pseudonym, role: m.role })),
				viewer: actor ? { membership: mine, canAct: mayActFor({ verified: org.verifiedAt !== null }, mine).allowed } : null
			};
		},

		/**
		 * The contact form: one mail to each of the organisation's addresses, with the sender's address as
		 * Reply-To so the answer goes straight back; the organisation's addresses are never shown.
		 */
		async contact(slug: string, actor: Actor | null, form: FormData) {
			const values = { name: text(form, 'name', 120), email: text(form, 'email', 200), message: text(form, 'message', 4000) };
			if (!SLUG.test(slug)) return { kind: 'not_found' } as const;
			const org = await repo.orgBySlug(db, slug);
			if (!org) return { kind: 'not_found' } as const;
			const errors = checkContact(values);
			if (Object.keys(errors).length > 0) return { kind: 'invalid', values, errors } as const;
			const to = await repo.orgRecipients(db, org.id);
			if (to.length === 0) return { kind: 'invalid', values, errors: { form: 'orgs_error_no_recipient' } } as const;
			const body = [
				`Eine Nachricht über Ihr Profil bei Kiezbudget (${profileUrl(org.slug)}).`,
				`Von: ${values.name} <${values.email}>`,
				'Antworten Sie einfach auf diese E-Mail; die Antwort geht an die Absenderin oder den Absender.',
				'',
				values.message,
				'',
				'—',
				`A message about your profile on Kiezbudget. Reply to this mail to answer ${values.name}.`
			].join('\n');
			await repo.queueContact(
				db,
				org,
				to.map((addr) => ({ to: addr, subject: `Nachricht an ${org.name} über Kiezbudget`, text: body, headers: { 'Reply-To': values.email } })),
				actor?.userId ?? null,
				now()
			);
			kick();
			return { kind: 'ok' } as const;
		},

		/** "Meine Initiativen": memberships, open requests to decide, organisations to join, the create form's choices. */
		async mine(actor: Actor | null) {
			if (!resident(actor)) return { kind: 'forbidden' } as const;
			const d = await homeDistrict();
			if (!d) return { kind: 'not_found' } as const;
			const [memberships, regions, all] = await Promise.all([repo.myMemberships(db, actor.userId), regionsOf(db, d.id), repo.listOrgs(db, d.id)]);
			const adminIds = memberships.filter((m) => m.role === 'admin' && m.acceptedAt).map((m) => m.id);
			const requests = await repo.requestsFor(db, adminIds);
			const memberOf = new Set(memberships.map((m) => m.id));
			return {
				kind: 'ok',
				value: {
					memberships: memberships.map((m) => {
						const ms: Membership = { role: m.role as 'admin' | 'member', accepted: m.acceptedAt !== null };
						return { id: m.id, slug: m.slug, name: m.name, role: m.role, accepted: ms.accepted, verified: m.verifiedAt !== null, canAct: mayActFor({ verified: m.verifiedAt !== null }, ms).allowed };
					}),
					requests: requests.map((r) => ({ ...r, orgName: memberships.find((m) => m.id === r.orgId)?.name ?? '', requestedAt: r.requestedAt.toISOString() })),
					joinable: all.filter((o) => !memberOf.has(o.id)).map((o) => ({ id: o.id, name: o.name })),
					regions
				}
			} as const;
		},

		async create(actor: Actor | null, form: FormData) {
			if (!resident(actor)) return { kind: 'forbidden' } as const;
			const d = await homeDistrict();
			if (!d) return { kind: 'not_found' } as const;
			const values = profileValues(form);
			const regions = await regionsOf(db, d.id);
			const checked = checkOrg(values, regions.map((r) => r.id));
			if (!checked.ok) return { kind: 'invalid', values, errors: checked.errors as Record<string, string> } as const;
			// Another person may take the same address at the same moment: the unique index decides, then retry.
			for (let attempt = 0; attempt < 5; attempt++) {
				const taken = await repo.slugsLike(db, orgSlug(values.name, () => false));
				const slug = orgSlug(values.name, (s) => taken.has(s));
				const id = await repo.insertOrg(
					db,
					{ slug, name: values.name, kind: values.kind, description: values.description, districtId: d.id, regionId: values.regionId || null, website: checked.website, contactEmail: values.contactEmail || null },
					actor.userId,
					now()
				);
				if (id) return { kind: 'ok', id, slug } as const;
			}
			return { kind: 'conflict' } as const;
		},

		/** Asks to join; the organisation's admins get a mail. Asking twice (or twice at once) changes nothing. */
		async join(actor: Actor | null, orgId: string) {
			if (!resident(actor)) return { kind: 'forbidden' } as const;
			if (!UUID.test(orgId)) return { kind: 'invalid', errors: { orgId: 'orgs_error_pick_org' } } as const;
			const org = await repo.orgById(db, orgId);
			if (!org) return { kind: 'invalid', errors: { orgId: 'orgs_error_pick_org' } } as const;
			const r = await repo.insertJoinRequest(
				db,
				org,
				actor.userId,
				(to) => ({
					to,
					subject: `Beitrittsanfrage für ${org.name}`,
					text: [
						`Jemand möchte bei „${org.name}“ auf Kiezbudget mitmachen.`,
						`Bitte nehmen Sie die Anfrage an oder lehnen Sie sie ab: ${origin}/konto/initiativen`,
						'',
						`Someone asked to join "${org.name}" on Kiezbudget. Accept or decline: ${origin}/konto/initiativen`
					].join('\n')
				}),
				now()
			);
			if (r === 'requested') kick();
			return { kind: 'ok', org, state: r } as const;
		},

		async decide(actor: Actor | null, orgId: string, userId: string, accept: boolean) {
			const a = await adminOf(actor, orgId);
			if (a.kind !== 'ok') return a;
			if (!(await repo.decideRequest(db, a.org, userId.slice(0, 100), accept, actor!.userId, now()))) return { kind: 'not_found' } as const;
			return { kind: 'ok' } as const;
		},

		/** An admin's page for one organisation: the profile to edit, the members with their roles, open requests. */
		async manage(actor: Actor | null, orgId: string) {
			const a = await adminOf(actor, orgId);
			if (a.kind !== 'ok') return a;
			const [profile, members, requests, regions] = await Promise.all([repo.orgForEdit(db, a.org.id), repo.acceptedMembers(db, a.org.id), repo.requestsFor(db, [a.org.id]), regionsOf(db, a.org.districtId)]);
			if (!profile) return { kind: 'not_found' } as const;
			return {
				kind: 'ok',
				value: {
					org: { id: a.org.id, slug: a.org.slug, name: a.org.name, verified: a.org.verifiedAt !== null },
					me: actor!.userId,
					values: { name: profile.name, kind: profile.kind, description: profile.description, regionId: profile.regionId ?? '', website: profile.website ?? '', contactEmail: profile.contactEmail ?? '' },
					members: members.map((mb) => ({ userId: mb.userId, pseudonym: mb.pseudonym, role: mb.role as 'admin' | 'member' })),
					requests: requests.map((r) => ({ userId: r.userId, pseudonym: r.pseudonym, requestedAt: r.requestedAt.toISOString() })),
					regions
				}
			} as const;
		},

		/** An admin edits the profile with the same checks as at creation; the address stays the same. */
		async edit(actor: Actor | null, orgId: string, form: FormData) {
			const a = await adminOf(actor, orgId);
			if (a.kind !== 'ok') return a;
			const values = profileValues(form);
			const regions = await regionsOf(db, a.org.districtId);
			const checked = checkOrg(values, regions.map((r) => r.id));
			if (!checked.ok) return { kind: 'invalid', values, errors: checked.errors as Record<string, string> } as const;
			const changed = await repo.updateOrg(
				db,
				a.org,
				{ name: values.name, kind: values.kind, description: values.description, regionId: values.regionId || null, website: checked.website, contactEmail: values.contactEmail || null },
				actor!.userId,
				now()
			);
			return { kind: 'ok', org: a.org, changed } as const;
		},

		/**
		 * Leaving (anyone, for themselves; a request is withdrawn), or an admin changing another member's role
		 * or removing them. The organisation always keeps an accepted admin (core/orgs mayChangeMember).
		 */
		async changeMember(actor: Actor | null, orgId: string, userId: string, change: MemberChange) {
			if (!resident(actor) || !UUID.test(orgId)) return { kind: 'not_found' } as const;
			const org = await repo.orgById(db, orgId);
			if (!org) return { kind: 'not_found' } as const;
			const target = change === 'leave' ? actor.userId : userId.slice(0, 100);
			const r = await repo.changeMember(
				db,
				org,
				{ actorId: actor.userId, userId: target, change },
				(me, them, otherAdmins) => {
					const d = mayChangeMember(change, me, them, target === actor.userId, otherAdmins);
					return d.allowed ? 'ok' : d.reason;
				},
				now()
			);
			if (r === 'ok') return { kind: 'ok', org } as const;
			if (r === 'not_allowed') return { kind: 'forbidden' } as const;
			if (r === 'not_member') return { kind: 'not_found' } as const;
			return { kind: 'conflict', reason: r, org } as const;
		},

		async adminList(actor: Actor | null) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const orgs = await repo.adminOrgs(db, s.district.id);
			const counts = await repo.memberCounts(db, orgs.map((o) => o.id));
			return {
				kind: 'ok',
				value: { orgs: orgs.map((o) => ({ ...o, verified: o.verifiedAt !== null, verifiedAt: o.verifiedAt?.toISOString() ?? null, members: counts.get(o.id) ?? 0 })) }
			} as const;
		},

		/** Staff set or take away the badge, always with a note saying why (it is audited). */
		async verify(actor: Actor | null, form: FormData) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const orgId = text(form, 'orgId', 40);
			const decision = text(form, 'decision', 10);
			if (!UUID.test(orgId)) return { kind: 'not_found' } as const;
			// Each organisation's form has its own note field, so the error summary links to the right one.
			const note = text(form, `note-${orgId}`, 500);
			const values = { orgId, note };
			const org = await repo.orgById(db, orgId);
			if (!org || org.districtId !== s.district.id) return { kind: 'not_found' } as const;
			if (decision !== 'verify' && decision !== 'unverify') return { kind: 'invalid', values, errors: { [`note-${orgId}`]: 'orgs_error_decision' } } as const;
			if (note.length < 3) return { kind: 'invalid', values, errors: { [`note-${orgId}`]: 'orgs_error_note' } } as const;
			await repo.setVerification(db, org, decision === 'verify', note, actor!.userId, now());
			return { kind: 'ok', org } as const;
		}
	};
}

export type OrgsService = ReturnType<typeof orgsService>;

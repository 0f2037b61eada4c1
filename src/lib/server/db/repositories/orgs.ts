/**
 * Storage of organisations (issue 8): profiles, members (requested → accepted), staff verification, and the
 * ideas handed in for an organisation. Each change writes its event in the same transaction (house rule 7);
 * mails go to the outbox in that transaction too.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { organisation, organisationMember, proposal, region, round, user } from '../schema/index.ts';
import { appendEvent } from './events.ts';
import { enqueueOutbox } from './outbox.ts';
import type { Mail } from '../../mail/transport.ts';
import type { Membership } from '../../../core/orgs/orgs.ts';

export type OrgRow = {
	id: string;
	slug: string;
	name: string;
	kind: string;
	description: string;
	districtId: string;
	regionId: string | null;
	regionName: string | null;
	website: string | null;
	verifiedAt: Date | null;
	verificationNote: string | null;
};

const orgColumns = {
	id: organisation.id,
	slug: organisation.slug,
	name: organisation.name,
	kind: organisation.kind,
	description: organisation.description,
	districtId: organisation.districtId,
	regionId: organisation.regionId,
	regionName: region.name,
	website: organisation.website,
	verifiedAt: organisation.verifiedAt,
	verificationNote: organisation.verificationNote
};

export async function listOrgs(db: DbOrTx, districtId: string, regionId?: string): Promise<OrgRow[]> {
	return db
		.select(orgColumns)
		.from(organisation)
		.leftJoin(region, eq(region.id, organisation.regionId))
		.where(and(eq(organisation.districtId, districtId), regionId ? eq(organisation.regionId, regionId) : undefined))
		.orderBy(asc(organisation.name));
}

export async function orgBySlug(db: DbOrTx, slug: string): Promise<OrgRow | null> {
	const [r] = await db.select(orgColumns).from(organisation).leftJoin(region, eq(region.id, organisation.regionId)).where(eq(organisation.slug, slug));
	return r ?? null;
}

export async function orgById(db: DbOrTx, id: string): Promise<OrgRow | null> {
	const [r] = await db.select(orgColumns).from(organisation).leftJoin(region, eq(region.id, organisation.regionId)).where(eq(organisation.id, id));
	return r ?? null;
}

/** Ideas handed in for the organisation that the public may see (not drafts, unconfirmed, withdrawn or merged). */
export async function orgIdeas(db: DbOrTx, orgId: string) {
	return db
		.select({ id: proposal.id, title: proposal.title, status: proposal.status, year: round.year })
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.where(and(eq(proposal.organisationId, orgId), sql`${proposal.status} NOT IN ('draft', 'unconfirmed', 'withdrawn', 'merged')`))
		.orderBy(desc(round.year), asc(proposal.title));
}

export async function memberCounts(db: DbOrTx, orgIds: string[]): Promise<Map<string, number>> {
	if (orgIds.length === 0) return new Map();
	const rows = await db
		.select({ id: organisationMember.organisationId, n: sql<number>`count(*)::int` })
		.from(organisationMember)
		.where(and(inArray(organisationMember.organisationId, orgIds), isNotNull(organisationMember.acceptedAt)))
		.groupBy(organisationMember.organisationId);
	return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export async function membership(db: DbOrTx, orgId: string, userId: string) {
	const [m] = await db
		.select({ role: organisationMember.role, acceptedAt: organisationMember.acceptedAt })
		.from(organisationMember)
		.where(and(eq(organisationMember.organisationId, orgId), eq(organisationMember.userId, userId)));
	return m ? { role: m.role as 'admin' | 'member', accepted: m.acceptedAt !== null } : null;
}

/** The person's memberships, requested or accepted. */
export async function myMemberships(db: DbOrTx, userId: string) {
	return db
		.select({ ...orgColumns, role: organisationMember.role, acceptedAt: organisationMember.acceptedAt })
		.from(organisationMember)
		.innerJoin(organisation, eq(organisation.id, organisationMember.organisationId))
		.leftJoin(region, eq(region.id, organisation.regionId))
		.where(eq(organisationMember.userId, userId))
		.orderBy(asc(organisation.name));
}

/** Open join requests of the organisations the person administers (accepted admin). */
export async function requestsFor(db: DbOrTx, orgIds: string[]) {
	if (orgIds.length === 0) return [];
	return db
		.select({ orgId: organisationMember.organisationId, userId: organisationMember.userId, pseudonym: user.pseudonym, requestedAt: organisationMember.requestedAt })
		.from(organisationMember)
		.innerJoin(user, eq(user.id, organisationMember.userId))
		.where(and(inArray(organisationMember.organisationId, orgIds), isNull(organisationMember.acceptedAt)))
		.orderBy(asc(organisationMember.requestedAt));
}

export async function acceptedMembers(db: DbOrTx, orgId: string) {
	return db
		.select({ userId: organisationMember.userId, pseudonym: user.pseudonym, role: organisationMember.role })
		.from(organisationMember)
		.innerJoin(user, eq(user.id, organisationMember.userId))
		.where(and(eq(organisationMember.organisationId, orgId), isNotNull(organisationMember.acceptedAt)))
		.orderBy(desc(organisationMember.role), asc(user.pseudonym));
}

/** Where an organisation's mail goes: its accepted admins' account addresses and its contact address. */
export async function orgRecipients(db: DbOrTx, orgId: string): Promise<string[]> {
	const admins = await db
		.select({ email: user.email })
		.from(organisationMember)
		.innerJoin(user, eq(user.id, organisationMember.userId))
		.where(and(eq(organisationMember.organisationId, orgId), eq(organisationMember.role, 'admin'), isNotNull(organisationMember.acceptedAt)));
	const [o] = await db.select({ contactEmail: organisation.contactEmail }).from(organisation).where(eq(organisation.id, orgId));
	return [...new Set([...admins.map((a) => a.email), ...(o?.contactEmail ? [o.contactEmail] : [])])];
}

export async function slugsLike(db: DbOrTx, base: string): Promise<Set<string>> {
	const rows = await db.select({ slug: organisation.slug }).from(organisation).where(like(organisation.slug, `${base}%`));
	return new Set(rows.map((r) => r.slug));
}

export type NewOrg = {
	slug: string;
	name: string;
	kind: string;
	description: string;
	districtId: string;
	regionId: string | null;
	website: string | null;
	contactEmail: string | null;
};

/**
 * Creates the organisation with its creator as first member and admin. Returns null when the slug was taken
 * meanwhile (the unique index decides; the caller picks another).
 */
export async function insertOrg(db: DbOrTx, o: NewOrg, creatorId: string | null, at: Date): Promise<string | null> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(organisation)
			.values({ ...o, createdBy: creatorId, createdAt: at })
			.onConflictDoNothing({ target: organisation.slug })
			.returning({ id: organisation.id });
		if (!row) return null;
		if (creatorId) await tx.insert(organisationMember).values({ organisationId: row.id, userId: creatorId, role: 'admin', requestedAt: at, acceptedAt: at, acceptedBy: creatorId });
		await appendEvent(tx, { type: 'organisation.created', actorId: creatorId, subject: { type: 'organisation', id: row.id }, districtId: o.districtId, payload: { slug: o.slug, regionId: o.regionId } }, at);
		return row.id;
	});
}

/**
 * A join request. The primary key (organisation, person) makes concurrent requests of one person end in one
 * row; only the request that inserted it writes the event and mails the admins.
 */
export async function insertJoinRequest(db: DbOrTx, org: OrgRow, userId: string, mail: (to: string) => Mail, at: Date): Promise<'requested' | 'exists'> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(organisationMember)
			.values({ organisationId: org.id, userId, role: 'member', requestedAt: at })
			.onConflictDoNothing()
			.returning({ userId: organisationMember.userId });
		if (!row) return 'exists';
		await appendEvent(tx, { type: 'organisation.join_requested', actorId: userId, subject: { type: 'organisation', id: org.id }, districtId: org.districtId, payload: { userId } }, at);
		for (const to of await orgRecipients(tx, org.id)) await enqueueOutbox(tx, { kind: 'mail', payload: mail(to) }, at);
		return 'requested';
	});
}

/** Accepts or declines an open request; false when there was none (already decided, or never asked). */
export async function decideRequest(db: DbOrTx, org: OrgRow, userId: string, accept: boolean, actorId: string, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const open = and(eq(organisationMember.organisationId, org.id), eq(organisationMember.userId, userId), isNull(organisationMember.acceptedAt));
		const rows = accept
			? await tx.update(organisationMember).set({ acceptedAt: at, acceptedBy: actorId }).where(open).returning({ userId: organisationMember.userId })
			: await tx.delete(organisationMember).where(open).returning({ userId: organisationMember.userId });
		if (rows.length === 0) return false;
		await appendEvent(
			tx,
			{ type: accept ? 'organisation.member_accepted' : 'organisation.member_declined', actorId, subject: { type: 'organisation', id: org.id }, districtId: org.districtId, payload: { userId } },
			at
		);
		return true;
	});
}

export async function setVerification(db: DbOrTx, org: OrgRow, verified: boolean, note: string, actorId: string, at: Date): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.update(organisation)
			.set(verified ? { verifiedAt: at, verifiedBy: actorId, verificationNote: note } : { verifiedAt: null, verifiedBy: null, verificationNote: note })
			.where(eq(organisation.id, org.id));
		await appendEvent(tx, { type: verified ? 'organisation.verified' : 'organisation.unverified', actorId, subject: { type: 'organisation', id: org.id }, districtId: org.districtId, payload: { note } }, at);
	});
}

/** Queues the contact form's mail to each recipient; the message itself stays out of the audit log. */
export async function queueContact(db: DbOrTx, org: OrgRow, mails: Mail[], actorId: string | null, at: Date): Promise<void> {
	await db.transaction(async (tx) => {
		for (const m of mails) await enqueueOutbox(tx, { kind: 'mail', payload: m }, at);
		await appendEvent(tx, { type: 'organisation.contacted', actorId, subject: { type: 'organisation', id: org.id }, districtId: org.districtId, payload: {} }, at);
	});
}

/** Staff's list: every organisation of the district with who verified it. */
export async function adminOrgs(db: DbOrTx, districtId: string) {
	return db
		.select({ ...orgColumns, verifiedByName: user.pseudonym })
		.from(organisation)
		.leftJoin(region, eq(region.id, organisation.regionId))
		.leftJoin(user, eq(user.id, organisation.verifiedBy))
		.where(eq(organisation.districtId, districtId))
		.orderBy(sql`${organisation.verifiedAt} IS NOT NULL`, asc(organisation.name));
}

/** Seed: an organisation by slug, or null. */
export async function orgIdBySlug(db: DbOrTx, slug: string): Promise<string | null> {
	const [r] = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.slug, slug));
	return r?.id ?? null;
}

export async function seedVerify(db: DbOrTx, orgId: string, note: string, at: Date): Promise<void> {
	await db.update(organisation).set({ verifiedAt: at, verificationNote: note }).where(and(eq(organisation.id, orgId), isNull(organisation.verifiedAt)));
}

/** The organisation's editable profile, with the contact address that is never shown publicly. */
export async function orgForEdit(db: DbOrTx, orgId: string) {
	const [r] = await db
		.select({ name: organisation.name, kind: organisation.kind, description: organisation.description, regionId: organisation.regionId, website: organisation.website, contactEmail: organisation.contactEmail })
		.from(organisation)
		.where(eq(organisation.id, orgId));
	return r ?? null;
}

export type OrgProfile = { name: string; kind: string; description: string; regionId: string | null; website: string | null; contactEmail: string | null };

/**
 * An admin changes the profile. The address (slug) stays, so links and follows keep working; the event
 * names the fields that changed (not their contents: the description is the organisation's own text, and
 * the contact address is never public).
 */
export async function updateOrg(db: DbOrTx, org: OrgRow, p: OrgProfile, actorId: string, at: Date): Promise<string[]> {
	return db.transaction(async (tx) => {
		const before = await orgForEdit(tx, org.id);
		if (!before) return [];
		const changed = (Object.keys(p) as (keyof OrgProfile)[]).filter((k) => (before[k] ?? null) !== (p[k] ?? null));
		if (changed.length === 0) return [];
		await tx.update(organisation).set(p).where(eq(organisation.id, org.id));
		await appendEvent(tx, { type: 'organisation.updated', actorId, subject: { type: 'organisation', id: org.id }, districtId: org.districtId, payload: { fields: changed } }, at);
		return changed;
	});
}

export type MemberChangeOutcome = 'ok' | 'not_member' | 'not_allowed' | 'last_admin' | 'already';

/**
 * Changes one membership (leave, role, removal) under the organisation's row lock, so two admins who take
 * away each other's role at the same moment cannot leave the organisation without one: the second sees the
 * first's change and is refused. `decide` is the pure rule (core/orgs mayChangeMember).
 */
export async function changeMember(
	db: DbOrTx,
	org: OrgRow,
	r: { actorId: string; userId: string; change: 'leave' | 'make_admin' | 'make_member' | 'remove' },
	decide: (actor: Membership, target: Membership, otherAdmins: number) => MemberChangeOutcome,
	at: Date
): Promise<MemberChangeOutcome> {
	return db.transaction(async (tx) => {
		await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, org.id)).for('update');
		const rows = await tx
			.select({ userId: organisationMember.userId, role: organisationMember.role, acceptedAt: organisationMember.acceptedAt })
			.from(organisationMember)
			.where(eq(organisationMember.organisationId, org.id));
		const of = (userId: string): Membership => {
			const m = rows.find((x) => x.userId === userId);
			return m ? { role: m.role as 'admin' | 'member', accepted: m.acceptedAt !== null } : null;
		};
		const otherAdmins = rows.filter((x) => x.userId !== r.userId && x.role === 'admin' && x.acceptedAt !== null).length;
		const target = of(r.userId);
		const outcome = decide(of(r.actorId), target, otherAdmins);
		if (outcome !== 'ok') return outcome;
		const key = and(eq(organisationMember.organisationId, org.id), eq(organisationMember.userId, r.userId));
		if (r.change === 'leave' || r.change === 'remove') await tx.delete(organisationMember).where(key);
		else await tx.update(organisationMember).set({ role: r.change === 'make_admin' ? 'admin' : 'member' }).where(key);
		const base = { actorId: r.actorId, subject: { type: 'organisation' as const, id: org.id }, districtId: org.districtId };
		const wasRequest = !target?.accepted;
		if (r.change === 'leave') await appendEvent(tx, { ...base, type: 'organisation.member_left', payload: { userId: r.userId, wasRequest } }, at);
		else if (r.change === 'remove') await appendEvent(tx, { ...base, type: 'organisation.member_removed', payload: { userId: r.userId, wasRequest } }, at);
		else await appendEvent(tx, { ...base, type: 'organisation.role_changed', payload: { userId: r.userId, role: r.change === 'make_admin' ? 'admin' : 'member', wasRequest } }, at);
		return 'ok';
	});
}

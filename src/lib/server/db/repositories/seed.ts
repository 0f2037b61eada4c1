/**
 * Idempotent writes for the seed use case: every insert either skips an existing row (unique keys) or is
 * guarded by a lookup, so `kiezbudget seed --demo` can run on every start.
 */
import { and, eq } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { Role } from '../../../core/access/policy.ts';
import type { DbOrTx } from '../client.ts';
import { appendEvent } from './events.ts';
import { account, costItem, district, populationSnapshot, programme, proposal, proposalStatus, region, roleAssignment, round, roundPhase, user } from '../schema/index.ts';

export async function upsertDistrict(db: DbOrTx, d: { id: string; slug: string; name: string }): Promise<boolean> {
	const rows = await db.insert(district).values(d).onConflictDoNothing().returning({ id: district.id });
	return rows.length > 0;
}

export async function upsertRegion(
	db: DbOrTx,
	r: { id: string; districtId: string; slug: string; lorName: string; name: string; geometry: { type: 'Polygon'; coordinates: number[][][] } | null; areaM2: number | null }
): Promise<void> {
	await db.insert(region).values(r).onConflictDoNothing();
}

export async function upsertPopulation(db: DbOrTx, p: { regionId: string; asOf: string; residents: number; groups: Record<string, number>; source: string }): Promise<void> {
	await db.insert(populationSnapshot).values(p).onConflictDoNothing();
}

export async function ensureProgramme(
	db: DbOrTx,
	p: { districtId: string; slug: string; template: string; name: string; rules: ProgrammeRules },
	at: Date
): Promise<string> {
	const [existing] = await db
		.select({ id: programme.id })
		.from(programme)
		.where(and(eq(programme.districtId, p.districtId), eq(programme.slug, p.slug)));
	if (existing) return existing.id;
	const [row] = await db.insert(programme).values({ ...p, createdAt: at }).returning({ id: programme.id });
	await appendEvent(db, { type: 'programme.created', actorId: null, subject: { type: 'programme', id: row!.id }, districtId: p.districtId, payload: { template: p.template, name: p.name } }, at);
	return row!.id;
}

export async function ensureRound(
	db: DbOrTx,
	r: { programmeId: string; regionId: string | null; districtId: string; year: number; slug: string; budgetCents: number; phases: { key: string; startsAt: string; endsAt: string | null }[] },
	at: Date
): Promise<{ id: string; created: boolean }> {
	const [existing] = await db.select({ id: round.id }).from(round).where(eq(round.slug, r.slug));
	if (existing) return { id: existing.id, created: false };
	const [row] = await db
		.insert(round)
		.values({ programmeId: r.programmeId, regionId: r.regionId, year: r.year, slug: r.slug, budgetCents: r.budgetCents, createdAt: at })
		.returning({ id: round.id });
	const id = row!.id;
	await db.insert(roundPhase).values(
		r.phases.map((p, i) => ({ roundId: id, key: p.key, position: i, startsAt: new Date(p.startsAt), endsAt: p.endsAt ? new Date(p.endsAt) : null }))
	);
	await appendEvent(db, { type: 'round.created', actorId: null, subject: { type: 'round', id }, districtId: r.districtId, payload: { year: r.year, budgetCents: r.budgetCents, regionId: r.regionId } }, at);
	return { id, created: true };
}

export async function ensureProposal(
	db: DbOrTx,
	p: {
		roundId: string;
		districtId: string;
		title: string;
		description: string;
		benefit: string | null;
		channel: string;
		requestedCents: number | null;
		sourceUrl: string | null;
		costItems: { category: string; description: string; amountCents: number }[];
		history: { status: string; at: Date }[];
	}
): Promise<boolean> {
	const [existing] = await db
		.select({ id: proposal.id })
		.from(proposal)
		.where(and(eq(proposal.roundId, p.roundId), eq(proposal.title, p.title)));
	if (existing) return false;
	const last = p.history[p.history.length - 1]!;
	const first = p.history[0]!;
	const [row] = await db
		.insert(proposal)
		.values({
			roundId: p.roundId,
			title: p.title,
			description: p.description,
			benefit: p.benefit,
			channel: p.channel,
			status: last.status,
			requestedCents: p.requestedCents,
			sourceUrl: p.sourceUrl,
			submittedAt: first.at,
			confirmedAt: first.at,
			createdAt: first.at,
			updatedAt: last.at
		})
		.returning({ id: proposal.id });
	const id = row!.id;
	if (p.costItems.length > 0) await db.insert(costItem).values(p.costItems.map((c, i) => ({ ...c, proposalId: id, position: i })));
	let prev: string | null = null;
	for (const h of p.history) {
		await db.insert(proposalStatus).values({ proposalId: id, status: h.status, at: h.at });
		await appendEvent(
			db,
			prev === null
				? { type: 'proposal.submitted', actorId: null, subject: { type: 'proposal', id }, districtId: p.districtId, payload: { channel: p.channel, requestedCents: p.requestedCents ?? 0, assisted: true } }
				: { type: 'proposal.status_changed', actorId: null, subject: { type: 'proposal', id }, districtId: p.districtId, payload: { from: prev, to: h.status, note: null } },
			h.at
		);
		prev = h.status;
	}
	return true;
}

/** A verified account with a password (better-auth's credential account) and its role grants. */
export async function ensureUserWithPassword(
	db: DbOrTx,
	u: { id: string; email: string; pseudonym: string; passwordHash: string; grants: { role: Role; scopeKind: string; scopeId: string }[] },
	at: Date
): Promise<boolean> {
	const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, u.email));
	const userId = existing?.id ?? u.id;
	if (!existing) {
		await db.insert(user).values({ id: u.id, name: u.pseudonym, email: u.email, emailVerified: true, pseudonym: u.pseudonym, createdAt: at, updatedAt: at });
		await db.insert(account).values({ id: `${u.id}-credential`, accountId: u.id, providerId: 'credential', userId: u.id, password: u.passwordHash, createdAt: at, updatedAt: at });
		await appendEvent(db, { type: 'user.created', actorId: null, subject: { type: 'user', id: u.id }, districtId: null, payload: { by: 'seed' } }, at);
	}
	for (const g of u.grants) {
		const rows = await db
			.insert(roleAssignment)
			.values({ userId, role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId, createdAt: at })
			.onConflictDoNothing()
			.returning({ id: roleAssignment.id });
		if (rows.length > 0) {
			await appendEvent(
				db,
				{ type: 'role.granted', actorId: null, subject: { type: 'user', id: userId }, districtId: g.scopeKind === 'district' ? g.scopeId : null, payload: { role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId } },
				at
			);
		}
	}
	return !existing;
}

export async function findUserIdByEmail(db: DbOrTx, email: string): Promise<string | null> {
	const [row] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
	return row?.id ?? null;
}

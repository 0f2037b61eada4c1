// Writes of ideas (issue 4): one transaction per submission, with cost items, the first status and the
// domain event (house rule 7), serialised per applicant and round so a double click cannot file it twice.
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { PolygonRings } from '../../../core/proposal/geo.ts';
import type { Db, DbOrTx, Tx } from '../client.ts';
import { costItem, emailToken, organisation, organisationMember, programme, proposal, proposalFile, proposalStatus, region, round, roundPhase } from '../schema/index.ts';
import { appendEvent } from './events.ts';
import { enqueueOutbox } from './outbox.ts';

export type RoundForSubmission = {
	id: string;
	slug: string;
	title: string;
	districtId: string;
	regionId: string | null;
	budgetCents: number;
	rules: ProgrammeRules;
	phases: { key: string; startsAt: string; endsAt: string | null }[];
};

export async function roundForSubmission(db: Db, slug: string): Promise<RoundForSubmission | null> {
	const [r] = await db
		.select({ id: round.id, slug: round.slug, year: round.year, budgetCents: round.budgetCents, districtId: programme.districtId, regionId: round.regionId, rules: programme.rules, programmeName: programme.name })
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(eq(round.slug, slug));
	if (!r) return null;
	const phases = await db.select().from(roundPhase).where(eq(roundPhase.roundId, r.id)).orderBy(asc(roundPhase.position));
	return {
		id: r.id,
		slug: r.slug,
		title: `${r.programmeName} ${r.year}`,
		districtId: r.districtId,
		regionId: r.regionId,
		budgetCents: Number(r.budgetCents),
		rules: r.rules,
		phases: phases.map((p) => ({ key: p.key, startsAt: p.startsAt.toISOString(), endsAt: p.endsAt ? p.endsAt.toISOString() : null }))
	};
}

export async function insertSubmittedIdea(
	db: Db,
	p: {
		roundId: string;
		districtId: string;
		applicantUserId: string;
		title: string;
		description: string;
		benefit: string | null;
		placeDescription: string | null;
		items: { category: string; description: string; amountCents: number }[];
	},
	at: Date
): Promise<{ id: string; created: boolean }> {
	return db.transaction(async (tx) => {
		// One submission at a time per applicant and round (PGlite and PostgreSQL both have advisory locks).
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`idea:${p.applicantUserId}:${p.roundId}`}))`);
		const [same] = await tx
			.select({ id: proposal.id })
			.from(proposal)
			.where(and(eq(proposal.roundId, p.roundId), eq(proposal.applicantUserId, p.applicantUserId), eq(proposal.title, p.title)));
		if (same) return { id: same.id, created: false };
		const requestedCents = p.items.reduce((s, i) => s + i.amountCents, 0);
		const [row] = await tx
			.insert(proposal)
			.values({
				roundId: p.roundId,
				title: p.title,
				description: p.description,
				benefit: p.benefit,
				placeDescription: p.placeDescription,
				channel: 'online',
				status: 'submitted',
				requestedCents,
				applicantUserId: p.applicantUserId,
				submittedAt: at,
				confirmedAt: at,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: proposal.id });
		const id = row!.id;
		await tx.insert(costItem).values(p.items.map((c, i) => ({ ...c, proposalId: id, position: i })));
		await tx.insert(proposalStatus).values({ proposalId: id, status: 'submitted', at, actorId: p.applicantUserId });
		await appendEvent(
			tx,
			{ type: 'proposal.submitted', actorId: p.applicantUserId, subject: { type: 'proposal', id }, districtId: p.districtId, payload: { channel: 'online', requestedCents, assisted: false } },
			at
		);
		return { id, created: true };
	});
}

// ---------------------------------------------------------------------------------------------------
// Drafts, editing, withdrawal, submissions without an account and images (issue 4, "Residents").

/**
 * The area a round's ideas must lie in: its region's LOR polygon, or all regions of the district for a
 * district-wide round (Bürgerhaushalt).
 */
export async function roundArea(db: DbOrTx, r: { regionId: string | null; districtId: string }): Promise<PolygonRings[]> {
	const rows = await db
		.select({ geometry: region.geometry })
		.from(region)
		.where(r.regionId ? eq(region.id, r.regionId) : eq(region.districtId, r.districtId))
		.orderBy(asc(region.id));
	return rows.flatMap((g) => (g.geometry?.type === 'Polygon' ? [g.geometry.coordinates as unknown as PolygonRings] : []));
}

/**
 * Organisations the user may propose for: accepted member of a staff-verified organisation (issue 8; the rule
 * is core/orgs mayActFor, repeated here as a query so the form lists only these and the server refuses others).
 */
export async function userOrganisations(db: DbOrTx, userId: string): Promise<{ id: string; name: string }[]> {
	return db
		.select({ id: organisation.id, name: organisation.name })
		.from(organisationMember)
		.innerJoin(organisation, eq(organisation.id, organisationMember.organisationId))
		.where(and(eq(organisationMember.userId, userId), isNotNull(organisationMember.acceptedAt), isNotNull(organisation.verifiedAt)))
		.orderBy(asc(organisation.name));
}

export type NewImage = { bytes: Uint8Array; mime: string; width: number; height: number; sha256: string; alt: string };

export type IdeaFields = {
	title: string;
	description: string;
	benefit: string | null;
	placeDescription: string | null;
	items: { category: string; description: string; amountCents: number }[];
	organisationId: string | null;
	location: { type: 'Point'; coordinates: [number, number] } | null;
};

/** The one-time link of a submission without an account: only the hash is stored; the mail holds the token. */
export type ConfirmationMail = { tokenHash: string; expiresAt: Date; mail: { to: string; subject: string; text: string } };

async function insertImages(tx: Tx, proposalId: string, images: NewImage[], firstPosition: number, by: string | null, at: Date) {
	if (images.length === 0) return;
	await tx.insert(proposalFile).values(
		images.map((im, i) => ({
			proposalId,
			kind: 'image',
			position: firstPosition + i,
			mime: im.mime,
			width: im.width,
			height: im.height,
			sizeBytes: im.bytes.byteLength,
			sha256: im.sha256,
			alt: im.alt,
			bytes: im.bytes,
			createdBy: by,
			createdAt: at
		}))
	);
}

const requested = (items: IdeaFields['items']) => (items.length ? items.reduce((s, i) => s + i.amountCents, 0) : null);

/**
 * Stores a new idea as a draft, submitted, or — without an account — unconfirmed with its one-time link
 * and mail (outbox, same transaction: house rule 7). Serialised per applicant (or address) and round; the
 * same title twice (a double click) files it once.
 */
export async function insertIdea(
	db: Db,
	p: IdeaFields & {
		roundId: string;
		districtId: string;
		status: 'draft' | 'submitted' | 'unconfirmed';
		applicantUserId: string | null;
		contactEmail: string | null;
		images: NewImage[];
		confirmation: ConfirmationMail | null;
		/** Refuses when the address already asked for this many links since the given time (rate limit by address). */
		addressLimit?: { since: Date; max: number };
	},
	at: Date
): Promise<{ kind: 'ok'; id: string; created: boolean } | { kind: 'rate_limited' }> {
	return db.transaction(async (tx) => {
		const who = p.applicantUserId ?? `mail:${p.contactEmail}`;
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`idea:${who}:${p.roundId}`}))`);
		const [same] = await tx
			.select({ id: proposal.id })
			.from(proposal)
			.where(
				and(
					eq(proposal.roundId, p.roundId),
					p.applicantUserId ? eq(proposal.applicantUserId, p.applicantUserId) : and(isNull(proposal.applicantUserId), eq(proposal.contactEmail, p.contactEmail ?? '')),
					eq(proposal.title, p.title),
					sql`${proposal.status} <> 'withdrawn'`
				)
			);
		if (same) return { kind: 'ok' as const, id: same.id, created: false };
		if (p.addressLimit && p.contactEmail) {
			const [n] = await tx
				.select({ n: sql<number>`count(*)::int` })
				.from(emailToken)
				.where(and(eq(emailToken.email, p.contactEmail), gt(emailToken.createdAt, p.addressLimit.since)));
			if ((n?.n ?? 0) >= p.addressLimit.max) return { kind: 'rate_limited' as const };
		}
		const requestedCents = requested(p.items);
		const submitted = p.status === 'submitted';
		const [row] = await tx
			.insert(proposal)
			.values({
				roundId: p.roundId,
				title: p.title,
				description: p.description,
				benefit: p.benefit,
				placeDescription: p.placeDescription,
				location: p.location,
				channel: 'online',
				status: p.status,
				requestedCents,
				applicantUserId: p.applicantUserId,
				organisationId: p.organisationId,
				contactEmail: p.contactEmail,
				submittedAt: submitted ? at : null,
				confirmedAt: submitted ? at : null,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: proposal.id });
		const id = row!.id;
		if (p.items.length) await tx.insert(costItem).values(p.items.map((c, i) => ({ ...c, proposalId: id, position: i })));
		await insertImages(tx, id, p.images, 0, p.applicantUserId, at);
		const subject = { type: 'proposal' as const, id };
		if (submitted) {
			await tx.insert(proposalStatus).values({ proposalId: id, status: 'submitted', at, actorId: p.applicantUserId });
			await appendEvent(tx, { type: 'proposal.submitted', actorId: p.applicantUserId, subject, districtId: p.districtId, payload: { channel: 'online', requestedCents: requestedCents ?? 0, assisted: false } }, at);
		} else {
			await appendEvent(tx, { type: 'proposal.drafted', actorId: p.applicantUserId, subject, districtId: p.districtId, payload: { channel: 'online', status: p.status as 'draft' | 'unconfirmed', organisationId: p.organisationId } }, at);
		}
		if (p.confirmation && p.contactEmail) {
			await tx.insert(emailToken).values({ tokenHash: p.confirmation.tokenHash, purpose: 'idea_confirm', email: p.contactEmail, proposalId: id, expiresAt: p.confirmation.expiresAt, createdAt: at });
			await enqueueOutbox(tx, { kind: 'mail', payload: p.confirmation.mail }, at);
		}
		return { kind: 'ok' as const, id, created: true };
	});
}

export type OwnIdea = IdeaFields & {
	id: string;
	roundId: string;
	roundSlug: string;
	status: string;
	applicantUserId: string | null;
	submittedAt: string | null;
	updatedAt: string;
	images: { id: string; alt: string; width: number | null; height: number | null }[];
};

export async function ideaForOwner(db: DbOrTx, id: string): Promise<OwnIdea | null> {
	const [p] = await db
		.select({
			id: proposal.id,
			roundId: proposal.roundId,
			roundSlug: round.slug,
			title: proposal.title,
			description: proposal.description,
			benefit: proposal.benefit,
			placeDescription: proposal.placeDescription,
			location: proposal.location,
			organisationId: proposal.organisationId,
			status: proposal.status,
			applicantUserId: proposal.applicantUserId,
			submittedAt: proposal.submittedAt,
			updatedAt: proposal.updatedAt
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.where(eq(proposal.id, id));
	if (!p) return null;
	const [items, images] = await Promise.all([
		db.select().from(costItem).where(eq(costItem.proposalId, id)).orderBy(asc(costItem.position)),
		imageList(db, id)
	]);
	return {
		...p,
		location: p.location ?? null,
		submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null,
		updatedAt: p.updatedAt.toISOString(),
		items: items.map((c) => ({ category: c.category, description: c.description, amountCents: Number(c.amountCents) })),
		images
	};
}

/** Images of an idea in order, without their bytes. */
export async function imageList(db: DbOrTx, proposalId: string) {
	const rows = await db
		.select({ id: proposalFile.id, alt: proposalFile.alt, width: proposalFile.width, height: proposalFile.height })
		.from(proposalFile)
		.where(and(eq(proposalFile.proposalId, proposalId), eq(proposalFile.kind, 'image')))
		.orderBy(asc(proposalFile.position), asc(proposalFile.createdAt));
	return rows.map((r) => ({ ...r, alt: r.alt ?? '' }));
}

/**
 * Saves the proposer's changes (and, with `submit`, hands a draft in). Cost items are replaced as a whole;
 * images are added and removed; the image count is checked again under the lock so two concurrent edits
 * cannot exceed it. Only rows still in an editable status change (the use case checked, this re-checks).
 */
export async function updateIdea(
	db: Db,
	p: IdeaFields & {
		id: string;
		districtId: string;
		actorId: string;
		editable: readonly string[];
		submit: boolean;
		addImages: NewImage[];
		removeImages: string[];
		maxImages: number;
	},
	at: Date
): Promise<{ kind: 'ok' } | { kind: 'not_editable' } | { kind: 'too_many_images' }> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`proposal:${p.id}`}))`);
		// The row lock orders this edit with a concurrent withdrawal (withdrawIdea locks the same row), so an
		// edit can never write an old status back over 'withdrawn'.
		const [cur] = await tx.select().from(proposal).where(eq(proposal.id, p.id)).for('update');
		if (!cur || !p.editable.includes(cur.status) || (p.submit && cur.status !== 'draft')) return { kind: 'not_editable' as const };
		if (p.removeImages.length) {
			await tx.delete(proposalFile).where(and(eq(proposalFile.proposalId, p.id), eq(proposalFile.kind, 'image'), inArray(proposalFile.id, p.removeImages)));
		}
		const left = await tx
			.select({ position: proposalFile.position })
			.from(proposalFile)
			.where(and(eq(proposalFile.proposalId, p.id), eq(proposalFile.kind, 'image')));
		// Throwing rolls the removal back too: nothing changes unless everything fits.
		if (left.length + p.addImages.length > p.maxImages) throw new TooManyImages();
		await insertImages(tx, p.id, p.addImages, left.reduce((m, r) => Math.max(m, r.position + 1), 0), p.actorId, at);
		const changed: string[] = (['title', 'description', 'benefit', 'placeDescription', 'organisationId'] as const).filter((k) => cur[k] !== p[k]);
		if (JSON.stringify(cur.location ?? null) !== JSON.stringify(p.location)) changed.push('location');
		const requestedCents = requested(p.items);
		if (Number(cur.requestedCents ?? -1) !== (requestedCents ?? -1)) changed.push('items');
		const status = p.submit ? 'submitted' : cur.status;
		await tx
			.update(proposal)
			.set({
				title: p.title,
				description: p.description,
				benefit: p.benefit,
				placeDescription: p.placeDescription,
				location: p.location,
				organisationId: p.organisationId,
				requestedCents,
				status,
				...(p.submit ? { submittedAt: at, confirmedAt: at } : {}),
				updatedAt: at
			})
			.where(eq(proposal.id, p.id));
		await tx.delete(costItem).where(eq(costItem.proposalId, p.id));
		if (p.items.length) await tx.insert(costItem).values(p.items.map((c, i) => ({ ...c, proposalId: p.id, position: i })));
		const subject = { type: 'proposal' as const, id: p.id };
		await appendEvent(tx, { type: 'proposal.edited', actorId: p.actorId, subject, districtId: p.districtId, payload: { fields: changed, imagesAdded: p.addImages.length, imagesRemoved: p.removeImages.length } }, at);
		if (p.submit) {
			await tx.insert(proposalStatus).values({ proposalId: p.id, status: 'submitted', at, actorId: p.actorId });
			await appendEvent(tx, { type: 'proposal.submitted', actorId: p.actorId, subject, districtId: p.districtId, payload: { channel: 'online', requestedCents: requestedCents ?? 0, assisted: false } }, at);
		}
		return { kind: 'ok' as const };
	}).catch((e: unknown) => {
		if (e instanceof TooManyImages) return { kind: 'too_many_images' as const };
		throw e;
	});
}

class TooManyImages extends Error {}

/** Withdraws an idea with its status row and event; a second withdrawal changes nothing. */
export async function withdrawIdea(db: Db, p: { id: string; districtId: string; actorId: string; from: readonly string[] }, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [row] = await tx.select({ from: proposal.status }).from(proposal).where(eq(proposal.id, p.id)).for('update');
		if (!row || !p.from.includes(row.from)) return false;
		await tx.update(proposal).set({ status: 'withdrawn', updatedAt: at }).where(eq(proposal.id, p.id));
		await tx.insert(proposalStatus).values({ proposalId: p.id, status: 'withdrawn', at, actorId: p.actorId });
		await appendEvent(tx, { type: 'proposal.status_changed', actorId: p.actorId, subject: { type: 'proposal', id: p.id }, districtId: p.districtId, payload: { from: row.from, to: 'withdrawn', note: null } }, at);
		return true;
	});
}

/**
 * Uses a one-time link: the conditional UPDATE marks the token used and returns its idea only for the first
 * caller before expiry, so two clicks (or two tabs) confirm exactly once.
 */
export async function confirmByToken(db: Db, tokenHash: string, at: Date): Promise<{ kind: 'confirmed'; id: string } | { kind: 'invalid' }> {
	return db.transaction(async (tx) => {
		const [t] = await tx
			.update(emailToken)
			.set({ usedAt: at })
			.where(and(eq(emailToken.tokenHash, tokenHash), eq(emailToken.purpose, 'idea_confirm'), isNull(emailToken.usedAt), gt(emailToken.expiresAt, at)))
			.returning({ proposalId: emailToken.proposalId });
		if (!t?.proposalId) return { kind: 'invalid' as const };
		const [p] = await tx
			.update(proposal)
			.set({ status: 'submitted', confirmedAt: at, submittedAt: at, updatedAt: at })
			.where(and(eq(proposal.id, t.proposalId), eq(proposal.status, 'unconfirmed')))
			.returning({ id: proposal.id, requestedCents: proposal.requestedCents, roundId: proposal.roundId });
		if (!p) return { kind: 'invalid' as const };
		const [d] = await tx.select({ districtId: programme.districtId }).from(round).innerJoin(programme, eq(programme.id, round.programmeId)).where(eq(round.id, p.roundId));
		const subject = { type: 'proposal' as const, id: p.id };
		await tx.insert(proposalStatus).values({ proposalId: p.id, status: 'submitted', at, actorId: null });
		await appendEvent(tx, { type: 'proposal.status_changed', actorId: null, subject, districtId: d?.districtId ?? null, payload: { from: 'unconfirmed', to: 'submitted', note: null } }, at);
		await appendEvent(tx, { type: 'proposal.submitted', actorId: null, subject, districtId: d?.districtId ?? null, payload: { channel: 'online', requestedCents: Number(p.requestedCents ?? 0), assisted: false } }, at);
		return { kind: 'confirmed' as const, id: p.id };
	});
}

/** The proposer's own ideas, newest first, with their round. */
export async function ideasOfUser(db: DbOrTx, userId: string) {
	const rows = await db
		.select({
			id: proposal.id,
			title: proposal.title,
			status: proposal.status,
			requestedCents: proposal.requestedCents,
			updatedAt: proposal.updatedAt,
			roundId: round.id,
			roundSlug: round.slug,
			year: round.year,
			programmeName: programme.name,
			regionName: region.name
		})
		.from(proposal)
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(eq(proposal.applicantUserId, userId))
		.orderBy(desc(proposal.updatedAt));
	return rows.map((r) => ({ ...r, requestedCents: r.requestedCents === null ? null : Number(r.requestedCents), updatedAt: r.updatedAt.toISOString() }));
}

/** One stored image with what is needed to decide who may see it. */
export async function imageForServing(db: DbOrTx, proposalId: string, fileId: string) {
	const [r] = await db
		.select({
			bytes: proposalFile.bytes,
			mime: proposalFile.mime,
			sha256: proposalFile.sha256,
			kind: proposalFile.kind,
			status: proposal.status,
			applicantUserId: proposal.applicantUserId,
			districtId: programme.districtId
		})
		.from(proposalFile)
		.innerJoin(proposal, eq(proposal.id, proposalFile.proposalId))
		.innerJoin(round, eq(round.id, proposal.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.where(and(eq(proposalFile.id, fileId), eq(proposalFile.proposalId, proposalId)));
	return r ?? null;
}

/** Status and owner of an idea (for the public image list). */
export async function ideaVisibility(db: DbOrTx, id: string) {
	const [r] = await db.select({ status: proposal.status, applicantUserId: proposal.applicantUserId }).from(proposal).where(eq(proposal.id, id));
	return r ?? null;
}

/**
 * Deletes ideas handed in without an account whose one-time links have all expired unused: the address was
 * never confirmed, so the idea never took part, and its contact data has no purpose left (GDPR Art. 5(1)(c)
 * and (e), data minimisation and storage limitation). Images, cost items and tokens go with it (ON DELETE
 * CASCADE). Each deletion is one audit event without personal data. Rows are locked, so two runs at once
 * delete each idea once.
 */
export async function deleteExpiredUnconfirmed(db: Db, now: Date): Promise<number> {
	return db.transaction(async (tx) => {
		const rows = await tx.execute(sql`
			SELECT p.id, pr.district_id
			FROM ${proposal} p
			JOIN ${round} r ON r.id = p.round_id
			JOIN ${programme} pr ON pr.id = r.programme_id
			WHERE p.status = 'unconfirmed'
				AND NOT EXISTS (SELECT 1 FROM ${emailToken} t WHERE t.proposal_id = p.id AND t.used_at IS NULL AND t.expires_at > ${now})
			FOR UPDATE OF p SKIP LOCKED`);
		const list = (rows as unknown as { rows: { id: string; district_id: string }[] }).rows;
		if (list.length === 0) return 0;
		await tx.delete(proposal).where(inArray(proposal.id, list.map((r) => r.id)));
		for (const r of list)
			await appendEvent(tx, { type: 'proposal.expired', actorId: null, subject: { type: 'proposal', id: r.id }, districtId: r.district_id, payload: { reason: 'unconfirmed' } }, now);
		return list.length;
	});
}

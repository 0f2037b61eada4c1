/**
 * Storage of the public record (issue 8): calendar entries (plus the dated assemblies of the assembly area),
 * documents with their versions and German full-text search, the knowledge base and the mobile-office links.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { assembly, calendarEntry, comment, commentChannel, district, document, documentVersion, knowledgePage, knowledgeText, programme, proposal, proposalStop, region, round } from '../schema/index.ts';
import { appendEvent } from './events.ts';

export type EntryRow = {
	id: string;
	/** 'entry' for calendar_entry rows, 'assembly' for sittings of the assembly area. */
	source: 'entry' | 'assembly';
	kind: string;
	title: string;
	description: string;
	placeName: string;
	address: string;
	lat: number | null;
	lng: number | null;
	startsAt: Date;
	endsAt: Date;
	roundId: string | null;
	roundSlug: string | null;
	regionId: string | null;
	regionName: string | null;
	season: string | null;
	programmeName: string | null;
	year: number | null;
	cancelledAt: Date | null;
	cancelReason: string | null;
	sequence: number;
};

export type EntryFilter = { regionId?: string; roundSlug?: string; from?: Date; to?: Date; kind?: string; id?: string };

/** The district the public pages show: the first by official key, as the public read model does. */
export async function firstDistrict(db: DbOrTx) {
	return db.select({ id: district.id, slug: district.slug, name: district.name }).from(district).orderBy(asc(district.id)).limit(1);
}

export async function districtOf(db: DbOrTx, id: string) {
	const [d] = await db.select().from(district).where(eq(district.id, id));
	return d ?? null;
}

export async function regionsOf(db: DbOrTx, districtId: string) {
	return db.select({ id: region.id, name: region.name }).from(region).where(eq(region.districtId, districtId)).orderBy(asc(region.name));
}

export async function roundsOf(db: DbOrTx, districtId: string) {
	const rows = await db
		.select({ id: round.id, slug: round.slug, year: round.year, regionId: round.regionId, programmeName: programme.name, regionName: region.name })
		.from(round)
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(eq(programme.districtId, districtId))
		.orderBy(desc(round.year), asc(programme.name), asc(region.name));
	return rows;
}

/** Entries of a district, staff-made ones and the dated assembly sittings, ordered by start. */
export async function entries(db: DbOrTx, districtId: string, f: EntryFilter): Promise<EntryRow[]> {
	const conds: SQL[] = [eq(calendarEntry.districtId, districtId)];
	if (f.id) conds.push(eq(calendarEntry.id, f.id));
	if (f.regionId) conds.push(eq(calendarEntry.regionId, f.regionId));
	if (f.roundSlug) conds.push(eq(round.slug, f.roundSlug));
	if (f.kind) conds.push(eq(calendarEntry.kind, f.kind));
	// Overlap with [from, to): the entry ends after "from" and starts before "to".
	if (f.from) conds.push(sql`${calendarEntry.endsAt} > ${f.from.toISOString()}`);
	if (f.to) conds.push(lt(calendarEntry.startsAt, f.to));
	const own = await db
		.select({
			id: calendarEntry.id,
			kind: calendarEntry.kind,
			title: calendarEntry.title,
			description: calendarEntry.description,
			placeName: calendarEntry.placeName,
			address: calendarEntry.address,
			lat: calendarEntry.lat,
			lng: calendarEntry.lng,
			startsAt: calendarEntry.startsAt,
			endsAt: calendarEntry.endsAt,
			roundId: calendarEntry.roundId,
			roundSlug: round.slug,
			regionId: calendarEntry.regionId,
			regionName: region.name,
			season: calendarEntry.season,
			programmeName: programme.name,
			year: round.year,
			cancelledAt: calendarEntry.cancelledAt,
			cancelReason: calendarEntry.cancelReason,
			sequence: calendarEntry.sequence
		})
		.from(calendarEntry)
		.leftJoin(round, eq(round.id, calendarEntry.roundId))
		.leftJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, calendarEntry.regionId))
		.where(and(...conds));
	const rows: EntryRow[] = own.map((r) => ({ ...r, source: 'entry' as const }));
	// Sittings of the assembly area have a date and a place of their own (issue 8: "assemblies from the
	// assembly table if it has a date/place"); they last two hours unless closed earlier or later.
	if ((!f.kind || f.kind === 'assembly') && !f.id) {
		const aConds: SQL[] = [eq(programme.districtId, districtId)];
		if (f.regionId) aConds.push(eq(round.regionId, f.regionId));
		if (f.roundSlug) aConds.push(eq(round.slug, f.roundSlug));
		if (f.from) aConds.push(gte(assembly.heldAt, new Date(f.from.getTime() - 2 * 3600_000)));
		if (f.to) aConds.push(lt(assembly.heldAt, f.to));
		const sittings = await db
			.select({
				id: assembly.id,
				sitting: assembly.sitting,
				heldAt: assembly.heldAt,
				closedAt: assembly.closedAt,
				place: assembly.place,
				roundId: round.id,
				roundSlug: round.slug,
				regionId: round.regionId,
				regionName: region.name,
				programmeName: programme.name,
				year: round.year
			})
			.from(assembly)
			.innerJoin(round, eq(round.id, assembly.roundId))
			.innerJoin(programme, eq(programme.id, round.programmeId))
			.leftJoin(region, eq(region.id, round.regionId))
			.where(and(...aConds));
		for (const s of sittings) {
			const end = s.closedAt && s.closedAt > s.heldAt ? s.closedAt : new Date(s.heldAt.getTime() + 2 * 3600_000);
			rows.push({
				id: s.id,
				source: 'assembly',
				kind: 'assembly',
				title: `${s.programmeName} ${s.regionName ?? ''} ${s.year}`.replace(/\s+/g, ' ').trim(),
				description: '',
				placeName: s.place,
				address: s.place,
				lat: null,
				lng: null,
				startsAt: s.heldAt,
				endsAt: end,
				roundId: s.roundId,
				roundSlug: s.roundSlug,
				regionId: s.regionId,
				regionName: s.regionName,
				season: null,
				programmeName: s.programmeName,
				year: s.year,
				cancelledAt: null,
				cancelReason: null,
				sequence: 0
			});
		}
	}
	return rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : 1));
}

export type EntryInput = {
	kind: string;
	title: string;
	description: string;
	placeName: string;
	address: string;
	lat: number | null;
	lng: number | null;
	startsAt: Date;
	endsAt: Date;
	roundId: string | null;
	regionId: string | null;
	season: string | null;
};

export async function insertEntry(db: DbOrTx, districtId: string, e: EntryInput, actorId: string, at: Date): Promise<string> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(calendarEntry)
			.values({ ...e, districtId, createdBy: actorId, createdAt: at, updatedAt: at })
			.returning({ id: calendarEntry.id });
		await appendEvent(tx, { type: 'record.entry_saved', actorId, subject: { type: 'calendar_entry', id: row!.id }, districtId, payload: { kind: e.kind, created: true } }, at);
		return row!.id;
	});
}

export async function updateEntry(db: DbOrTx, id: string, districtId: string, e: EntryInput, actorId: string, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const r = await tx
			.update(calendarEntry)
			.set({ ...e, updatedAt: at })
			.where(and(eq(calendarEntry.id, id), eq(calendarEntry.districtId, districtId)))
			.returning({ id: calendarEntry.id });
		if (r.length === 0) return false;
		await appendEvent(tx, { type: 'record.entry_saved', actorId, subject: { type: 'calendar_entry', id }, districtId, payload: { kind: e.kind, created: false } }, at);
		return true;
	});
}

/** Entries the demo seed made (no author), so the seed adds its season only once. */
export async function seededEntryCount(db: DbOrTx, districtId: string): Promise<number> {
	const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(calendarEntry).where(and(eq(calendarEntry.districtId, districtId), sql`${calendarEntry.createdBy} IS NULL`));
	return Number(r?.n ?? 0);
}

/** A seeded entry: no author and no audit event (the seed writes its own summary). */
export async function insertSeedEntry(db: DbOrTx, districtId: string, e: Partial<EntryInput> & Pick<EntryInput, 'kind' | 'title' | 'placeName' | 'address' | 'startsAt' | 'endsAt'>, at: Date): Promise<string> {
	const [row] = await db
		.insert(calendarEntry)
		.values({ ...e, districtId, createdAt: at, updatedAt: at })
		.returning({ id: calendarEntry.id });
	return row!.id;
}

export async function entryDistrict(db: DbOrTx, id: string): Promise<string | null> {
	const [r] = await db.select({ districtId: calendarEntry.districtId }).from(calendarEntry).where(eq(calendarEntry.id, id));
	return r?.districtId ?? null;
}

// ── Documents ────────────────────────────────────────────────────────────────────────────────────

export type DocumentFilter = { q?: string; kind?: string; regionId?: string; roundSlug?: string; includeStaff: boolean; calendarEntryId?: string };

const docColumns = {
	id: document.id,
	kind: document.kind,
	title: document.title,
	visibility: document.visibility,
	dated: document.dated,
	currentVersion: document.currentVersion,
	regionId: document.regionId,
	regionName: region.name,
	roundSlug: round.slug,
	roundYear: round.year,
	programmeName: programme.name,
	calendarEntryId: document.calendarEntryId,
	districtId: document.districtId
};

/**
 * German full-text search with `websearch_to_tsquery` (PostgreSQL ≥ 11, PGlite 18): it never fails on
 * user input (unbalanced quotes, stray operators), so a search box cannot produce a 500.
 */
export async function searchDocuments(db: DbOrTx, districtId: string, f: DocumentFilter, limit = 50) {
	const conds: SQL[] = [eq(document.districtId, districtId), sql`${document.currentVersion} > 0`];
	if (!f.includeStaff) conds.push(eq(document.visibility, 'public'));
	if (f.kind) conds.push(eq(document.kind, f.kind));
	if (f.regionId) conds.push(eq(document.regionId, f.regionId));
	if (f.roundSlug) conds.push(eq(round.slug, f.roundSlug));
	if (f.calendarEntryId) conds.push(eq(document.calendarEntryId, f.calendarEntryId));
	const vector = sql`to_tsvector('german', ${document.title} || ' ' || ${document.searchText})`;
	const query = f.q ? sql`websearch_to_tsquery('german', ${f.q})` : null;
	if (query) conds.push(sql`${vector} @@ ${query}`);
	const rows = await db
		.select({
			...docColumns,
			rank: query ? sql<number>`ts_rank(${vector}, ${query})` : sql<number>`0`,
			snippet: query
				? sql<string>`ts_headline('german', ${document.searchText}, ${query}, 'StartSel=«,StopSel=»,MaxWords=30,MinWords=12,MaxFragments=1')`
				: sql<string>`''`
		})
		.from(document)
		.leftJoin(region, eq(region.id, document.regionId))
		.leftJoin(round, eq(round.id, document.roundId))
		.leftJoin(programme, eq(programme.id, round.programmeId))
		.where(and(...conds))
		.orderBy(...(query ? [desc(sql`ts_rank(${vector}, ${query})`)] : []), desc(document.dated), asc(document.title))
		.limit(limit);
	return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

export async function documentById(db: DbOrTx, id: string) {
	const [d] = await db
		.select(docColumns)
		.from(document)
		.leftJoin(region, eq(region.id, document.regionId))
		.leftJoin(round, eq(round.id, document.roundId))
		.leftJoin(programme, eq(programme.id, round.programmeId))
		.where(eq(document.id, id));
	if (!d) return null;
	const versions = await db
		.select({ version: documentVersion.version, fileName: documentVersion.fileName, size: documentVersion.size, sha256: documentVersion.sha256, origin: documentVersion.origin, note: documentVersion.note, createdAt: documentVersion.createdAt })
		.from(documentVersion)
		.where(eq(documentVersion.documentId, id))
		.orderBy(desc(documentVersion.version));
	return { ...d, versions };
}

export async function documentFile(db: DbOrTx, id: string, version: number) {
	const [v] = await db
		.select({ bytes: documentVersion.bytes, mime: documentVersion.mime, fileName: documentVersion.fileName, sha256: documentVersion.sha256 })
		.from(documentVersion)
		.where(and(eq(documentVersion.documentId, id), eq(documentVersion.version, version)));
	return v ?? null;
}

export type DocumentMeta = { kind: string; title: string; visibility: string; roundId: string | null; regionId: string | null; calendarEntryId: string | null; dated: string };
export type VersionInput = { fileName: string; mime: string; bytes: Uint8Array; sha256: string; text: string; origin: 'upload' | 'generated'; note: string | null };

export async function insertDocument(db: DbOrTx, districtId: string, meta: DocumentMeta, v: VersionInput, actorId: string | null, at: Date): Promise<string> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(document)
			.values({ ...meta, districtId, currentVersion: 1, searchText: v.text, createdAt: at, updatedAt: at })
			.returning({ id: document.id });
		const id = row!.id;
		await tx.insert(documentVersion).values({ ...v, size: v.bytes.length, documentId: id, version: 1, createdBy: actorId, createdAt: at });
		await appendEvent(tx, { type: 'record.document_saved', actorId, subject: { type: 'document', id }, districtId, payload: { version: 1, sha256: v.sha256, visibility: meta.visibility } }, at);
		return id;
	});
}

/**
 * A new version: the UPDATE takes the document's row lock and hands out the next number, so two uploads at
 * the same moment get 2 and 3, never two 2s (and the primary key would refuse a duplicate anyway).
 */
export async function addVersion(db: DbOrTx, id: string, v: VersionInput, actorId: string | null, at: Date): Promise<number | null> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(document)
			.set({ currentVersion: sql`${document.currentVersion} + 1`, searchText: v.text, updatedAt: at })
			.where(eq(document.id, id))
			.returning({ version: document.currentVersion, districtId: document.districtId, visibility: document.visibility });
		if (!row) return null;
		await tx.insert(documentVersion).values({ ...v, size: v.bytes.length, documentId: id, version: row.version, createdBy: actorId, createdAt: at });
		await appendEvent(tx, { type: 'record.document_saved', actorId, subject: { type: 'document', id }, districtId: row.districtId, payload: { version: row.version, sha256: v.sha256, visibility: row.visibility } }, at);
		return row.version;
	});
}

export async function updateDocumentMeta(db: DbOrTx, id: string, meta: DocumentMeta, at: Date) {
	await db.update(document).set({ ...meta, updatedAt: at }).where(eq(document.id, id));
}

/** The document generated from an assembly's minutes, if it was filed already (one per sitting). */
export async function documentByHash(db: DbOrTx, districtId: string, sha256: string) {
	const [r] = await db
		.select({ id: document.id })
		.from(documentVersion)
		.innerJoin(document, eq(document.id, documentVersion.documentId))
		.where(and(eq(document.districtId, districtId), eq(documentVersion.sha256, sha256)));
	return r?.id ?? null;
}

/**
 * Closed sittings whose minutes are not filed yet: normally none, so the public documents page can ask on every
 * visit for the price of one query (the PDF bytes are read only for the rows returned).
 */
export async function unfiledSittings(db: DbOrTx, districtId: string) {
	return db
		.select({ id: assembly.id, heldAt: assembly.heldAt, minutesPdf: assembly.minutesPdf, minutesSha256: assembly.minutesSha256, roundId: round.id, regionId: round.regionId, regionName: region.name, programmeName: programme.name, year: round.year, sitting: assembly.sitting })
		.from(assembly)
		.innerJoin(round, eq(round.id, assembly.roundId))
		.innerJoin(programme, eq(programme.id, round.programmeId))
		.leftJoin(region, eq(region.id, round.regionId))
		.where(
			and(
				eq(programme.districtId, districtId),
				sql`${assembly.minutesPdf} IS NOT NULL`,
				sql`NOT EXISTS (SELECT 1 FROM ${documentVersion} v JOIN ${document} d ON d.id = v.document_id WHERE d.district_id = ${districtId} AND v.sha256 = ${assembly.minutesSha256})`
			)
		);
}

/**
 * Runs `fn` in a transaction that holds a lock for filing minutes, so two visits at the same moment cannot file
 * the same minutes twice (PostgreSQL advisory lock, released at commit; PGlite has it too).
 */
export async function withMinutesLock<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('kiezbudget.record.minutes'))`);
		return fn(tx);
	});
}

// ── Knowledge base ───────────────────────────────────────────────────────────────────────────────

export async function knowledgePages(db: DbOrTx, districtId: string) {
	const pages = await db.select().from(knowledgePage).where(eq(knowledgePage.districtId, districtId)).orderBy(asc(knowledgePage.position), asc(knowledgePage.slug));
	if (pages.length === 0) return [];
	const texts = await db.select({ pageId: knowledgeText.pageId, lang: knowledgeText.lang, title: knowledgeText.title }).from(knowledgeText).where(inArray(knowledgeText.pageId, pages.map((p) => p.id)));
	return pages.map((p) => ({ id: p.id, slug: p.slug, position: p.position, titles: Object.fromEntries(texts.filter((t) => t.pageId === p.id).map((t) => [t.lang, t.title])) as Record<string, string> }));
}

export async function knowledgePageBySlug(db: DbOrTx, districtId: string, slug: string) {
	const [p] = await db.select().from(knowledgePage).where(and(eq(knowledgePage.districtId, districtId), eq(knowledgePage.slug, slug)));
	if (!p) return null;
	const texts = await db.select().from(knowledgeText).where(eq(knowledgeText.pageId, p.id));
	return { id: p.id, slug: p.slug, texts: Object.fromEntries(texts.map((t) => [t.lang, { title: t.title, body: t.body, updatedAt: t.updatedAt }])) as Record<string, { title: string; body: string; updatedAt: Date }> };
}

export async function upsertKnowledgePage(db: DbOrTx, districtId: string, slug: string, position: number): Promise<string> {
	await db.insert(knowledgePage).values({ districtId, slug, position }).onConflictDoNothing();
	const [p] = await db.select({ id: knowledgePage.id }).from(knowledgePage).where(and(eq(knowledgePage.districtId, districtId), eq(knowledgePage.slug, slug)));
	return p!.id;
}

export async function saveKnowledgeText(db: DbOrTx, pageId: string, lang: string, title: string, body: string, actorId: string | null, at: Date, districtId: string) {
	await db.transaction(async (tx) => {
		await tx
			.insert(knowledgeText)
			.values({ pageId, lang, title, body, updatedBy: actorId, updatedAt: at })
			.onConflictDoUpdate({ target: [knowledgeText.pageId, knowledgeText.lang], set: { title, body, updatedBy: actorId, updatedAt: at } });
		if (actorId) await appendEvent(tx, { type: 'record.knowledge_saved', actorId, subject: { type: 'knowledge_page', id: pageId }, districtId, payload: { lang } }, at);
	});
}

// ── Mobile office ────────────────────────────────────────────────────────────────────────────────

export async function linkProposalToStop(db: DbOrTx, proposalId: string, entryId: string) {
	await db.insert(proposalStop).values({ proposalId, calendarEntryId: entryId }).onConflictDoNothing();
}

export async function stopContributions(db: DbOrTx, entryId: string) {
	const ideas = await db
		.select({ id: proposal.id, title: proposal.title, channel: proposal.channel })
		.from(proposalStop)
		.innerJoin(proposal, eq(proposal.id, proposalStop.proposalId))
		.where(eq(proposalStop.calendarEntryId, entryId))
		.orderBy(desc(proposal.createdAt));
	const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(commentChannel).where(eq(commentChannel.calendarEntryId, entryId));
	return { ideas, comments: Number(c?.n ?? 0) };
}

export async function roundIdeasForKiosk(db: DbOrTx, roundId: string) {
	return db
		.select({ id: proposal.id, title: proposal.title })
		.from(proposal)
		.where(and(eq(proposal.roundId, roundId), sql`${proposal.status} NOT IN ('draft', 'unconfirmed', 'merged', 'withdrawn')`))
		.orderBy(asc(proposal.title));
}

/** A comment said aloud at the stop and typed in by staff: the comment and its channel in one transaction. */
export async function insertKioskComment(db: DbOrTx, p: { proposalId: string; body: string; actorId: string; entryId: string; districtId: string }, at: Date) {
	return db.transaction(async (tx) => {
		const [row] = await tx.insert(comment).values({ proposalId: p.proposalId, authorId: p.actorId, body: p.body, createdAt: at }).returning({ id: comment.id });
		await tx.insert(commentChannel).values({ commentId: row!.id, channel: 'mobile_office', calendarEntryId: p.entryId, enteredBy: p.actorId });
		await appendEvent(tx, { type: 'comment.posted', actorId: p.actorId, subject: { type: 'comment', id: row!.id }, districtId: p.districtId, payload: { proposalId: p.proposalId, parentId: null } }, at);
		return row!.id;
	});
}

export async function commentChannels(db: DbOrTx, commentIds: string[]) {
	if (commentIds.length === 0) return new Map<string, string>();
	const rows = await db.select().from(commentChannel).where(inArray(commentChannel.commentId, commentIds));
	return new Map(rows.map((r) => [r.commentId, r.channel]));
}

/**
 * Cancels an entry (issue 8): it stays visible with the reason, the iCal feed says STATUS:CANCELLED and the
 * raised SEQUENCE makes calendar apps take the change (RFC 5545 §3.8.7.4). The event lets the notifier tell
 * the followers of the entry's region and round.
 */
export async function cancelEntry(db: DbOrTx, id: string, districtId: string, reason: string, actorId: string, at: Date): Promise<'ok' | 'not_found' | 'already'> {
	return db.transaction(async (tx) => {
		const [cur] = await tx
			.select({ cancelledAt: calendarEntry.cancelledAt })
			.from(calendarEntry)
			.where(and(eq(calendarEntry.id, id), eq(calendarEntry.districtId, districtId)))
			.for('update');
		if (!cur) return 'not_found';
		if (cur.cancelledAt) return 'already';
		const [row] = await tx
			.update(calendarEntry)
			.set({ cancelledAt: at, cancelReason: reason, sequence: sql`${calendarEntry.sequence} + 1`, updatedAt: at })
			.where(eq(calendarEntry.id, id))
			.returning({ sequence: calendarEntry.sequence });
		await appendEvent(tx, { type: 'record.entry_cancelled', actorId, subject: { type: 'calendar_entry', id }, districtId, payload: { reason, sequence: row!.sequence } }, at);
		return 'ok';
	});
}

/**
 * Deletes a mistaken entry; documents linked to it stay (their link is set to null by the schema). An entry
 * where the mobile office took ideas or comments is refused: those records keep their stop, so it can only
 * be cancelled.
 */
export async function deleteEntry(db: DbOrTx, id: string, districtId: string, actorId: string, at: Date): Promise<'ok' | 'not_found' | 'in_use'> {
	return db.transaction(async (tx) => {
		const used = await tx.execute(
			sql`SELECT 1 FROM ${proposalStop} WHERE calendar_entry_id = ${id} UNION ALL SELECT 1 FROM ${commentChannel} WHERE calendar_entry_id = ${id} LIMIT 1`
		);
		if ((Array.isArray(used) ? used : (used as { rows: unknown[] }).rows).length > 0) return 'in_use';
		const r = await tx
			.delete(calendarEntry)
			.where(and(eq(calendarEntry.id, id), eq(calendarEntry.districtId, districtId)))
			.returning({ kind: calendarEntry.kind, title: calendarEntry.title });
		if (r.length === 0) return 'not_found';
		await appendEvent(tx, { type: 'record.entry_deleted', actorId, subject: { type: 'calendar_entry', id }, districtId, payload: { kind: r[0]!.kind, title: r[0]!.title } }, at);
		return 'ok';
	});
}

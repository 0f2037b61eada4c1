// Reads and writes of online voting (issue 5). The cast is one transaction (one statement for a first ballot):
// the has-voted register row (its unique key decides between concurrent submissions with one code), the close
// check and the ballot — so every acknowledged ballot was committed together with its register row, and none twice.
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Choice } from '../../../core/ballot/ballot.ts';
import type { VoteConfig } from '../../../core/ballot/vote.ts';
import type { Db, DbOrTx } from '../client.ts';
import { ballot, proposal, proposalFile, roundPhase, voteAttempt, voteCode, voteCodeBatch, voteRegister, voteRound } from '../schema/index.ts';
import { appendEvent } from './events.ts';
import { paperUnsettled } from './voting-channels.ts';
import { statement } from '../prepared.ts';

export { roundForSubmission as roundForVoting, type RoundForSubmission as RoundForVoting } from './proposals.ts';

export type VoteRoundRow = typeof voteRound.$inferSelect;

/** Ideas found eligible in the review are the projects on the ballot (PRODUCT.md lifecycle step 4). */
export async function ballotProjects(db: DbOrTx, roundId: string): Promise<{ id: string; title: string; costCents: number }[]> {
	const rows = await db
		.select({ id: proposal.id, title: proposal.title, costCents: proposal.requestedCents })
		.from(proposal)
		.where(and(eq(proposal.roundId, roundId), inArray(proposal.status, ['eligible', 'presented']), isNull(proposal.mergedIntoId)))
		.orderBy(asc(proposal.title), asc(proposal.id));
	return rows.filter((r): r is { id: string; title: string; costCents: number } => r.costCents !== null).map((r) => ({ ...r, costCents: Number(r.costCents) }));
}

export async function voteRoundOf(db: DbOrTx, roundId: string): Promise<VoteRoundRow | null> {
	const [r] = await db.select().from(voteRound).where(eq(voteRound.roundId, roundId));
	return r ?? null;
}

/** Fixes the configuration once (E-04); a concurrent second opening keeps the first. */
export async function openVoteRound(db: Db, r: { roundId: string; districtId: string }, config: VoteConfig, configHash: string, at: Date): Promise<VoteRoundRow> {
	const roundId = r.roundId;
	return db.transaction(async (tx) => {
		const [row] = await tx.insert(voteRound).values({ roundId, config, configHash, openedAt: at }).onConflictDoNothing().returning();
		if (row) await appendEvent(tx, { type: 'vote.opened', actorId: null, subject: { type: 'round', id: roundId }, districtId: r.districtId, payload: { configHash } }, at);
		return row ?? (await voteRoundOf(tx, roundId))!;
	});
}

export async function turnout(db: DbOrTx, roundId: string): Promise<number> {
	const [r] = await db.select({ n: count() }).from(voteRegister).where(eq(voteRegister.roundId, roundId));
	return r?.n ?? 0;
}

export async function insertCodeBatch(
	db: Db,
	b: { roundId: string; districtId: string; label: string; createdBy: string; codes: { lookup: string; hash: string }[] },
	at: Date
): Promise<string> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(voteCodeBatch)
			.values({ roundId: b.roundId, label: b.label, size: b.codes.length, createdAt: at, createdBy: b.createdBy })
			.returning({ id: voteCodeBatch.id });
		const id = row!.id;
		await appendEvent(
			tx,
			{ type: 'vote.codes_created', actorId: b.createdBy, subject: { type: 'round', id: b.roundId }, districtId: b.districtId, payload: { batchId: id, label: b.label, size: b.codes.length } },
			at
		);
		for (let i = 0; i < b.codes.length; i += 500) {
			await tx.insert(voteCode).values(b.codes.slice(i, i + 500).map((c) => ({ batchId: id, roundId: b.roundId, ...c })));
		}
		return id;
	});
}

export async function codeBatches(db: DbOrTx, roundId: string) {
	const batches = await db.select().from(voteCodeBatch).where(eq(voteCodeBatch.roundId, roundId)).orderBy(asc(voteCodeBatch.createdAt));
	const used = await db
		.select({ batchId: voteCode.batchId, n: count() })
		.from(voteRegister)
		.innerJoin(voteCode, sql`${voteRegister.voterKey} = 'code:' || ${voteCode.id}::text`)
		.where(eq(voteRegister.roundId, roundId))
		.groupBy(voteCode.batchId);
	const usedBy = new Map(used.map((u) => [u.batchId, u.n]));
	return batches.map((b) => ({ id: b.id, label: b.label, size: b.size, createdAt: b.createdAt.toISOString(), active: b.deactivatedAt === null, used: usedBy.get(b.id) ?? 0 }));
}

export async function deactivateBatch(db: Db, r: { roundId: string; districtId: string }, batchId: string, by: string, at: Date): Promise<boolean> {
	const roundId = r.roundId;
	return db.transaction(async (tx) => {
	const rows = await tx
		.update(voteCodeBatch)
		.set({ deactivatedAt: at, deactivatedBy: by })
		.where(and(eq(voteCodeBatch.id, batchId), eq(voteCodeBatch.roundId, roundId), isNull(voteCodeBatch.deactivatedAt)))
		.returning({ id: voteCodeBatch.id });
	if (rows.length > 0)
		await appendEvent(tx, { type: 'vote.codes_deactivated', actorId: by, subject: { type: 'round', id: roundId }, districtId: r.districtId, payload: { batchId } }, at);
	return rows.length > 0;
	});
}

/** The codes that share a lookup prefix (almost always one), with whether their batch is active. */
export async function codeCandidates(db: DbOrTx, roundId: string, lookup: string) {
	return db
		.select({ id: voteCode.id, hash: voteCode.hash, deactivatedAt: voteCodeBatch.deactivatedAt })
		.from(voteCode)
		.innerJoin(voteCodeBatch, eq(voteCodeBatch.id, voteCode.batchId))
		.where(and(eq(voteCode.roundId, roundId), eq(voteCode.lookup, lookup)));
}

export async function registerEntry(db: DbOrTx, roundId: string, voterKey: string) {
	const [r] = await db.select().from(voteRegister).where(and(eq(voteRegister.roundId, roundId), eq(voteRegister.voterKey, voterKey)));
	return r ?? null;
}

export async function recentFailures(db: DbOrTx, bucket: string, since: Date): Promise<number> {
	const [r] = await db.select().from(voteAttempt).where(eq(voteAttempt.bucket, bucket));
	return r && r.windowStart >= since ? r.failures : 0;
}

export async function recordFailure(db: DbOrTx, bucket: string, since: Date, at: Date): Promise<void> {
	await db
		.insert(voteAttempt)
		.values({ bucket, windowStart: at, failures: 1 })
		.onConflictDoUpdate({
			target: voteAttempt.bucket,
			set: {
				failures: sql`CASE WHEN ${voteAttempt.windowStart} < ${since.toISOString()}::timestamptz THEN 1 ELSE ${voteAttempt.failures} + 1 END`,
				windowStart: sql`CASE WHEN ${voteAttempt.windowStart} < ${since.toISOString()}::timestamptz THEN ${at.toISOString()}::timestamptz ELSE ${voteAttempt.windowStart} END`
			}
		});
}

class Refused extends Error {
	readonly reason: CastRefusal;
	constructor(reason: CastRefusal) {
		super(reason);
		this.reason = reason;
	}
}
export type CastRefusal = 'already_voted' | 'closed' | 'inactive' | 'no_previous';

/**
 * Casts (or, with `previous`, replaces) a ballot. Of concurrent casts with one voter key exactly one inserts
 * the register row (its unique key decides), the others find the row and stop. The close takes a lock that
 * conflicts with this insert, so a ballot is either in the count or refused as late — never acknowledged
 * and then missing.
 */
export async function castBallot(
	db: Db,
	c: {
		roundId: string;
		voterKey: string;
		channel: 'code' | 'account';
		codeId: string | null;
		choices: Choice[];
		castOn: string;
		receiptHash: string;
		receiptCheck: string;
		/** the voluntary age band (issue 7), when the round asks for it */
		ageBand?: string | null;
		previous: { receiptHash: string; receiptCheck: string } | null;
	}
): Promise<{ ok: true } | { ok: false; reason: CastRefusal }> {
	return c.previous ? replaceBallot(db, c, c.previous) : firstBallot(db, c);
}

/**
 * A first ballot is one statement, so one round trip and no BEGIN/COMMIT (bench/voting: the cast was five
 * statements in a transaction, and on these machines each round trip costs more than the SQL), prepared once per
 * connection (db/prepared.ts). One statement is one transaction in PostgreSQL, so the register row and the
 * ballot are committed together or not at all.
 * The register insert and the ballot insert run only when the vote is open and the code's batch is on; the
 * ballot insert only for the register row this statement inserted (a concurrent cast with the same key waits
 * on the unique index and then inserts nothing). Against the close: the statement takes its lock on
 * vote_register before its snapshot (READ COMMITTED takes the snapshot after planning), so while the close holds
 * its SHARE ROW EXCLUSIVE lock it waits, and then sees `closed_at` set.
 */
const castFirstBallot = statement<
	{ roundId: string; voterKey: string; channel: string; codeId: string | null; receiptCheck: string; castOn: string; choices: string; receiptHash: string; ageBand: string | null },
	{ voted: boolean; open: boolean; active: boolean; cast: number }
>(
	'kiezbudget_cast_ballot',
	sql`
	WITH st AS (
		SELECT
			EXISTS (SELECT 1 FROM vote_register WHERE round_id = ${sql.placeholder('roundId')}::uuid AND voter_key = ${sql.placeholder('voterKey')}) AS voted,
			EXISTS (SELECT 1 FROM vote_round WHERE round_id = ${sql.placeholder('roundId')}::uuid AND closed_at IS NULL) AS open,
			(${sql.placeholder('codeId')}::uuid IS NULL OR EXISTS (
				SELECT 1 FROM vote_code vc JOIN vote_code_batch vb ON vb.id = vc.batch_id
				WHERE vc.id = ${sql.placeholder('codeId')}::uuid AND vb.deactivated_at IS NULL
			)) AS active
	),
	reg AS (
		INSERT INTO vote_register (round_id, voter_key, channel, receipt_check)
		SELECT ${sql.placeholder('roundId')}::uuid, ${sql.placeholder('voterKey')}, ${sql.placeholder('channel')}, ${sql.placeholder('receiptCheck')} FROM st WHERE st.open AND st.active
		ON CONFLICT DO NOTHING
		RETURNING 1
	),
	cast_ballot AS (
		INSERT INTO ballot (round_id, cast_on, choices, receipt_hash, age_band)
		SELECT ${sql.placeholder('roundId')}::uuid, ${sql.placeholder('castOn')}::date, ${sql.placeholder('choices')}::jsonb, ${sql.placeholder('receiptHash')}, ${sql.placeholder('ageBand')} FROM reg
		RETURNING 1
	)
	SELECT st.voted, st.open, st.active, (SELECT count(*) FROM cast_ballot)::int AS cast FROM st`
);

async function firstBallot(db: Db, c: Parameters<typeof castBallot>[1]): Promise<{ ok: true } | { ok: false; reason: CastRefusal }> {
	const [r] = await castFirstBallot(db, {
		roundId: c.roundId,
		voterKey: c.voterKey,
		channel: c.channel,
		codeId: c.codeId,
		receiptCheck: c.receiptCheck,
		castOn: c.castOn,
		choices: JSON.stringify(c.choices),
		receiptHash: c.receiptHash,
		ageBand: c.ageBand ?? null
	});
	if (r && r.cast === 1) return { ok: true };
	// The same order of reasons as before: a voter who already voted hears that first.
	if (!r || r.voted) return { ok: false, reason: 'already_voted' };
	if (!r.open) return { ok: false, reason: 'closed' };
	if (!r.active) return { ok: false, reason: 'inactive' };
	return { ok: false, reason: 'already_voted' }; // a concurrent cast with the same key won
}

/** Replaces a ballot: the voter proves the earlier ballot is theirs with its receipt (shown only to them). */
async function replaceBallot(
	db: Db,
	c: Parameters<typeof castBallot>[1],
	previous: { receiptHash: string; receiptCheck: string }
): Promise<{ ok: true } | { ok: false; reason: CastRefusal }> {
	try {
		await db.transaction(async (tx) => {
			const rows = await tx
				.update(voteRegister)
				.set({ receiptCheck: c.receiptCheck, changes: sql`${voteRegister.changes} + 1` })
				.where(and(eq(voteRegister.roundId, c.roundId), eq(voteRegister.voterKey, c.voterKey), eq(voteRegister.receiptCheck, previous.receiptCheck)))
				.returning({ k: voteRegister.voterKey });
			if (rows.length === 0) throw new Refused('no_previous');
			const gone = await tx
				.delete(ballot)
				.where(and(eq(ballot.roundId, c.roundId), eq(ballot.receiptHash, previous.receiptHash)))
				.returning({ id: ballot.id });
			if (gone.length !== 1) throw new Refused('no_previous');
			const [state] = await tx.select({ closedAt: voteRound.closedAt }).from(voteRound).where(eq(voteRound.roundId, c.roundId));
			if (!state || state.closedAt !== null) throw new Refused('closed');
			if (c.codeId) {
				const [code] = await tx
					.select({ off: voteCodeBatch.deactivatedAt })
					.from(voteCode)
					.innerJoin(voteCodeBatch, eq(voteCodeBatch.id, voteCode.batchId))
					.where(eq(voteCode.id, c.codeId));
				if (!code || code.off !== null) throw new Refused('inactive');
			}
			await tx.insert(ballot).values({ roundId: c.roundId, castOn: c.castOn, choices: c.choices, receiptHash: c.receiptHash, ageBand: c.ageBand ?? null });
		});
		return { ok: true };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, reason: e.reason };
		throw e;
	}
}

export async function receiptKnown(db: DbOrTx, roundId: string, receiptHash: string): Promise<boolean> {
	const [r] = await db.select({ id: ballot.id }).from(ballot).where(and(eq(ballot.roundId, roundId), eq(ballot.receiptHash, receiptHash)));
	return !!r;
}

/**
 * The close: blocks new casts (SHARE ROW EXCLUSIVE on the register conflicts with their insert), marks
 * the round closed, ends the voting phase now if it was to run longer, hands the ballots to `count`, stores
 * what it publishes and forgets the receipt checks so the register can no longer be joined to ballots.
 */
export async function closeVote(
	db: Db,
	r: { roundId: string; districtId: string },
	by: string,
	at: Date,
	count: (config: VoteConfig, ballots: Choice[][]) => { result: Record<string, unknown>; file: string; sha256: string; inputHash: string; winners: string[] }
): Promise<'ok' | 'already_closed' | 'not_open' | 'paper_unsettled'> {
	const roundId = r.roundId;
	return db.transaction(async (tx) => {
		await tx.execute(sql`LOCK TABLE vote_register IN SHARE ROW EXCLUSIVE MODE`);
		const [vr] = await tx.select().from(voteRound).where(eq(voteRound.roundId, roundId)).for('update');
		if (!vr) return 'not_open';
		if (vr.closedAt) return 'already_closed';
		// Two paper entries that differ, or a paper ballot entered only once, block the result (E-09). The
		// lock makes a concurrent paper entry wait for the close and then find the round closed.
		await tx.execute(sql`LOCK TABLE paper_ballot IN SHARE ROW EXCLUSIVE MODE`);
		if ((await paperUnsettled(tx, roundId)) > 0) return 'paper_unsettled';
		const rows = await tx.select({ choices: ballot.choices }).from(ballot).where(eq(ballot.roundId, roundId));
		const out = count(vr.config, rows.map((r) => r.choices));
		await tx
			.update(voteRound)
			.set({ closedAt: at, closedBy: by, result: out.result, ballotFile: out.file, ballotFileSha256: out.sha256 })
			.where(eq(voteRound.roundId, roundId));
		await appendEvent(
			tx,
			{
				type: 'vote.closed',
				actorId: by,
				subject: { type: 'round', id: roundId },
				districtId: r.districtId,
				payload: { voters: rows.length, ballotFileSha256: out.sha256, inputHash: out.inputHash, winners: out.winners }
			},
			at
		);
		await tx.update(voteRegister).set({ receiptCheck: null }).where(eq(voteRegister.roundId, roundId));
		await tx
			.update(roundPhase)
			.set({ endsAt: at })
			.where(and(eq(roundPhase.roundId, roundId), eq(roundPhase.key, 'voting'), sql`(${roundPhase.endsAt} IS NULL OR ${roundPhase.endsAt} > ${at.toISOString()}::timestamptz)`));
		return 'ok';
	});
}

/**
 * What the ballot shows of each project besides title and cost (issue 5): the idea's description, point and
 * place description, and its first image (id, alt text, size — not the bytes).
 */
export async function ballotCardRows(db: DbOrTx, projectIds: readonly string[]) {
	if (projectIds.length === 0) return { ideas: [], images: [] };
	const ids = [...projectIds];
	const ideas = await db
		.select({ id: proposal.id, description: proposal.description, location: proposal.location, placeDescription: proposal.placeDescription })
		.from(proposal)
		.where(inArray(proposal.id, ids));
	const images = await db
		.select({ id: proposalFile.id, proposalId: proposalFile.proposalId, alt: proposalFile.alt, width: proposalFile.width, height: proposalFile.height })
		.from(proposalFile)
		.where(and(inArray(proposalFile.proposalId, ids), eq(proposalFile.kind, 'image')))
		.orderBy(asc(proposalFile.position), asc(proposalFile.createdAt));
	return { ideas, images };
}

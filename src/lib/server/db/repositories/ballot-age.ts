// The voluntary age-band question on the ballot (issue 7): the per-round opt-in, locked at the opening, and
// the closed vote's ballots with their bands for the re-weighted analysis. Nothing here reads who voted.
import { eq, sql } from 'drizzle-orm';
import type { Choice } from '../../../core/ballot/ballot.ts';
import type { VoteConfig } from '../../../core/ballot/vote.ts';
import type { Db, DbOrTx } from '../client.ts';
import { ballot, ballotAgeQuestion, voteRound } from '../schema/index.ts';
import { appendEvent } from './events.ts';

export async function ageQuestionAsked(db: DbOrTx, roundId: string): Promise<boolean> {
	const [r] = await db.select({ id: ballotAgeQuestion.roundId }).from(ballotAgeQuestion).where(eq(ballotAgeQuestion.roundId, roundId));
	return !!r;
}

/**
 * Switches the question on or off. Refused once the vote is open (the opening fixes the rules). SHARE mode on
 * `vote_round` conflicts with the opening's insert, so an opening either committed before (and is seen
 * here) or waits until this change is committed — never a ballot page that differs from the setting.
 */
export async function setAgeQuestion(db: Db, r: { roundId: string; districtId: string }, asked: boolean, by: string, at: Date): Promise<'ok' | 'locked'> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`LOCK TABLE vote_round IN SHARE MODE`);
		const [open] = await tx.select({ id: voteRound.roundId }).from(voteRound).where(eq(voteRound.roundId, r.roundId));
		if (open) return 'locked';
		if (asked) await tx.insert(ballotAgeQuestion).values({ roundId: r.roundId, enabledAt: at, enabledBy: by }).onConflictDoNothing();
		else await tx.delete(ballotAgeQuestion).where(eq(ballotAgeQuestion.roundId, r.roundId));
		await appendEvent(tx, { type: 'vote.age_question_set', actorId: by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { asked } }, at);
		return 'ok';
	});
}

export async function voteOpened(db: DbOrTx, roundId: string): Promise<boolean> {
	const [v] = await db.select({ id: voteRound.roundId }).from(voteRound).where(eq(voteRound.roundId, roundId));
	return !!v;
}

/** A closed vote's configuration, published winners and ballots with their bands (in no particular order). */
export async function closedVoteWithAgeBands(
	db: DbOrTx,
	roundId: string
): Promise<{ config: VoteConfig; winners: string[]; ballots: { choices: Choice[]; ageBand: string | null }[] } | null> {
	const [vr] = await db.select({ config: voteRound.config, result: voteRound.result, closedAt: voteRound.closedAt }).from(voteRound).where(eq(voteRound.roundId, roundId));
	if (!vr || !vr.closedAt || !vr.result) return null;
	const winners = Array.isArray(vr.result.winners) ? (vr.result.winners as string[]) : [];
	const rows = await db.select({ choices: ballot.choices, ageBand: ballot.ageBand }).from(ballot).where(eq(ballot.roundId, roundId));
	return { config: vr.config, winners, ballots: rows };
}

/**
 * Demo data (seed): a vote that is already closed, with its ballots and their bands, stored as the close
 * stores them. Does nothing when the round's vote exists (the seed stays idempotent).
 */
export async function seedClosedVote(
	tx: DbOrTx,
	v: {
		roundId: string;
		config: VoteConfig;
		configHash: string;
		openedAt: Date;
		closedAt: Date;
		result: Record<string, unknown>;
		file: string;
		sha256: string;
		ballots: { choices: Choice[]; ageBand: string | null; castOn: string; receiptHash: string }[];
	}
): Promise<boolean> {
	const [exists] = await tx.select({ id: voteRound.roundId }).from(voteRound).where(eq(voteRound.roundId, v.roundId));
	if (exists) return false;
	await tx.insert(ballotAgeQuestion).values({ roundId: v.roundId, enabledAt: v.openedAt, enabledBy: null }).onConflictDoNothing();
	await tx.insert(voteRound).values({ roundId: v.roundId, config: v.config, configHash: v.configHash, openedAt: v.openedAt, closedAt: v.closedAt, result: v.result, ballotFile: v.file, ballotFileSha256: v.sha256 });
	await tx.insert(ballot).values(v.ballots.map((b) => ({ roundId: v.roundId, castOn: b.castOn, choices: b.choices, receiptHash: b.receiptHash, ageBand: b.ageBand })));
	return true;
}

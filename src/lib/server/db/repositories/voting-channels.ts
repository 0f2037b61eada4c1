// Kiosk and paper ballots (issue 5; research/public-sector.md E-09). Like the online cast, each counted
// ballot is one transaction that writes the has-voted register row first — its unique key
// (round, voter key) decides between concurrent attempts — then checks the close, then writes the ballot.
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Choice } from '../../../core/ballot/ballot.ts';
import { sameEntry, type PaperEntry } from '../../../core/ballot/paper.ts';
import type { Db, DbOrTx, Tx } from '../client.ts';
import { ballot, kioskDevice, paperBallot, user, voteCode, voteCodeBatch, voteEligible, voteRegister, voteRound } from '../schema/index.ts';
import { appendEvent } from './events.ts';

type RoundRef = { roundId: string; districtId: string };

class Stop extends Error {
	readonly reason: string;
	constructor(reason: string) {
		super(reason);
		this.reason = reason;
	}
}

async function closedOrMissing(tx: Tx, roundId: string): Promise<boolean> {
	const [state] = await tx.select({ closedAt: voteRound.closedAt }).from(voteRound).where(eq(voteRound.roundId, roundId));
	return !state || state.closedAt !== null;
}

/**
 * Writes one counted ballot with its register row; false if the register key has voted already. `ageBand` is
 * the voluntary answer (issue 7), already cleaned by the use case and null where the round does not ask.
 */
async function countOnce(
	tx: Tx,
	c: { roundId: string; voterKey: string; channel: 'kiosk' | 'paper'; checkMethod: string | null; checkedBy: string | null; choices: Choice[]; ageBand: string | null; castOn: string; receiptHash: string; receiptCheck: string | null }
): Promise<'ok' | 'already_voted' | 'closed' | 'inactive'> {
	const rows = await tx
		.insert(voteRegister)
		.values({ roundId: c.roundId, voterKey: c.voterKey, channel: c.channel, checkMethod: c.checkMethod, checkedBy: c.checkedBy, receiptCheck: c.receiptCheck })
		.onConflictDoNothing()
		.returning({ k: voteRegister.voterKey });
	if (rows.length === 0) return 'already_voted';
	if (await closedOrMissing(tx, c.roundId)) throw new Stop('closed');
	if (c.voterKey.startsWith('code:')) {
		const [code] = await tx
			.select({ off: voteCodeBatch.deactivatedAt })
			.from(voteCode)
			.innerJoin(voteCodeBatch, eq(voteCodeBatch.id, voteCode.batchId))
			.where(eq(voteCode.id, c.voterKey.slice(5)));
		if (!code || code.off !== null) throw new Stop('inactive');
	}
	await tx.insert(ballot).values({ roundId: c.roundId, castOn: c.castOn, choices: c.choices, receiptHash: c.receiptHash, ageBand: c.ageBand });
	return 'ok';
}

// ——— kiosk ———

export async function createKiosk(db: Db, r: RoundRef, d: { label: string; tokenHash: string; by: string }, at: Date): Promise<string> {
	return db.transaction(async (tx) => {
		const [row] = await tx.insert(kioskDevice).values({ roundId: r.roundId, label: d.label, tokenHash: d.tokenHash, createdBy: d.by, createdAt: at }).returning({ id: kioskDevice.id });
		await appendEvent(tx, { type: 'vote.kiosk_set_up', actorId: d.by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { deviceId: row!.id, label: d.label } }, at);
		return row!.id;
	});
}

export async function kiosks(db: Db, roundId: string) {
	const rows = await db
		.select({ id: kioskDevice.id, label: kioskDevice.label, createdAt: kioskDevice.createdAt, unlockedAt: kioskDevice.unlockedAt, unlockedBy: user.pseudonym })
		.from(kioskDevice)
		.leftJoin(user, eq(user.id, kioskDevice.unlockedBy))
		.where(and(eq(kioskDevice.roundId, roundId), isNull(kioskDevice.retiredAt)))
		.orderBy(asc(kioskDevice.createdAt), asc(kioskDevice.label));
	return rows.map((r) => ({ id: r.id, label: r.label, unlocked: r.unlockedAt !== null, unlockedBy: r.unlockedAt ? r.unlockedBy : null }));
}

export async function kioskByToken(db: Db, roundId: string, tokenHash: string) {
	const [d] = await db
		.select({ id: kioskDevice.id, label: kioskDevice.label, unlockKey: kioskDevice.unlockKey })
		.from(kioskDevice)
		.where(and(eq(kioskDevice.roundId, roundId), eq(kioskDevice.tokenHash, tokenHash), isNull(kioskDevice.retiredAt)));
	return d ? { id: d.id, label: d.label, unlocked: d.unlockKey !== null } : null;
}

/**
 * Unlocks a device for one ballot. Refused when the device is unlocked already (one ballot at a time) or
 * the voter key is in the register (voted in any channel).
 */
export async function unlockKiosk(
	db: Db,
	r: RoundRef,
	u: { deviceId: string; voterKey: string; check: 'code' | 'document' | 'register'; by: string },
	at: Date
): Promise<'ok' | 'not_found' | 'busy' | 'already_voted'> {
	return db.transaction(async (tx) => {
		const [d] = await tx
			.select({ unlockKey: kioskDevice.unlockKey })
			.from(kioskDevice)
			.where(and(eq(kioskDevice.id, u.deviceId), eq(kioskDevice.roundId, r.roundId), isNull(kioskDevice.retiredAt)))
			.for('update');
		if (!d) return 'not_found';
		if (d.unlockKey !== null) return 'busy';
		const [voted] = await tx.select({ k: voteRegister.voterKey }).from(voteRegister).where(and(eq(voteRegister.roundId, r.roundId), eq(voteRegister.voterKey, u.voterKey)));
		if (voted) return 'already_voted';
		await tx.update(kioskDevice).set({ unlockKey: u.voterKey, unlockCheck: u.check, unlockedBy: u.by, unlockedAt: at }).where(eq(kioskDevice.id, u.deviceId));
		await appendEvent(tx, { type: 'vote.kiosk_unlocked', actorId: u.by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { deviceId: u.deviceId, check: u.check } }, at);
		return 'ok';
	});
}

/**
 * Marks a person on the register as having got a paper ballot (channel `paper_issued`). The register row's
 * unique key decides, as for every channel: of concurrent attempts (online, kiosk, paper) exactly one wins.
 */
export async function issuePaper(db: Db, r: RoundRef, u: { voterKey: string; by: string }, at: Date): Promise<'ok' | 'already_voted' | 'closed'> {
	try {
		return await db.transaction(async (tx) => {
			const rows = await tx
				.insert(voteRegister)
				.values({ roundId: r.roundId, voterKey: u.voterKey, channel: 'paper_issued', checkMethod: 'register', checkedBy: u.by })
				.onConflictDoNothing()
				.returning({ k: voteRegister.voterKey });
			if (rows.length === 0) return 'already_voted';
			if (await closedOrMissing(tx, r.roundId)) throw new Stop('closed');
			await appendEvent(tx, { type: 'vote.paper_issued', actorId: u.by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { check: 'register' } }, at);
			return 'ok';
		});
	} catch (e) {
		if (e instanceof Stop && e.reason === 'closed') return 'closed';
		throw e;
	}
}

/** Staff lock a device again without a ballot (the voter left). */
export async function relockKiosk(db: Db, r: RoundRef, deviceId: string, by: string, at: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(kioskDevice)
			.set({ unlockKey: null, unlockCheck: null, unlockedBy: null, unlockedAt: null })
			.where(and(eq(kioskDevice.id, deviceId), eq(kioskDevice.roundId, r.roundId), sql`${kioskDevice.unlockKey} IS NOT NULL`))
			.returning({ id: kioskDevice.id });
		if (rows.length > 0) await appendEvent(tx, { type: 'vote.kiosk_relocked', actorId: by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { deviceId } }, at);
		return rows.length > 0;
	});
}

/**
 * Casts the one ballot an unlocked device allows and locks it again, in one transaction: the device row is
 * locked first, so two posts from one device cannot both use the unlock.
 */
export async function castAtKiosk(
	db: Db,
	c: { roundId: string; tokenHash: string; choices: Choice[]; ageBand: string | null; castOn: string; receiptHash: string }
): Promise<'ok' | 'locked' | 'already_voted' | 'closed' | 'inactive'> {
	try {
		return await db.transaction(async (tx) => {
			const [d] = await tx
				.select({ id: kioskDevice.id, unlockKey: kioskDevice.unlockKey, unlockCheck: kioskDevice.unlockCheck, unlockedBy: kioskDevice.unlockedBy })
				.from(kioskDevice)
				.where(and(eq(kioskDevice.roundId, c.roundId), eq(kioskDevice.tokenHash, c.tokenHash), isNull(kioskDevice.retiredAt)))
				.for('update');
			if (!d || d.unlockKey === null) return 'locked';
			await tx.update(kioskDevice).set({ unlockKey: null, unlockCheck: null, unlockedBy: null, unlockedAt: null }).where(eq(kioskDevice.id, d.id));
			const r = await countOnce(tx, {
				roundId: c.roundId,
				voterKey: d.unlockKey,
				channel: 'kiosk',
				checkMethod: d.unlockCheck,
				checkedBy: d.unlockedBy,
				choices: c.choices,
				ageBand: c.ageBand,
				castOn: c.castOn,
				receiptHash: c.receiptHash,
				receiptCheck: null
			});
			// A voter key that voted meanwhile (e.g. the code online) still locks the device: the unlock is used up.
			return r;
		});
	} catch (e) {
		if (e instanceof Stop) return e.reason as 'closed' | 'inactive';
		throw e;
	}
}

// ——— paper ———

export type PaperOutcome = 'first' | 'counted' | 'invalid' | 'mismatch' | 'same_person' | 'done' | 'closed' | 'already_counted';

/**
 * One entry of a paper ballot. The row is locked (or created) first, so two people entering the same
 * ballot number at once are serialised: one is the first entry, the other the second.
 */
export async function enterPaper(
	db: Db,
	r: RoundRef,
	e: { serial: string; by: string; entry: PaperEntry; castOn: string; receiptHash: string },
	at: Date
): Promise<PaperOutcome> {
	try {
		return await db.transaction(async (tx) => {
			const inserted = await tx
				.insert(paperBallot)
				.values({ roundId: r.roundId, serial: e.serial, status: 'awaiting_second', firstBy: e.by, firstInvalid: e.entry.invalid, firstChoices: e.entry.choices, firstAgeBand: e.entry.ageBand })
				.onConflictDoNothing()
				.returning({ serial: paperBallot.serial });
			// The close locks paper_ballot, so an entry waits for it and then sees the round closed.
			if (await closedOrMissing(tx, r.roundId)) throw new Stop('closed');
			let outcome: PaperOutcome;
			if (inserted.length > 0) outcome = 'first';
			else {
				const [row] = await tx.select().from(paperBallot).where(and(eq(paperBallot.roundId, r.roundId), eq(paperBallot.serial, e.serial))).for('update');
				if (!row || row.status !== 'awaiting_second') return 'done';
				if (row.firstBy === e.by) return 'same_person';
				const match = sameEntry({ invalid: row.firstInvalid, choices: row.firstChoices, ageBand: row.firstAgeBand }, e.entry);
				outcome = !match ? 'mismatch' : e.entry.invalid ? 'invalid' : 'counted';
				if (outcome === 'counted') {
					const c = await countOnce(tx, { roundId: r.roundId, voterKey: `paper:${e.serial}`, channel: 'paper', checkMethod: 'double_entry', checkedBy: null, choices: e.entry.choices, ageBand: e.entry.ageBand, castOn: e.castOn, receiptHash: e.receiptHash, receiptCheck: null });
					if (c !== 'ok') throw new Stop('already_counted');
				}
				await tx
					.update(paperBallot)
					.set({ status: outcome, secondBy: e.by, secondInvalid: e.entry.invalid, secondChoices: e.entry.choices, secondAgeBand: e.entry.ageBand })
					.where(and(eq(paperBallot.roundId, r.roundId), eq(paperBallot.serial, e.serial)));
			}
			await appendEvent(tx, { type: 'vote.paper_entered', actorId: e.by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { serial: e.serial, entry: outcome === 'first' ? 'first' : 'second', outcome } }, at);
			return outcome;
		});
	} catch (err) {
		if (err instanceof Stop) return err.reason as PaperOutcome;
		throw err;
	}
}

/** The third look at a mismatch: someone who made neither entry reads the paper and decides. */
export async function decidePaper(
	db: Db,
	r: RoundRef,
	d: { serial: string; by: string; entry: PaperEntry; castOn: string; receiptHash: string },
	at: Date
): Promise<'counted' | 'invalid' | 'not_found' | 'same_person' | 'closed' | 'already_counted'> {
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx.select().from(paperBallot).where(and(eq(paperBallot.roundId, r.roundId), eq(paperBallot.serial, d.serial))).for('update');
			if (!row || row.status !== 'mismatch') return 'not_found';
			if (row.firstBy === d.by || row.secondBy === d.by) return 'same_person';
			if (await closedOrMissing(tx, r.roundId)) throw new Stop('closed');
			const outcome = d.entry.invalid ? 'invalid' : 'counted';
			if (outcome === 'counted') {
				const c = await countOnce(tx, { roundId: r.roundId, voterKey: `paper:${d.serial}`, channel: 'paper', checkMethod: 'third_look', checkedBy: d.by, choices: d.entry.choices, ageBand: d.entry.ageBand, castOn: d.castOn, receiptHash: d.receiptHash, receiptCheck: null });
				if (c !== 'ok') throw new Stop('already_counted');
			}
			await tx.update(paperBallot).set({ status: outcome, decidedBy: d.by }).where(and(eq(paperBallot.roundId, r.roundId), eq(paperBallot.serial, d.serial)));
			await appendEvent(tx, { type: 'vote.paper_decided', actorId: d.by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { serial: d.serial, outcome } }, at);
			return outcome;
		});
	} catch (err) {
		if (err instanceof Stop) return err.reason as 'closed' | 'already_counted';
		throw err;
	}
}

export async function paperOverview(db: Db, roundId: string) {
	const byStatus = await db.select({ status: paperBallot.status, n: count() }).from(paperBallot).where(eq(paperBallot.roundId, roundId)).groupBy(paperBallot.status);
	const open = await db
		.select({ serial: paperBallot.serial, status: paperBallot.status, firstBy: paperBallot.firstBy, secondBy: paperBallot.secondBy, firstInvalid: paperBallot.firstInvalid, firstChoices: paperBallot.firstChoices, firstAgeBand: paperBallot.firstAgeBand, secondInvalid: paperBallot.secondInvalid, secondChoices: paperBallot.secondChoices, secondAgeBand: paperBallot.secondAgeBand })
		.from(paperBallot)
		.where(and(eq(paperBallot.roundId, roundId), inArray(paperBallot.status, ['awaiting_second', 'mismatch'])))
		.orderBy(sql`length(${paperBallot.serial})`, asc(paperBallot.serial));
	const counts = Object.fromEntries(byStatus.map((s) => [s.status, s.n])) as Record<string, number>;
	return { counts, open };
}

/** Paper ballots not yet settled (entered once, or two entries that differ) block the close (E-09). */
export async function paperUnsettled(tx: Tx, roundId: string): Promise<number> {
	const [r] = await tx.select({ n: count() }).from(paperBallot).where(and(eq(paperBallot.roundId, roundId), inArray(paperBallot.status, ['awaiting_second', 'mismatch'])));
	return r?.n ?? 0;
}

// ——— register file ———

/** Adds the hashed rows of an uploaded register file; rows already there are counted, not doubled. */
export async function addEligible(db: Db, r: RoundRef, hashes: string[], by: string, at: Date): Promise<{ added: number; duplicates: number }> {
	return db.transaction(async (tx) => {
		let added = 0;
		for (let i = 0; i < hashes.length; i += 500) {
			const rows = await tx
				.insert(voteEligible)
				.values(hashes.slice(i, i + 500).map((hash) => ({ roundId: r.roundId, hash })))
				.onConflictDoNothing()
				.returning({ id: voteEligible.id });
			added += rows.length;
		}
		await appendEvent(tx, { type: 'vote.register_uploaded', actorId: by, subject: { type: 'round', id: r.roundId }, districtId: r.districtId, payload: { rows: hashes.length, added } }, at);
		return { added, duplicates: hashes.length - added };
	});
}

export async function eligibleCount(db: DbOrTx, roundId: string): Promise<number> {
	const [r] = await db.select({ n: count() }).from(voteEligible).where(eq(voteEligible.roundId, roundId));
	return r?.n ?? 0;
}

export async function eligibleId(db: DbOrTx, roundId: string, hash: string): Promise<string | null> {
	const [r] = await db.select({ id: voteEligible.id }).from(voteEligible).where(and(eq(voteEligible.roundId, roundId), eq(voteEligible.hash, hash)));
	return r?.id ?? null;
}

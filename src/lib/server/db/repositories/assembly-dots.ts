// Dot voting from phones at an assembly (issue 5). A phone ballot is one transaction: the assembly row is
// read with FOR SHARE (the close takes FOR UPDATE, so a ballot is either in before the close or refused
// after it), the code is switched to used with a conditional update (of concurrent posts with one code
// exactly one succeeds), then the points are written without any link to the code.
import { and, count, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.ts';
import { assembly, assemblyDotBallot, assemblyDotCode } from '../schema/index.ts';
import { appendEvent } from './events.ts';

export async function insertDotCodes(db: Db, c: { assemblyId: string; roundId: string; districtId: string; by: string; hashes: string[] }, at: Date): Promise<void> {
	await db.transaction(async (tx) => {
		for (let i = 0; i < c.hashes.length; i += 500) await tx.insert(assemblyDotCode).values(c.hashes.slice(i, i + 500).map((codeHash) => ({ assemblyId: c.assemblyId, codeHash })));
		await appendEvent(tx, { type: 'assembly.dot_codes_created', actorId: c.by, subject: { type: 'round', id: c.roundId }, districtId: c.districtId, payload: { assemblyId: c.assemblyId, count: c.hashes.length } }, at);
	});
}

export async function castDots(db: Db, assemblyId: string, codeHash: string, points: Record<string, number>): Promise<'ok' | 'not_running' | 'unknown' | 'used'> {
	return db.transaction(async (tx) => {
		const [a] = await tx.select({ state: assembly.state }).from(assembly).where(eq(assembly.id, assemblyId)).for('share');
		if (!a || a.state !== 'running') return 'not_running';
		const took = await tx
			.update(assemblyDotCode)
			.set({ used: true })
			.where(and(eq(assemblyDotCode.assemblyId, assemblyId), eq(assemblyDotCode.codeHash, codeHash), eq(assemblyDotCode.used, false)))
			.returning({ id: assemblyDotCode.id });
		if (took.length === 0) {
			const [known] = await tx.select({ id: assemblyDotCode.id }).from(assemblyDotCode).where(and(eq(assemblyDotCode.assemblyId, assemblyId), eq(assemblyDotCode.codeHash, codeHash)));
			return known ? 'used' : 'unknown';
		}
		await tx.insert(assemblyDotBallot).values({ assemblyId, points });
		return 'ok';
	});
}

/** Points per proposal from all phones, and how many phones voted. */
export async function dotSums(db: DbOrTx, assemblyId: string): Promise<{ sums: Record<string, number>; ballots: number }> {
	const rows = await db.select({ points: assemblyDotBallot.points }).from(assemblyDotBallot).where(eq(assemblyDotBallot.assemblyId, assemblyId));
	const sums: Record<string, number> = {};
	for (const r of rows) for (const [k, v] of Object.entries(r.points)) sums[k] = (sums[k] ?? 0) + v;
	return { sums, ballots: rows.length };
}

export async function dotCounts(db: DbOrTx, assemblyId: string): Promise<{ issued: number; ballots: number }> {
	const [issued] = await db.select({ n: count() }).from(assemblyDotCode).where(eq(assemblyDotCode.assemblyId, assemblyId));
	const [ballots] = await db.select({ n: count() }).from(assemblyDotBallot).where(eq(assemblyDotBallot.assemblyId, assemblyId));
	return { issued: issued?.n ?? 0, ballots: ballots?.n ?? 0 };
}

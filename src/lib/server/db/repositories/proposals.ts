// Writes of ideas (issue 4): one transaction per submission, with cost items, the first status and the
// domain event (house rule 7), serialised per applicant and round so a double click cannot file it twice.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { ProgrammeRules } from '../../../core/process/programme.ts';
import type { Db } from '../client.ts';
import { costItem, programme, proposal, proposalStatus, round, roundPhase } from '../schema/index.ts';
import { appendEvent } from './events.ts';

export type RoundForSubmission = {
	id: string;
	slug: string;
	title: string;
	districtId: string;
	budgetCents: number;
	rules: ProgrammeRules;
	phases: { key: string; startsAt: string; endsAt: string | null }[];
};

export async function roundForSubmission(db: Db, slug: string): Promise<RoundForSubmission | null> {
	const [r] = await db
		.select({ id: round.id, slug: round.slug, year: round.year, budgetCents: round.budgetCents, districtId: programme.districtId, rules: programme.rules, programmeName: programme.name })
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

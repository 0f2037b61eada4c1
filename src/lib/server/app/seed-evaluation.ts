/**
 * Demo data of the evaluation area (issue 7): a Stadtteilbudget round in Baumschulenweg whose online vote
 * closed last month and asked the voluntary age band on the ballot, so the round's evaluation page shows the
 * re-weighted result beside the official one. The ballots are counted exactly as the close counts them
 * (shuffled, written as Pabulib, tallied from the file). Idempotent: nothing happens when the vote exists.
 */
import { createHash, randomBytes } from 'node:crypto';
import { configHash, voteConfigFor } from '../../core/ballot/vote.ts';
import { TEMPLATES } from '../../core/process/programme.ts';
import type { Tx } from '../db/client.ts';
import { seedClosedVote } from '../db/repositories/ballot-age.ts';
import { ensureProgramme } from '../db/repositories/seed.ts';
import { ensureDemoVoteRound } from './seed-vote-round.ts';
import { ballotProjects } from '../db/repositories/voting.ts';
import { DEMO_PROJECTS, demoBallots } from './seed-evaluation-data.ts';
import { countBallots } from './voting.ts';

export const REWEIGHT_DEMO_REGION = { id: '091003', name: 'Baumschulenweg', slug: 'baumschulenweg' } as const;

export async function seedReweightedVote(tx: Tx, o: { districtId: string; year: number; at: Date }): Promise<number> {
	// The same programme as the voting demo (seed.ts seedVotingDemo): knapsack ballot, Equal Shares with Add1.
	const rules = { ...TEMPLATES.stadtteilbudget, ballot: 'knapsack' as const, tallyRule: 'mes-add1' };
	const programmeId = await ensureProgramme(tx, { districtId: o.districtId, slug: 'stadtteilbudget', template: 'stadtteilbudget', name: 'Stadtteilbudget', rules }, o.at);
	const month = (m: number) => new Date(Date.UTC(o.at.getUTCFullYear(), o.at.getUTCMonth() + m, 1));
	const slug = `stadtteilbudget-${o.year}-${REWEIGHT_DEMO_REGION.slug}`;
	const budgetCents = rules.allocation.kind === 'fixed' ? rules.allocation.perRegionCents : 1_000_000;
	const r = await ensureDemoVoteRound(tx, {
		programmeId,
		regionId: REWEIGHT_DEMO_REGION.id,
		districtId: o.districtId,
		year: o.year,
		slug,
		budgetCents,
		at: o.at,
		phases: [
			['ideas', -8, -6],
			['review', -6, -3],
			['voting', -3, -1],
			['implementation', -1, 11]
		],
		ideas: DEMO_PROJECTS,
		submitted: -7,
		eligible: -4
	});
	const projects = await ballotProjects(tx, r.id);
	const made = voteConfigFor({ round: { slug, title: `Stadtteilbudget ${o.year}`, budgetCents }, rules, projects }, createHash('sha256').update(slug).digest('hex').slice(0, 32));
	if (!made.ok) throw new Error(`demo vote: ${made.problem}`);
	const byTitle = new Map(projects.map((p) => [p.title, p.id]));
	const demo = demoBallots();
	const choices = demo.map((b) => b.titles.map((t) => ({ projectId: byTitle.get(t)!, points: 1 })));
	const counted = countBallots(made.config, choices);
	// Cast on the days of the voting phase, the day only (as real ballots).
	const days = Math.max(1, Math.round((month(-1).getTime() - month(-3).getTime()) / 86_400_000));
	const created = await seedClosedVote(tx, {
		roundId: r.id,
		config: made.config,
		configHash: configHash(made.config),
		openedAt: month(-3),
		closedAt: month(-1),
		result: counted.result,
		file: counted.file,
		sha256: counted.sha256,
		ballots: demo.map((b, i) => ({
			choices: choices[i]!,
			ageBand: b.ageBand,
			castOn: new Date(month(-3).getTime() + ((i * 7) % days) * 86_400_000).toISOString().slice(0, 10),
			receiptHash: createHash('sha256').update(randomBytes(16)).digest('hex')
		}))
	});
	return r.created && created ? 1 : 0;
}

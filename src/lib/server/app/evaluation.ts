/**
 * Who did we reach? (issue 7): anonymous answers from every channel, and per round a dashboard of
 * participation, ideas and representativeness against the registered population. Every number shown or
 * exported passes small-cell suppression (core/evaluation/representation.ts).
 */
import { can, type Actor } from '../../core/access/policy.ts';
import { cleanAnswers, DIMENSIONS, populationFor, type DemographicAnswers, type Dimension } from '../../core/evaluation/demographics.ts';
import { DEFAULT_MIN_CELL, PREFER_NOT_TO_SAY, representation, suppressedCells, type RepresentationTable } from '../../core/evaluation/representation.ts';
import { localDay } from '../../core/calendar/dates.ts';
import { channelTimeline, type Timeline } from '../../core/evaluation/timeline.ts';
import { weightingTable, type WeightingTable } from '../../core/evaluation/weighting.ts';
import { forbidden, notFound, ok, type Outcome } from '../../core/shared/outcome.ts';
import { BALLOT_AGE_BANDS, reweightedResult, type ReweightedView } from '../../core/evaluation/ballot-weights.ts';
import type { Choice } from '../../core/ballot/ballot.ts';
import type { VoteConfig } from '../../core/ballot/vote.ts';

export const RESPONSE_CHANNELS = ['online', 'idea_form', 'paper', 'assembly', 'mobile_office', 'kiosk', 'phone'] as const;
/** Channels of the website's own questionnaire; staff type in cards from the others. */
export const WEB_CHANNELS: readonly string[] = ['online', 'idea_form'];
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];
/** Channels that are not the website: the analog side of "analog vs digital" (PRODUCT.md problem 2). */
export const ANALOG = new Set(['paper', 'assembly', 'mobile_office', 'phone', 'email']);

export type EvalRound = {
	id: string;
	slug: string;
	year: number;
	programmeName: string;
	place: string;
	districtId: string;
	districtSlug: string;
	regionId: string | null;
	budgetCents: number;
};

export type EvaluationPort = {
	round(slug: string): Promise<EvalRound | null>;
	/** Latest register counts (column → count, as in the population CSV) of the region, or of the whole district. */
	population(districtId: string, regionId: string | null): Promise<{ asOf: string | null; counts: Record<string, number> }>;
	/** Answers counted per dimension and group. */
	answerCounts(roundId: string): Promise<{ dimension: string; value: string; n: number }[]>;
	responseCounts(roundId: string): Promise<{ channel: string; month: string; n: number }[]>;
	ideaCounts(roundId: string): Promise<{ channel: string; status: string; n: number; requestedCents: number }[]>;
	/** Public ideas per channel and month (Berlin) they were handed in. */
	ideaMonths(roundId: string): Promise<{ channel: string; month: string; n: number }[]>;
	insertResponse(r: { roundId: string; channel: ResponseChannel; answers: DemographicAnswers; day: string }): Promise<void>;
	roundsOfDistrict(districtSlug: string): Promise<{ district: { id: string; slug: string; name: string } | null; rounds: EvalRound[] }>;
	/** The voluntary age-band question on the ballot (re-weighted result): asked in this round? */
	ballotAgeAsked(roundId: string): Promise<boolean>;
	setBallotAgeQuestion(r: { roundId: string; districtId: string }, asked: boolean, by: string, at: Date): Promise<'ok' | 'locked'>;
	voteOpened(roundId: string): Promise<boolean>;
	closedVoteWithAgeBands(roundId: string): Promise<{ config: VoteConfig; winners: string[]; ballots: { choices: Choice[]; ageBand: string | null }[] } | null>;
};

export type { ReweightedView };

// Statuses that mean "passed the pre-check" and "was funded", for the rates (core/process/proposal-status.ts).
const PASSED_CHECK = new Set(['eligible', 'presented', 'approved', 'rejected', 'applied', 'granted', 'in_implementation', 'settled', 'closed']);
const CHECKED = new Set([...PASSED_CHECK, 'ineligible']);
const FUNDED = new Set(['approved', 'applied', 'granted', 'in_implementation', 'settled', 'closed']);
const SETTLED = new Set(['settled', 'closed']);
const PUBLIC_IDEA = (s: string) => !['draft', 'unconfirmed', 'merged'].includes(s);

export type Rate = { numerator: number; denominator: number; share: number | null };
const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, share: denominator === 0 ? null : numerator / denominator });

export type Distribution = { dimension: Dimension; rows: { group: string; n: number | null }[]; answered: number | null };

export type EvaluationView = {
	round: EvalRound;
	k: number;
	populationAsOf: string | null;
	participation: { channel: string; analog: boolean; ideas: number | null; responses: number | null }[];
	/** Ideas and questionnaires per month, analog against digital. */
	timeline: Timeline;
	ideas: { count: number; requestedCents: number; budgetCents: number; eligibility: Rate; funding: Rate; settlement: Rate };
	responsesTotal: number | null;
	/** Dimensions the register covers: compared with the population. */
	representation: RepresentationTable[];
	/** Post-stratification weights by age, for information (core/evaluation/weighting.ts explains why not a re-weighted vote). */
	weighting: WeightingTable;
	/** Dimensions it does not cover: shown as counts only. */
	distributions: Distribution[];
	/** The re-weighted vote result by the ballot's age band, when the round asked for it (information only). */
	reweighted: ReweightedView;
};

const hide = (n: number, k: number) => (n > 0 && n < k ? null : n);

export async function evaluationPage(port: EvaluationPort, slug: string, k = DEFAULT_MIN_CELL): Promise<Outcome<EvaluationView>> {
	const round = await port.round(slug);
	if (!round) return notFound();
	const [pop, answers, responses, ideas, ideaMonths, reweighted] = await Promise.all([
		port.population(round.districtId, round.regionId),
		port.answerCounts(round.id),
		port.responseCounts(round.id),
		port.ideaCounts(round.id),
		port.ideaMonths(round.id),
		reweightedView(port, round, k)
	]);
	const byDim = new Map<string, Record<string, number>>();
	for (const a of answers) {
		const m = byDim.get(a.dimension) ?? {};
		m[a.value] = (m[a.value] ?? 0) + a.n;
		byDim.set(a.dimension, m);
	}
	const representationTables: RepresentationTable[] = [];
	const distributions: Distribution[] = [];
	for (const d of Object.keys(DIMENSIONS) as Dimension[]) {
		const counts = byDim.get(d) ?? {};
		const reference = populationFor(d, pop.counts);
		if (reference) representationTables.push(representation(d, counts, reference, k));
		else {
			const groups = [...DIMENSIONS[d], PREFER_NOT_TO_SAY];
			const full = Object.fromEntries(groups.map((g) => [g, counts[g] ?? 0]));
			const hidden = suppressedCells(full, k);
			const answered = Object.values(full).reduce((s, n) => s + n, 0);
			distributions.push({ dimension: d, answered: answered < k ? null : answered, rows: groups.map((g) => ({ group: g, n: answered < k || hidden.has(g) ? null : full[g]! })) });
		}
	}
	// Participation per channel: ideas handed in and questionnaires, each cell suppressed on its own.
	const channels = new Set<string>([...ideas.map((i) => i.channel), ...responses.map((r) => r.channel)]);
	const publicIdeas = ideas.filter((i) => PUBLIC_IDEA(i.status));
	const participation = [...channels].sort().map((channel) => ({
		channel,
		analog: ANALOG.has(channel),
		ideas: hide(publicIdeas.filter((i) => i.channel === channel).reduce((s, i) => s + i.n, 0), k),
		responses: hide(responses.filter((r) => r.channel === channel).reduce((s, r) => s + r.n, 0), k)
	}));
	const count = (pred: (s: string) => boolean) => publicIdeas.filter((i) => pred(i.status)).reduce((s, i) => s + i.n, 0);
	const total = count(() => true);
	const responsesTotal = responses.reduce((s, r) => s + r.n, 0);
	return ok({
		round,
		k,
		populationAsOf: pop.asOf,
		participation,
		timeline: channelTimeline(
			[...ideaMonths.map((i) => ({ ...i, kind: 'ideas' as const })), ...responses.map((r) => ({ ...r, kind: 'responses' as const }))],
			(c) => ANALOG.has(c),
			k
		),
		ideas: {
			count: total,
			// Idea counts and amounts are public anyway (every idea has its own page), so they are not suppressed.
			requestedCents: publicIdeas.filter((i) => i.status !== 'withdrawn').reduce((s, i) => s + i.requestedCents, 0),
			budgetCents: round.budgetCents,
			eligibility: rate(count((s) => PASSED_CHECK.has(s)), count((s) => CHECKED.has(s))),
			funding: rate(count((s) => FUNDED.has(s)), count((s) => s !== 'withdrawn')),
			settlement: rate(count((s) => SETTLED.has(s)), count((s) => FUNDED.has(s)))
		},
		responsesTotal: hide(responsesTotal, k),
		representation: representationTables,
		weighting: weightingTable('age', byDim.get('age') ?? {}, populationFor('age', pop.counts)!, k),
		distributions,
		reweighted
	});
}

/**
 * The closed vote recounted with the official rule and a weight per ballot from its age band (core
 * ballot-weights.ts). `waiting` while the vote is not closed: nothing about the bands is shown before.
 */
async function reweightedView(port: EvaluationPort, round: EvalRound, k: number): Promise<ReweightedView> {
	if (!(await port.ballotAgeAsked(round.id))) return { state: 'not_asked' };
	const vote = await port.closedVoteWithAgeBands(round.id);
	if (!vote) return { state: 'waiting' };
	const pop = await port.population(round.districtId, round.regionId);
	const r = reweightedResult(vote.config, vote.ballots, vote.winners, populationFor('age', pop.counts)!, k);
	if (!r) return { state: 'not_online' };
	const projects = vote.config.projects.map((p) => ({ id: p.id, title: p.title, official: r.official.includes(p.id), reweighted: r.reweighted.includes(p.id) }));
	return { state: 'ready', weights: r.weights, projects, changes: r.gained.length + r.lost.length, recountMatches: r.recountMatches };
}

/** The staff page of the ballot question: whether it is asked and whether it can still change. */
export async function ballotAgeSetting(port: EvaluationPort, actor: Actor | null, slug: string): Promise<Outcome<{ round: EvalRound; asked: boolean; locked: boolean }>> {
	const round = await port.round(slug);
	if (!round) return notFound();
	const d = can(actor, 'vote.manage', { districtId: round.districtId });
	if (!d.allowed) return forbidden(d.reason);
	const [asked, locked] = await Promise.all([port.ballotAgeAsked(round.id), port.voteOpened(round.id)]);
	return ok({ round, asked, locked });
}

export async function setBallotAgeSetting(port: EvaluationPort, actor: Actor | null, slug: string, asked: boolean, now: Date): Promise<Outcome<{ asked: boolean }> | { kind: 'locked' }> {
	const round = await port.round(slug);
	if (!round) return notFound();
	const d = can(actor, 'vote.manage', { districtId: round.districtId });
	if (!d.allowed || !actor) return forbidden(d.allowed ? 'not_signed_in' : d.reason);
	const r = await port.setBallotAgeQuestion({ roundId: round.id, districtId: round.districtId }, asked, actor.userId, now);
	return r === 'locked' ? { kind: 'locked' } : ok({ asked });
}

/** The bands the ballot page offers, or null when the round does not ask. */
export async function ballotAgeBands(port: EvaluationPort, roundId: string): Promise<readonly string[] | null> {
	return (await port.ballotAgeAsked(roundId)) ? BALLOT_AGE_BANDS : null;
}

/** The questionnaire form as typed: keeps the answers for the page when something is wrong. */
export type ResponseForm = { answers: DemographicAnswers; channel: string };

export async function submitResponse(
	port: EvaluationPort,
	actor: Actor | null,
	slug: string,
	form: FormData,
	now: Date,
	opts: { staff: boolean }
): Promise<Outcome<{ roundSlug: string }> | { kind: 'invalid_form'; values: ResponseForm; issues: Record<string, string> }> {
	const round = await port.round(slug);
	if (!round) return notFound();
	const answers = cleanAnswers(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
	let channel: ResponseChannel = 'online';
	if (opts.staff) {
		// Staff type in cards from the analog channels; the website's own form is always 'online'.
		if (!can(actor, 'evaluation.enter', { districtId: round.districtId, regionId: round.regionId ?? undefined, roundId: round.id }).allowed) return forbidden('evaluation.enter');
		const raw = String(form.get('channel') ?? '');
		if (!(RESPONSE_CHANNELS as readonly string[]).includes(raw) || WEB_CHANNELS.includes(raw))
			return { kind: 'invalid_form', values: { answers, channel: raw }, issues: { channel: 'channel' } };
		channel = raw as ResponseChannel;
	} else if (form.get('weg') === 'idee') {
		// Reached from the thank-you note after handing in an idea (issue 7 "at every channel"). Only the channel is
		// kept: the link carries no idea id, so the answers cannot be linked to the idea.
		channel = 'idea_form';
	}
	if (Object.keys(answers).length === 0) return { kind: 'invalid_form', values: { answers, channel }, issues: { age: 'empty' } };
	await port.insertResponse({ roundId: round.id, channel, answers, day: localDay(now, 'Europe/Berlin') });
	return ok({ roundSlug: round.slug });
}

/** District comparison across rounds (issue 7: "comparison across rounds and regions"). */
export async function districtEvaluation(port: EvaluationPort, districtSlug: string, k = DEFAULT_MIN_CELL) {
	const { district, rounds } = await port.roundsOfDistrict(districtSlug);
	if (!district) return notFound();
	const rows = [];
	for (const r of rounds) {
		const v = await evaluationPage(port, r.slug, k);
		if (v.kind !== 'ok') continue;
		const idx = Object.fromEntries(v.value.representation.map((t) => [t.dimension, t.dissimilarity]));
		rows.push({
			slug: r.slug,
			year: r.year,
			programmeName: r.programmeName,
			place: r.place,
			ideas: v.value.ideas.count,
			responses: v.value.responsesTotal,
			analogShare: (() => {
				const ideas = v.value.participation.reduce((s, p) => s + (p.ideas ?? 0), 0);
				const analog = v.value.participation.filter((p) => p.analog).reduce((s, p) => s + (p.ideas ?? 0), 0);
				return ideas === 0 ? null : analog / ideas;
			})(),
			eligibility: v.value.ideas.eligibility.share,
			funding: v.value.ideas.funding.share,
			dissimilarity: { age: idx.age ?? null, gender: idx.gender ?? null, migration: idx.migration ?? null },
			// Groups whose whole confidence interval lies below their population share (representation.ts).
			underRepresented: v.value.representation.flatMap((t) => t.rows.filter((x) => x.flag === 'under').map((x) => x.group))
		});
	}
	return ok({ district, k, rows });
}

/** Whether this staff member may type in cards for this round (a Kiezpat:in only in her region). */
export async function entryGate(port: EvaluationPort, actor: Actor | null, slug: string): Promise<Outcome<EvalRound>> {
	const round = await port.round(slug);
	if (!round) return notFound();
	const d = can(actor, 'evaluation.enter', { districtId: round.districtId, regionId: round.regionId ?? undefined, roundId: round.id });
	return d.allowed ? ok(round) : forbidden(d.reason);
}

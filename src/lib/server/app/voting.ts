/**
 * Online voting use cases (issue 5; PRODUCT.md "Voting and results"; research/public-sector.md §5).
 * Voters: open the ballot with a printed code or an account, cast, check a receipt. Staff: make code
 * batches (PDF once), switch a batch off, close the vote and publish the result. Results exist only after
 * the close, for every role (E-05; CONSUL #4771).
 */
import { ageQuestionAsked } from '../db/repositories/ballot-age.ts';
import { cleanAgeBand } from '../../core/evaluation/ballot-weights.ts';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { can, type Actor } from '../../core/access/policy.ts';
import { checkBallot, type BallotProblem, type Choice } from '../../core/ballot/ballot.ts';
import { parseCode, parseReceipt } from '../../core/ballot/codes.ts';
import { explainResult } from '../../core/ballot/explain.ts';
import { shuffled } from '../../core/ballot/order.ts';
import { blurb } from '../../core/ballot/blurb.ts';
import { configHash, electionFor, specFor, voteConfigFor, type VoteConfig, type VoteSetupProblem } from '../../core/ballot/vote.ts';
import { phaseAllows, type PhaseKey } from '../../core/process/programme.ts';
import { parsePabulib, writePabulib } from '../../core/tally/pabulib.ts';
import { tally } from '../../core/tally/tally.ts';
import type { TallyResult } from '../../core/tally/result.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/voting.ts';
import * as channelRepo from '../db/repositories/voting-channels.ts';
import { phaseStates } from './public-read.ts';
import type { VoteSecrets } from './voting-secrets.ts';
import { createVotingChannels } from './voting-channels.ts';
import { ideasMap } from './ideas.ts';

/** Failed code entries per client before a pause (public-sector.md S-08; online guessing stays hopeless). */
export const CODE_ENTRY_LIMIT = 10;
const WINDOW_MS = 15 * 60 * 1000;
export const MAX_BATCH = 2000;

type RoundInfo = repo.RoundForVoting;
export type Ballot = { config: VoteConfig; configHash: string; projects: VoteConfig['projects'] };

export type VoteState =
	| { kind: 'not_found' }
	| { kind: 'not_voting'; round: { slug: string; title: string }; closed: boolean; published: boolean }
	| { kind: 'not_online'; round: { slug: string; title: string }; problem: VoteSetupProblem }
	| { kind: 'open'; round: { slug: string; title: string }; config: VoteConfig; configHash: string; roundId: string };

function currentPhase(r: RoundInfo, now: Date): PhaseKey | null {
	const i = phaseStates(r.phases, now).indexOf('running');
	return i >= 0 ? (r.phases[i]!.key as PhaseKey) : null;
}

async function load(db: Db, slug: string) {
	return repo.roundForVoting(db, slug.slice(0, 200));
}

/**
 * The vote of a round as it stands. While the voting phase runs and nobody has opened it yet, this fixes
 * the configuration from the programme's rules and the eligible ideas (E-04: locked from then on).
 */
export async function voteState(db: Db, slug: string, now: Date): Promise<VoteState> {
	const r = await load(db, slug);
	if (!r) return { kind: 'not_found' };
	const round = { slug: r.slug, title: r.title };
	let vr = await repo.voteRoundOf(db, r.id);
	if (vr?.closedAt) return { kind: 'not_voting', round, closed: true, published: vr.result !== null };
	if (!phaseAllows(currentPhase(r, now), 'vote') || currentPhase(r, now) !== 'voting') return { kind: 'not_voting', round, closed: false, published: false };
	if (!vr) {
		const projects = await repo.ballotProjects(db, r.id);
		const made = voteConfigFor({ round: { slug: r.slug, title: r.title, budgetCents: r.budgetCents }, rules: r.rules, projects }, randomBytes(16).toString('hex'));
		if (!made.ok) return { kind: 'not_online', round, problem: made.problem };
		vr = await repo.openVoteRound(db, { roundId: r.id, districtId: r.districtId }, made.config, configHash(made.config), now);
	}
	return { kind: 'open', round, config: vr.config, configHash: vr.configHash, roundId: r.id };
}

export type CodeEntry =
	| { kind: 'not_open' }
	| { kind: 'invalid'; reason: 'empty' | 'length' | 'character' | 'check' }
	| { kind: 'rate_limited' }
	/** Wrong or switched off: one neutral answer (E-03). */
	| { kind: 'unknown' }
	| { kind: 'already_voted' }
	| { kind: 'ok'; ticket: string; changing: boolean };

/** A voter types the code from their letter. */
export async function enterCode(db: Db, secrets: VoteSecrets, slug: string, raw: string, client: string, now: Date): Promise<CodeEntry> {
	const state = await voteState(db, slug, now);
	if (state.kind !== 'open' || state.config.identity !== 'code') return { kind: 'not_open' };
	const parsed = parseCode(raw.slice(0, 100));
	if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
	const bucket = secrets.clientBucket(client);
	const since = new Date(now.getTime() - WINDOW_MS);
	if ((await repo.recentFailures(db, bucket, since)) >= CODE_ENTRY_LIMIT) return { kind: 'rate_limited' };
	let found: { id: string } | null = null;
	for (const c of await repo.codeCandidates(db, state.roundId, secrets.lookup(state.roundId, parsed.code))) {
		if (c.deactivatedAt === null && (await secrets.verifyCode(c.hash, parsed.code))) found = c;
	}
	if (!found) {
		await repo.recordFailure(db, bucket, since, now);
		return { kind: 'unknown' };
	}
	const voterKey = `code:${found.id}`;
	const voted = await repo.registerEntry(db, state.roundId, voterKey);
	if (voted && !state.config.allowChange) return { kind: 'already_voted' };
	return { kind: 'ok', ticket: secrets.ticket(state.roundId, voterKey, now), changing: !!voted };
}

/** The projects in this voter's order (a fresh random order per ballot page, §5.4). */
export function ballotOrder(config: VoteConfig): VoteConfig['projects'] {
	return shuffled(config.projects, randomBytes(16).toString('hex'));
}

/** What the ballot shows of one project besides title and cost (issue 5). */
export type BallotCard = {
	/** The start of the description, plain text; `description` is the whole text when the blurb is cut. */
	blurb: string;
	description: string | null;
	place: string | null;
	image: { id: string; alt: string; width: number | null; height: number | null } | null;
	/** The project's point in the area drawing's box, if it has one inside. */
	point: { x: number; y: number } | null;
};
export type BallotArea = { width: number; height: number; path: string };

/**
 * The ballot's project cards: short text, full text, first image and place, with the round's area drawn
 * once (the page draws each point on it; the same server-drawn SVG as the idea page's "Place").
 */
export async function ballotCards(db: Db, slug: string, config: VoteConfig): Promise<{ cards: Record<string, BallotCard>; area: BallotArea | null }> {
	const rows = await repo.ballotCardRows(db, config.projects.map((p) => p.id));
	const firstImage = new Map<string, BallotCard['image']>();
	for (const im of rows.images) if (!firstImage.has(im.proposalId)) firstImage.set(im.proposalId, { id: im.id, alt: im.alt ?? '', width: im.width, height: im.height });
	const title = new Map(config.projects.map((p) => [p.id, p.title]));
	const map = await ideasMap(
		db,
		slug,
		rows.ideas.map((i) => ({ id: i.id, title: title.get(i.id) ?? '', point: i.location?.coordinates ?? null }))
	);
	const points = new Map((map?.markers ?? []).map((mk) => [mk.id, { x: mk.x, y: mk.y }]));
	const cards: Record<string, BallotCard> = {};
	for (const i of rows.ideas) {
		const b = blurb(i.description);
		cards[i.id] = { blurb: b.text, description: b.cut ? i.description : null, place: i.placeDescription?.trim() || null, image: firstImage.get(i.id) ?? null, point: points.get(i.id) ?? null };
	}
	return { cards, area: map && points.size > 0 ? { width: map.width, height: map.height, path: map.path } : null };
}

/** Reads the ballot fields: `p.<projectId>` = "on" / "1" for ticks, a number for points. */
export function readChoices(config: VoteConfig, form: FormData): { choices: Choice[]; values: Record<string, string> } {
	const values: Record<string, string> = {};
	const choices: Choice[] = [];
	for (const p of config.projects) {
		const v = form.get(`p.${p.id}`);
		if (typeof v !== 'string' || v.trim() === '') continue;
		const s = v.trim().slice(0, 12);
		values[p.id] = s;
		const points = config.ballot.kind === 'approval' || config.ballot.kind === 'knapsack' ? 1 : /^\d+$/.test(s) ? Number(s) : NaN;
		choices.push({ projectId: p.id, points: Number.isNaN(points) ? -1 : points });
	}
	return { choices, values };
}

export type CastOutcome =
	| { kind: 'not_open' }
	| { kind: 'forbidden'; reason: string }
	| { kind: 'expired' }
	| { kind: 'invalid'; problems: BallotProblem[]; values: Record<string, string>; ticket: string | null }
	| { kind: 'already_voted' }
	| { kind: 'no_previous'; values: Record<string, string>; ticket: string | null }
	| { kind: 'ok'; receipt: string; changed: boolean };

/**
 * Casts a ballot with a ticket from code entry or with the signed-in account. The server checks the
 * ballot whatever the page did (issue 5).
 */
/**
 * What a cast needs to know before its transaction, kept for a second per database and round: the round with
 * its phases, the fixed configuration (E-04: it cannot change once the vote is open) and whether the age band
 * is asked (locked at the opening too). The phase is still worked out from `now` on every cast, and the cast
 * transaction itself refuses a closed vote, so the only thing that can be a second old is a change of the
 * phase dates by staff. Four reads fewer per ballot (bench/voting).
 */
type CastInfo = { round: RoundInfo; vr: repo.VoteRoundRow; ageAsked: boolean };
const castCache = new WeakMap<Db, Map<string, { until: number; info: Promise<CastInfo | null> }>>();
const CAST_CACHE_MS = 1000;

/** The reads behind the cache; null when the vote is not open (then nothing is kept). */
async function castInfo(db: Db, slug: string, now: Date): Promise<CastInfo | null> {
	const state = await voteState(db, slug, now);
	if (state.kind !== 'open') return null;
	const [round, vr, ageAsked] = await Promise.all([load(db, slug), repo.voteRoundOf(db, state.roundId), ageQuestionAsked(db, state.roundId)]);
	return round && vr && !vr.closedAt ? { round, vr, ageAsked } : null;
}

async function castState(db: Db, slug: string, now: Date): Promise<{ state: VoteState; ageAsked: boolean }> {
	const perDb = castCache.get(db) ?? new Map();
	castCache.set(db, perDb);
	let entry = perDb.get(slug);
	if (!entry || entry.until <= Date.now()) {
		// One refresh at a time: the casts that arrive while it runs wait for the same reads. (Before, every cast
		// in flight when the entry ran out missed and read again: a burst of reads once a second under load.)
		entry = { until: Date.now() + CAST_CACHE_MS, info: castInfo(db, slug, now).catch(() => null) };
		perDb.set(slug, entry);
	}
	const info = await entry.info;
	if (info && currentPhase(info.round, now) === 'voting' && phaseAllows('voting', 'vote')) {
		const r = info.round;
		return { state: { kind: 'open', round: { slug: r.slug, title: r.title }, config: info.vr.config, configHash: info.vr.configHash, roundId: r.id }, ageAsked: info.ageAsked };
	}
	// Not open (or not any more): nothing is kept, and the full reads give the exact answer.
	if (perDb.get(slug) === entry) perDb.delete(slug);
	const state = await voteState(db, slug, now);
	return { state, ageAsked: state.kind === 'open' && (await ageQuestionAsked(db, state.roundId)) };
}

export async function castVote(
	db: Db,
	secrets: VoteSecrets,
	slug: string,
	who: { ticket: string } | { actor: Actor | null },
	form: FormData,
	now: Date
): Promise<CastOutcome> {
	const { state, ageAsked } = await castState(db, slug, now);
	if (state.kind !== 'open') return { kind: 'not_open' };
	const { config, roundId } = state;
	let voterKey: string;
	let ticket: string | null = null;
	if ('ticket' in who) {
		const key = secrets.readTicket(roundId, who.ticket, now);
		if (!key) return { kind: 'expired' };
		// Code tickets in code votes; register tickets (an account that proved eligibility) in account votes.
		if (!(config.identity === 'code' ? key.startsWith('code:') : key.startsWith('register:'))) return { kind: 'not_open' };
		voterKey = key;
		ticket = who.ticket;
	} else {
		if (config.identity !== 'account') return { kind: 'not_open' };
		if (!who.actor) return { kind: 'forbidden', reason: 'not_signed_in' };
		if (!who.actor.emailVerified) return { kind: 'forbidden', reason: 'email_not_verified' };
		// With a register file the account must first prove eligibility (proveEligibility → ticket).
		if ((await channelRepo.eligibleCount(db, roundId)) > 0) return { kind: 'forbidden', reason: 'register_required' };
		voterKey = `user:${who.actor.userId}`;
	}
	const { choices, values } = readChoices(config, form);
	// The voluntary age band (issue 7), only when the round asks for it; kept with the values if the ballot comes back.
	const ageBand = ageAsked ? cleanAgeBand(form.get('ageBand')) : null;
	if (ageBand) values.ageBand = ageBand;
	const checked = checkBallot(config.ballot, config.projects, choices);
	if (!checked.ok) return { kind: 'invalid', problems: checked.problems, values, ticket };
	const previousRaw = form.get('previousReceipt');
	const previous = config.allowChange && typeof previousRaw === 'string' && previousRaw.trim() !== '' ? parseReceipt(previousRaw) : null;
	if (config.allowChange && typeof previousRaw === 'string' && previousRaw.trim() !== '' && !previous) return { kind: 'no_previous', values, ticket };
	const receipt = secrets.newReceipt();
	const r = await repo.castBallot(db, {
		roundId,
		voterKey,
		channel: voterKey.startsWith('code:') ? 'code' : 'account',
		codeId: voterKey.startsWith('code:') ? voterKey.slice(5) : null,
		choices: checked.choices,
		// The day only, never the time (E-05).
		castOn: now.toISOString().slice(0, 10),
		receiptHash: secrets.receiptHash(receipt),
		receiptCheck: secrets.receiptCheck(receipt),
		ageBand,
		previous: previous ? { receiptHash: secrets.receiptHash(previous), receiptCheck: secrets.receiptCheck(previous) } : null
	});
	if (r.ok) return { kind: 'ok', receipt, changed: !!previous };
	switch (r.reason) {
		case 'already_voted':
			return { kind: 'already_voted' };
		case 'closed':
			return { kind: 'not_open' };
		case 'inactive':
			return { kind: 'expired' };
		case 'no_previous':
			return { kind: 'no_previous', values, ticket };
	}
}

export type ReceiptCheck = { kind: 'not_found' } | { kind: 'invalid' } | { kind: 'found' } | { kind: 'missing' };

/** The voter checks that their ballot is in the set (E-06). It says yes or no, never what was chosen. */
export async function checkReceipt(db: Db, secrets: VoteSecrets, slug: string, raw: string): Promise<ReceiptCheck> {
	const r = await load(db, slug);
	if (!r) return { kind: 'not_found' };
	const receipt = parseReceipt(raw.slice(0, 100));
	if (!receipt) return { kind: 'invalid' };
	return (await repo.receiptKnown(db, r.id, secrets.receiptHash(receipt))) ? { kind: 'found' } : { kind: 'missing' };
}

// ——— staff ———

async function staffRound(db: Db, actor: Actor | null, slug: string) {
	const r = await load(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const d = can(actor, 'vote.manage', { districtId: r.districtId });
	if (!d.allowed || !actor) return { kind: 'forbidden', reason: d.allowed ? 'not_signed_in' : d.reason } as const;
	return { kind: 'ok', round: r, actor } as const;
}

export async function votingAdmin(db: Db, actor: Actor | null, slug: string, now: Date) {
	const s = await staffRound(db, actor, slug);
	if (s.kind !== 'ok') return s;
	const state = await voteState(db, slug, now);
	const vr = await repo.voteRoundOf(db, s.round.id);
	return {
		kind: 'ok',
		round: { slug: s.round.slug, title: s.round.title },
		state: state.kind,
		identity: vr?.config.identity ?? (s.round.rules.whoMayVote === 'everyone' ? 'account' : 'code'),
		configHash: vr?.configHash ?? null,
		closed: !!vr?.closedAt,
		turnout: await repo.turnout(db, s.round.id),
		batches: await repo.codeBatches(db, s.round.id)
	} as const;
}

export type BatchOutcome =
	| { kind: 'not_found' }
	| { kind: 'forbidden'; reason: string }
	| { kind: 'invalid'; errors: Record<string, string>; values: { label: string; size: string } }
	| { kind: 'ok'; batchId: string; label: string; round: { slug: string; title: string }; codes: string[] };

/**
 * Makes a batch of codes. The plaintext codes leave only in the returned list, which the route turns into
 * the one PDF of letters (E-03: exported once; nothing to purge because nothing is stored).
 */
export async function createBatch(db: Db, secrets: VoteSecrets, actor: Actor | null, slug: string, form: FormData, now: Date): Promise<BatchOutcome> {
	const s = await staffRound(db, actor, slug);
	if (s.kind !== 'ok') return s;
	const label = String(form.get('label') ?? '').trim().slice(0, 120);
	const sizeRaw = String(form.get('size') ?? '').trim().slice(0, 12);
	const errors: Record<string, string> = {};
	if (!label) errors.label = 'voting_error_batch_label';
	const size = /^\d+$/.test(sizeRaw) ? Number(sizeRaw) : NaN;
	if (!(size >= 1 && size <= MAX_BATCH)) errors.size = 'voting_error_batch_size';
	if (Object.keys(errors).length) return { kind: 'invalid', errors, values: { label, size: sizeRaw } };
	const roundId = s.round.id;
	const codes = Array.from({ length: size }, () => secrets.newCode());
	const stored = await Promise.all(codes.map(async (code) => ({ lookup: secrets.lookup(roundId, code), hash: await secrets.hashCode(code) })));
	const batchId = await repo.insertCodeBatch(db, { roundId, districtId: s.round.districtId, label, createdBy: s.actor.userId, codes: stored }, now);
	return { kind: 'ok', batchId, label, round: { slug: s.round.slug, title: s.round.title }, codes };
}

export async function deactivateBatch(db: Db, actor: Actor | null, slug: string, batchId: string, now: Date) {
	const s = await staffRound(db, actor, slug);
	if (s.kind !== 'ok') return s;
	if (!/^[0-9a-f-]{36}$/.test(batchId)) return { kind: 'not_found' } as const;
	const done = await repo.deactivateBatch(db, { roundId: s.round.id, districtId: s.round.districtId }, batchId, s.actor.userId, now);
	return done ? ({ kind: 'ok' } as const) : ({ kind: 'not_found' } as const);
}

/** Counts a round's ballots: shuffled (E-07), written as Pabulib, read back, and tallied from that file. */
export function countBallots(config: VoteConfig, ballots: Choice[][]) {
	const spec = specFor(config);
	if (!spec) throw new Error(`rule ${config.tallyRule} is not an online count`);
	// Shuffle with a fresh Fisher–Yates from the CSPRNG so the file order says nothing about cast order.
	const mixed = ballots.slice();
	for (let i = mixed.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[mixed[i], mixed[j]] = [mixed[j]!, mixed[i]!];
	}
	const file = writePabulib(electionFor(config, mixed));
	// The published result is computed from the published file itself, so a recount from the download
	// starts from exactly the same input (same input hash).
	const result = tally(parsePabulib(file), spec);
	const sha256 = createHash('sha256').update(file, 'utf8').digest('hex');
	return { result: result as unknown as Record<string, unknown>, file, sha256, inputHash: result.inputHash, winners: result.winners };
}

export async function closeAndPublish(db: Db, actor: Actor | null, slug: string, now: Date) {
	const s = await staffRound(db, actor, slug);
	if (s.kind !== 'ok') return s;
	// Make sure the configuration exists if the voting phase is running (a vote nobody opened still closes).
	await voteState(db, slug, now);
	const r = await repo.closeVote(db, { roundId: s.round.id, districtId: s.round.districtId }, s.actor.userId, now, countBallots);
	if (r === 'ok') return { kind: 'ok' } as const;
	return { kind: 'conflict', reason: r } as const;
}

export type PublishedResult = {
	round: { slug: string; title: string };
	config: VoteConfig;
	configHash: string;
	result: TallyResult;
	ballotFileSha256: string;
	explanation: ReturnType<typeof explainResult>;
};

/** The published result, or null before the close — for every role alike (E-05). */
export async function publishedResult(db: Db, slug: string): Promise<PublishedResult | null> {
	const r = await load(db, slug);
	if (!r) return null;
	const vr = await repo.voteRoundOf(db, r.id);
	if (!vr?.closedAt || !vr.result || !vr.ballotFile || !vr.ballotFileSha256) return null;
	const result = vr.result as unknown as TallyResult;
	return {
		round: { slug: r.slug, title: r.title },
		config: vr.config,
		configHash: vr.configHash,
		result,
		ballotFileSha256: vr.ballotFileSha256,
		explanation: explainResult(parsePabulib(vr.ballotFile), result)
	};
}

/** The downloads of a published result: the anonymised ballots (.pb) and the result with its rule (JSON). */
export async function publishedFiles(db: Db, slug: string): Promise<{ pb: string; json: string; name: string } | null> {
	const r = await load(db, slug);
	if (!r) return null;
	const vr = await repo.voteRoundOf(db, r.id);
	if (!vr?.closedAt || !vr.result || !vr.ballotFile) return null;
	return { pb: vr.ballotFile, json: JSON.stringify(vr.result, null, 2) + '\n', name: r.slug };
}

/** The voting use cases with the database and secrets bound (container.ts), so routes never see either. */
export function createVoting(db: Db, secrets: VoteSecrets, now: () => Date = () => new Date()) {
	return {
		state: (slug: string) => voteState(db, slug, now()),
		enterCode: (slug: string, raw: string, client: string) => enterCode(db, secrets, slug, raw, client, now()),
		cast: (slug: string, who: { ticket: string } | { actor: Actor | null }, form: FormData) => castVote(db, secrets, slug, who, form, now()),
		checkReceipt: (slug: string, raw: string) => checkReceipt(db, secrets, slug, raw),
		ballotOrder,
		cards: (slug: string, config: VoteConfig) => ballotCards(db, slug, config),
		admin: (actor: Actor | null, slug: string) => votingAdmin(db, actor, slug, now()),
		createBatch: (actor: Actor | null, slug: string, form: FormData) => createBatch(db, secrets, actor, slug, form, now()),
		deactivateBatch: (actor: Actor | null, slug: string, batchId: string) => deactivateBatch(db, actor, slug, batchId, now()),
		close: (actor: Actor | null, slug: string) => closeAndPublish(db, actor, slug, now()),
		result: (slug: string) => publishedResult(db, slug),
		files: (slug: string) => publishedFiles(db, slug),
		// Kiosk and paper ballots (voting-channels.ts).
		...createVotingChannels(db, secrets, now)
	};
}
export type Voting = ReturnType<typeof createVoting>;

/**
 * Kiosk and paper voting (issue 5; PRODUCT.md "Voting and results": "staff-unlocked kiosk devices, paper
 * ballots entered by staff with a second-person check"; research/public-sector.md E-09). Both channels end
 * in the same has-voted register and ballot table as online voting, so nobody counts twice across channels.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { checkBallot, type BallotProblem, type Choice } from '../../core/ballot/ballot.ts';
import { parseCode } from '../../core/ballot/codes.ts';
import { parseSerial, sameEntry } from '../../core/ballot/paper.ts';
import { canonicalPerson, parseRegisterCsv } from '../../core/ballot/register.ts';
import type { VoteConfig } from '../../core/ballot/vote.ts';
import { can, type Actor } from '../../core/access/policy.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/voting.ts';
import * as channels from '../db/repositories/voting-channels.ts';
import type { VoteSecrets } from './voting-secrets.ts';
import type { EvaluationPort } from './evaluation.ts';
import { cleanAnswers } from '../../core/evaluation/demographics.ts';
import { BALLOT_AGE_BANDS, cleanAgeBand } from '../../core/evaluation/ballot-weights.ts';
import { ageQuestionAsked } from '../db/repositories/ballot-age.ts';
import { localDay } from '../../core/calendar/dates.ts';
import { readChoices, voteState } from './voting.ts';

/** The device token is 256 random bits, so a plain SHA-256 is enough to store it (ASVS 6.5.2). */
export const hashKioskToken = (token: string) => createHash('sha256').update(`kiosk\u0000${token}`).digest('hex');
export const KIOSK_COOKIE = 'kb_kiosk';
export const MAX_PAPER_PRINT = 500;

async function staffVote(db: Db, actor: Actor | null, slug: string, now: Date) {
	const r = await repo.roundForVoting(db, slug.slice(0, 200));
	if (!r) return { kind: 'not_found' } as const;
	const d = can(actor, 'vote.manage', { districtId: r.districtId });
	if (!d.allowed || !actor) return { kind: 'forbidden', reason: d.allowed ? 'not_signed_in' : d.reason } as const;
	const state = await voteState(db, r.slug, now);
	return { kind: 'ok', round: r, actor, state, ref: { roundId: r.id, districtId: r.districtId } } as const;
}

const day = (now: Date) => now.toISOString().slice(0, 10);
const uuidLike = (s: string) => /^[0-9a-f-]{36}$/.test(s);

/** A ballot as a voter or a clerk filled it in: checked by the same rule as online (issue 5: "the server validates always"). */
function readBallot(config: VoteConfig, form: FormData): { ok: true; choices: Choice[]; values: Record<string, string> } | { ok: false; problems: BallotProblem[]; values: Record<string, string> } {
	const { choices, values } = readChoices(config, form);
	const checked = checkBallot(config.ballot, config.projects, choices);
	return checked.ok ? { ok: true, choices: checked.choices, values } : { ok: false, problems: checked.problems, values };
}

/**
 * The voluntary age band (issue 7) at the kiosk and on paper, as online (`castVote`): read only when the round
 * asks it (the setting is locked at the opening), and only a known band or "prefer not to say" is kept;
 * anything else is no answer. Without it the re-weighted analysis would leave out kiosk and paper voters.
 */
async function readAgeBand(db: Db, roundId: string, form: FormData): Promise<string | null> {
	return (await ageQuestionAsked(db, roundId)) ? cleanAgeBand(form.get('ageBand')) : null;
}
const bandsIf = (asked: boolean) => (asked ? BALLOT_AGE_BANDS : null);

type PersonValues = { name: string; birthdate: string; postcode: string };
const personValues = (form: FormData, prefix = ''): PersonValues => ({
	name: String(form.get(`${prefix}name`) ?? '').slice(0, 200),
	birthdate: String(form.get(`${prefix}birthdate`) ?? '').slice(0, 20),
	postcode: String(form.get(`${prefix}postcode`) ?? '').slice(0, 10)
});

/**
 * A staff member identifies a person at the desk by their register entry (name, birth date, postcode): the
 * same has-voted key `register:<entry>` as when that person proves eligibility online, so one person has
 * one vote whether they vote online, at a kiosk or on paper.
 */
async function staffRegisterKey(db: Db, secrets: VoteSecrets, roundId: string, values: PersonValues): Promise<{ ok: true; voterKey: string } | { ok: false; field: 'name' | 'birthdate' | 'postcode'; error: string }> {
	const p = canonicalPerson(values);
	if (!p.ok) return { ok: false, field: p.field, error: `voting_staff_register_error_${p.field}` };
	const id = await channels.eligibleId(db, roundId, secrets.registerHash(roundId, p.key));
	if (!id) return { ok: false, field: 'name', error: 'voting_staff_register_error_unknown' };
	return { ok: true, voterKey: `register:${id}` };
}

/** Whether a round identifies voters by the register file (accounts plus an uploaded register). */
const usesRegister = async (db: Db, roundId: string, identity: string | null) => identity === 'account' && (await channels.eligibleCount(db, roundId)) > 0;

export function createVotingChannels(db: Db, secrets: VoteSecrets, now: () => Date) {
	const paperReceipt = () => secrets.receiptHash(`paper:${randomUUID()}`);
	return {
		// ——— kiosk, staff side ———
		async kioskAdmin(actor: Actor | null, slug: string) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			return {
				kind: 'ok',
				round: { slug: s.round.slug, title: s.round.title },
				open: s.state.kind === 'open',
				identity: s.state.kind === 'open' ? s.state.config.identity : null,
				register: s.state.kind === 'open' && (await usesRegister(db, s.round.id, s.state.config.identity)),
				devices: await channels.kiosks(db, s.round.id)
			} as const;
		},
		/** Makes the device the request comes from a kiosk; the token goes into its cookie, only the hash is kept. */
		async setupKiosk(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const label = String(form.get('label') ?? '').trim().slice(0, 80);
			if (!label) return { kind: 'invalid', errors: { label: 'voting_kiosk_error_label' }, values: { label } } as const;
			const token = randomBytes(32).toString('base64url');
			await channels.createKiosk(db, s.ref, { label, tokenHash: hashKioskToken(token), by: s.actor.userId }, now());
			return { kind: 'ok', token } as const;
		},
		/**
		 * Unlocks one device for one ballot after the staff member checked eligibility: with printed codes the
		 * voter hands over their letter and the code is used up here (one code, one ballot, any channel); with
		 * accounts ("everyone may vote") the staff member records that they saw an ID document.
		 */
		async unlockKiosk(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const deviceId = String(form.get('device') ?? '').slice(0, 40);
			if (!uuidLike(deviceId)) return { kind: 'not_found' } as const;
			const raw = String(form.get('code') ?? '').slice(0, 100);
			let voterKey: string;
			let check: 'code' | 'document' | 'register';
			let refusedField = `code-${deviceId}`;
			const person = personValues(form);
			if (s.state.config.identity === 'code') {
				const parsed = parseCode(raw);
				if (!parsed.ok) return { kind: 'invalid', deviceId, errors: { [`code-${deviceId}`]: `voting_error_code_${parsed.reason}` }, values: { code: raw } } as const;
				let found: string | null = null;
				for (const c of await repo.codeCandidates(db, s.round.id, secrets.lookup(s.round.id, parsed.code))) {
					if (c.deactivatedAt === null && (await secrets.verifyCode(c.hash, parsed.code))) found = c.id;
				}
				if (!found) return { kind: 'invalid', deviceId, errors: { [`code-${deviceId}`]: 'voting_error_code_unknown' }, values: { code: raw } } as const;
				voterKey = `code:${found}`;
				check = 'code';
			} else if (await usesRegister(db, s.round.id, s.state.config.identity)) {
				// With a register file only the people on it vote: the staff member types in the entry from the ID.
				const who = await staffRegisterKey(db, secrets, s.round.id, person);
				if (!who.ok) return { kind: 'invalid', deviceId, errors: { [`${who.field}-${deviceId}`]: who.error }, values: { code: '', person } } as const;
				voterKey = who.voterKey;
				check = 'register';
				refusedField = `name-${deviceId}`;
			} else {
				if (form.get('document') !== 'on') return { kind: 'invalid', deviceId, errors: { [`document-${deviceId}`]: 'voting_kiosk_error_document' }, values: { code: '' } } as const;
				voterKey = `kiosk:${randomUUID()}`;
				check = 'document';
			}
			const r = await channels.unlockKiosk(db, s.ref, { deviceId, voterKey, check, by: s.actor.userId }, now());
			if (r === 'ok') return { kind: 'ok', deviceId } as const;
			if (r === 'not_found') return { kind: 'not_found' } as const;
			// "Already voted" names what was checked: the letter's code, or the person on the register.
			const voted = check === 'register' ? 'voting_register_error_voted' : 'voting_error_already_voted';
			return { kind: 'invalid', deviceId, errors: { [refusedField]: r === 'busy' ? 'voting_kiosk_error_busy' : voted }, values: { code: raw, person } } as const;
		},
		async relockKiosk(actor: Actor | null, slug: string, deviceId: string) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (!uuidLike(deviceId)) return { kind: 'not_found' } as const;
			return (await channels.relockKiosk(db, s.ref, deviceId, s.actor.userId, now())) ? ({ kind: 'ok' } as const) : ({ kind: 'not_found' } as const);
		},

		// ——— kiosk, voter side (no account: the device's cookie and a staff unlock) ———
		async kioskScreen(slug: string, token: string | undefined) {
			const state = await voteState(db, slug, now());
			if (state.kind === 'not_found') return { kind: 'not_found' } as const;
			const round = state.round;
			if (state.kind !== 'open') return { kind: 'not_open', round } as const;
			const device = token ? await channels.kioskByToken(db, state.roundId, hashKioskToken(token.slice(0, 100))) : null;
			if (!device) return { kind: 'not_a_kiosk', round } as const;
			const ageBands = device.unlocked ? bandsIf(await ageQuestionAsked(db, state.roundId)) : null;
			return { kind: device.unlocked ? 'unlocked' : 'locked', round, device: device.label, config: state.config, ageBands } as const;
		},
		async kioskCast(slug: string, token: string | undefined, form: FormData) {
			const state = await voteState(db, slug, now());
			if (state.kind !== 'open') return { kind: 'not_open' } as const;
			if (!token) return { kind: 'locked' } as const;
			const b = readBallot(state.config, form);
			const ageBand = await readAgeBand(db, state.roundId, form);
			// A ballot that comes back keeps the chosen band with the ticks.
			if (ageBand) b.values.ageBand = ageBand;
			if (!b.ok) return { kind: 'invalid', problems: b.problems, values: b.values } as const;
			const receipt = secrets.newReceipt();
			const r = await channels.castAtKiosk(db, { roundId: state.roundId, tokenHash: hashKioskToken(token.slice(0, 100)), choices: b.choices, ageBand, castOn: day(now()), receiptHash: secrets.receiptHash(receipt) });
			return r === 'ok' ? ({ kind: 'ok', receipt } as const) : ({ kind: r } as const);
		},

		// ——— register file ———
		async registerAdmin(actor: Actor | null, slug: string) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			const vr = await repo.voteRoundOf(db, s.round.id);
			return {
				kind: 'ok',
				round: { slug: s.round.slug, title: s.round.title },
				identity: s.state.kind === 'open' ? s.state.config.identity : (vr?.config.identity ?? (s.round.rules.whoMayVote === 'everyone' ? 'account' : 'code')),
				closed: !!vr?.closedAt,
				entries: await channels.eligibleCount(db, s.round.id)
			} as const;
		},
		/**
		 * Stores an uploaded register file as keyed hashes only (the CSV itself is read in memory and dropped).
		 * Lines that cannot be read come back by number so the office can fix its export.
		 */
		async uploadRegister(actor: Actor | null, slug: string, csv: string | null) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			const vr = await repo.voteRoundOf(db, s.round.id);
			if (vr?.closedAt) return { kind: 'not_open' } as const;
			if (csv === null || csv.trim() === '') return { kind: 'invalid', errors: { file: 'voting_register_error_file' }, problems: [] } as const;
			const parsed = parseRegisterCsv(csv);
			if (parsed.keys.length === 0) return { kind: 'invalid', errors: { file: parsed.problems[0]?.reason === 'columns' ? 'voting_register_error_columns' : 'voting_register_error_empty' }, problems: parsed.problems.slice(0, 20) } as const;
			const hashes = [...new Set(parsed.keys.map((k) => secrets.registerHash(s.round.id, k)))];
			const r = await channels.addEligible(db, s.ref, hashes, s.actor.userId, now());
			return { kind: 'ok', added: r.added, duplicates: r.duplicates + (parsed.keys.length - hashes.length), skipped: parsed.problems.length, problems: parsed.problems.slice(0, 20) } as const;
		},
		/**
		 * A signed-in account proves it is on the register by typing name, birth date and postcode; a match
		 * gives a ticket for the register key, so the person votes once whichever account they use. Failed tries
		 * count against the account (public-sector.md S-08: no guessing other people's details).
		 */
		async proveEligibility(actor: Actor | null, slug: string, form: FormData) {
			const state = await voteState(db, slug, now());
			if (state.kind !== 'open' || state.config.identity !== 'account') return { kind: 'not_open' } as const;
			if (!actor) return { kind: 'forbidden', reason: 'not_signed_in' } as const;
			if (!actor.emailVerified) return { kind: 'forbidden', reason: 'email_not_verified' } as const;
			const values = { name: String(form.get('name') ?? '').slice(0, 200), birthdate: String(form.get('birthdate') ?? '').slice(0, 20), postcode: String(form.get('postcode') ?? '').slice(0, 10) };
			const p = canonicalPerson(values);
			if (!p.ok) return { kind: 'invalid', errors: { [p.field]: `voting_register_error_${p.field}` }, values } as const;
			const bucket = secrets.clientBucket(`register:${actor.userId}`);
			const since = new Date(now().getTime() - 15 * 60 * 1000);
			if ((await repo.recentFailures(db, bucket, since)) >= 10) return { kind: 'invalid', errors: { name: 'voting_error_code_rate' }, values } as const;
			const id = await channels.eligibleId(db, state.roundId, secrets.registerHash(state.roundId, p.key));
			if (!id) {
				await repo.recordFailure(db, bucket, since, now());
				return { kind: 'invalid', errors: { name: 'voting_register_error_unknown' }, values } as const;
			}
			const voterKey = `register:${id}`;
			const voted = await repo.registerEntry(db, state.roundId, voterKey);
			// A ballot cast at a kiosk or a paper ballot handed out cannot be changed online (one vote, any channel).
			if (voted && (!state.config.allowChange || voted.channel !== 'account')) return { kind: 'invalid', errors: { name: 'voting_register_error_voted' }, values } as const;
			return { kind: 'ok', ticket: secrets.ticket(state.roundId, voterKey, now()), changing: !!voted } as const;
		},
		/** Whether an account vote needs the register check (a register file was uploaded for the round). */
		registerRequired: async (roundId: string) => (await channels.eligibleCount(db, roundId)) > 0,

		// ——— paper ———
		async paperAdmin(actor: Actor | null, slug: string) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			const config = s.state.kind === 'open' ? s.state.config : ((await repo.voteRoundOf(db, s.round.id))?.config ?? null);
			const o = await channels.paperOverview(db, s.round.id);
			const ageBands = bandsIf(await ageQuestionAsked(db, s.round.id));
			const title = new Map((config?.projects ?? []).map((p) => [p.id, p.title]));
			const show = (invalid: boolean | null, cs: Choice[] | null) =>
				invalid ? null : (cs ?? []).map((c) => ({ title: title.get(c.projectId) ?? c.projectId, points: c.points }));
			return {
				kind: 'ok',
				round: { slug: s.round.slug, title: s.round.title },
				open: s.state.kind === 'open',
				config,
				me: s.actor.userId,
				register: s.state.kind === 'open' && (await usesRegister(db, s.round.id, s.state.config.identity)),
				ageBands,
				counts: { counted: o.counts.counted ?? 0, invalid: o.counts.invalid ?? 0, awaiting: o.counts.awaiting_second ?? 0, mismatch: o.counts.mismatch ?? 0 },
				awaiting: o.open.filter((p) => p.status === 'awaiting_second').map((p) => ({ serial: p.serial, mine: p.firstBy === s.actor.userId })),
				// The third person reads the paper itself; both readings are shown so they see where they differ.
				mismatches: o.open
					.filter((p) => p.status === 'mismatch')
					.map((p) => ({
						serial: p.serial,
						mine: p.firstBy === s.actor.userId || p.secondBy === s.actor.userId,
						first: show(p.firstInvalid, p.firstChoices),
						second: show(p.secondInvalid, p.secondChoices),
						// Each reading's age band (null: none ticked; not shown for a void reading or a round that does not ask).
						firstAgeBand: p.firstAgeBand,
						secondAgeBand: p.secondAgeBand,
						same: sameEntry({ invalid: p.firstInvalid, choices: p.firstChoices, ageBand: p.firstAgeBand }, { invalid: !!p.secondInvalid, choices: p.secondChoices ?? [], ageBand: p.secondAgeBand })
					}))
			} as const;
		},
		/**
		 * Hands a paper ballot to a person on the register: they are marked in the has-voted register (channel
		 * `paper_issued`) before they get the paper, so they can no longer vote online or at a kiosk, and a
		 * second paper ballot is refused. The paper itself stays anonymous (it is entered by its number).
		 */
		async issuePaper(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const person = personValues(form, 'issue-');
			if (!(await usesRegister(db, s.round.id, s.state.config.identity))) return { kind: 'no_register' } as const;
			const who = await staffRegisterKey(db, secrets, s.round.id, person);
			if (!who.ok) return { kind: 'invalid', errors: { [`issue-${who.field}`]: who.error }, values: person } as const;
			const r = await channels.issuePaper(db, s.ref, { voterKey: who.voterKey, by: s.actor.userId }, now());
			if (r === 'already_voted') return { kind: 'invalid', errors: { 'issue-name': 'voting_register_error_voted' }, values: person } as const;
			if (r === 'closed') return { kind: 'not_open' } as const;
			return { kind: 'ok' } as const;
		},
		async enterPaper(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const rawSerial = String(form.get('serial') ?? '').slice(0, 20);
			const serial = parseSerial(rawSerial);
			const invalid = form.get('invalid') === 'on';
			const b = readBallot(s.state.config, form);
			const ageBand = await readAgeBand(db, s.round.id, form);
			const values = { serial: rawSerial, invalid, choices: b.values, ageBand: ageBand ?? '' };
			const errors: Record<string, string> = {};
			if (!serial) errors.serial = 'voting_paper_error_serial';
			if (!invalid && !b.ok) errors.ballot = 'voting_paper_error_ballot';
			if (Object.keys(errors).length) return { kind: 'invalid', errors, problems: !invalid && !b.ok ? b.problems : [], values } as const;
			// A void paper is not counted, so its band is not kept either.
			const entry = { invalid, choices: b.ok && !invalid ? b.choices : [], ageBand: invalid ? null : ageBand };
			const r = await channels.enterPaper(db, s.ref, { serial: serial!, by: s.actor.userId, entry, castOn: day(now()), receiptHash: paperReceipt() }, now());
			if (r === 'same_person' || r === 'done' || r === 'already_counted')
				return { kind: 'invalid', errors: { serial: `voting_paper_error_${r}` }, problems: [], values } as const;
			if (r === 'closed') return { kind: 'not_open' } as const;
			return { kind: 'ok', outcome: r, serial: serial! } as const;
		},
		async decidePaper(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const serial = parseSerial(String(form.get('serial') ?? '').slice(0, 20));
			if (!serial) return { kind: 'not_found' } as const;
			const invalid = form.get('invalid') === 'on';
			const b = readBallot(s.state.config, form);
			const ageBand = await readAgeBand(db, s.round.id, form);
			if (ageBand) b.values.ageBand = ageBand;
			if (!invalid && !b.ok) return { kind: 'invalid', serial, errors: {}, problems: b.problems, values: b.values } as const;
			const entry = { invalid, choices: b.ok && !invalid ? b.choices : [], ageBand: invalid ? null : ageBand };
			const r = await channels.decidePaper(db, s.ref, { serial, by: s.actor.userId, entry, castOn: day(now()), receiptHash: paperReceipt() }, now());
			if (r === 'not_found') return { kind: 'not_found' } as const;
			if (r === 'closed') return { kind: 'not_open' } as const;
			if (r === 'same_person' || r === 'already_counted') return { kind: 'invalid', serial, errors: { [`decide-${serial}-invalid`]: `voting_paper_error_${r}` }, problems: [], values: b.values } as const;
			return { kind: 'ok', outcome: r, serial } as const;
		},
		/** The printable ballots: the round's projects (list order, as the paper cannot shuffle) and numbers. */
		async paperPrint(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffVote(db, actor, slug, now());
			if (s.kind !== 'ok') return s;
			if (s.state.kind !== 'open') return { kind: 'not_open' } as const;
			const fromRaw = String(form.get('from') ?? '').trim().slice(0, 12);
			const countRaw = String(form.get('count') ?? '').trim().slice(0, 12);
			const from = parseSerial(fromRaw);
			const n = /^\d+$/.test(countRaw) ? Number(countRaw) : NaN;
			const errors: Record<string, string> = {};
			if (!from) errors.from = 'voting_paper_error_from';
			if (!(n >= 1 && n <= MAX_PAPER_PRINT)) errors.count = 'voting_paper_error_count';
			if (!from || Object.keys(errors).length) return { kind: 'invalid', errors, values: { from: fromRaw, count: countRaw } } as const;
			const first = Number(from);
			if (first + n - 1 > 99_999_999) return { kind: 'invalid', errors: { from: 'voting_paper_error_from' }, values: { from: fromRaw, count: countRaw } } as const;
			// The printed ballot carries the voluntary age-band boxes when the round asks (issue 7).
			const ageBands = bandsIf(await ageQuestionAsked(db, s.round.id));
			return { kind: 'ok', round: { slug: s.round.slug, title: s.round.title }, config: s.state.config, ageBands, serials: Array.from({ length: n }, (_, i) => String(first + i)) } as const;
		}
	};
}
export type VotingChannels = ReturnType<typeof createVotingChannels>;

/**
 * The optional questions about who voted, offered after a ballot is cast (issue 5 item 5; PRODUCT.md
 * "optional anonymous demographics at every channel"). A separate request and transaction from the ballot:
 * the answer row holds the round, the channel and the day only — no ballot id, receipt, device or time — so
 * it cannot be joined to the ballot (the table's rule, schema/evaluation.ts). Paper voters' cards are typed
 * in by staff on the evaluation page (channel "paper").
 */
export async function submitVoterDemographics(
	port: EvaluationPort,
	slug: string,
	form: FormData,
	channel: 'online' | 'kiosk',
	now: Date
): Promise<{ kind: 'ok' } | { kind: 'not_found' } | { kind: 'empty'; values: Record<string, string> }> {
	const round = await port.round(slug.slice(0, 200));
	if (!round) return { kind: 'not_found' };
	const answers = cleanAnswers(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
	if (Object.keys(answers).length === 0) return { kind: 'empty', values: {} };
	await port.insertResponse({ roundId: round.id, channel, answers, day: localDay(now, 'Europe/Berlin') });
	return { kind: 'ok' };
}

/**
 * The Kiezkassenversammlung (issue 5; PRODUCT.md lifecycle step 4; domain.md §1.4–1.5). Staff with
 * `assembly.moderate` for the round's region (the Kiezpat:in of that Bezirksregion, or the district office) open a
 * sitting, build the agenda, choose the method, count people at the door, record votes live and close it; the
 * projector view and the minutes are public. Every use case starts with the policy check (house rule 5).
 */
import { createHash } from 'node:crypto';
import { can, type Actor } from '../../core/access/policy.ts';
import { availableBudget, checkEntry, decide, eligiblePresent, parseMethod, type Decision, type Entry, type EntryProblem, type ItemOutcome, type MethodConfig } from '../../core/assembly/assembly.ts';
import { cleanAnswers, DIMENSIONS } from '../../core/evaluation/demographics.ts';
import { parseEuroInput } from '../../core/shared/money.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/assembly.ts';
import * as dots from '../db/repositories/assembly-dots.ts';
import { createAssemblyDots } from './assembly-dots.ts';
import { assemblyMinutesPdf } from '../documents/assembly-minutes.ts';

/** The questions asked on the attendee card: the ones the population register can be compared with (issue 5). */
export const CARD_DIMENSIONS = ['age', 'gender', 'migration'] as const satisfies readonly (keyof typeof DIMENSIONS)[];
/** Highest amount typed for an idea brought in on the spot: a Kiezkasse has a few thousand euros (domain.md §1.1). */
const MAX_SPONTANEOUS_CENTS = 100_000_00;

type Staff = { kind: 'ok'; actor: Actor } | { kind: 'forbidden' } | { kind: 'not_found' };

function gate(actor: Actor | null, r: repo.AssemblyRound): Staff {
	// Kiezpat:innen act only in their own Bezirksregion (core/access scopes); district staff in their district.
	const d = can(actor, 'assembly.moderate', { districtId: r.districtId, regionId: r.regionId ?? undefined, roundId: r.id });
	return d.allowed && actor ? { kind: 'ok', actor } : { kind: 'forbidden' };
}

const roundTitle = (r: repo.AssemblyRound) => `${r.programmeName} ${r.regionName ?? ''} ${r.year}`.replace(/\s+/g, ' ').trim();
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);
const text = (form: FormData, k: string, max: number) => String(form.get(k) ?? '').trim().slice(0, max);

/**
 * Adds the phones' points to the paper dots the moderator recorded (issue 5: "paper dots are added as counts").
 * An item with phone points but no recorded paper count still counts, for the amount asked (dot voting cuts
 * amounts only where the moderator typed a lower one).
 */
export function withPhoneDots(list: repo.ItemRow[], method: MethodConfig, sums: Record<string, number>): repo.ItemRow[] {
	if (method.method !== 'dots') return list;
	return list.map((it) => {
		const phone = sums[it.proposalId] ?? 0;
		if (phone === 0) return it;
		return { ...it, recorded: true, points: (it.recorded ? (it.points ?? 0) : 0) + phone, approvedCents: it.approvedCents ?? it.requestedCents };
	});
}

export function entryOf(it: repo.ItemRow, method: MethodConfig): Entry | null {
	if (!it.recorded || it.approvedCents === null) return null;
	switch (method.method) {
		case 'yes_no':
			return { kind: 'yes_no', yes: it.yes ?? 0, no: it.no ?? 0, abstain: it.abstain ?? 0, approvedCents: it.approvedCents };
		case 'dots':
			return { kind: 'dots', points: it.points ?? 0, approvedCents: it.approvedCents };
		case 'consensus':
			return { kind: 'consensus', agreed: !!it.agreed, approvedCents: it.approvedCents };
	}
}

/** The state everybody sees: moderator page, projector, minutes. Budget before the start: what the sitting would get. */
async function snapshot(db: Db, a: repo.AssemblyRow, round: repo.AssemblyRound) {
	// Phone dots are secret until the close (issue 5: "results appear when the moderator closes").
	const list = a.state === 'closed' ? withPhoneDots(await repo.items(db, a.id), a.method, (await dots.dotSums(db, a.id)).sums) : await repo.items(db, a.id);
	const attendance = { residents: a.residents, others: a.others };
	const eligible = eligiblePresent(a.method.electorate, attendance);
	const budgetCents = a.budgetCents ?? availableBudget(round.budgetCents, await repo.fundedEarlier(db, round.id));
	const decision = decide(
		a.method,
		budgetCents,
		eligible,
		list.map((it) => ({ id: it.proposalId, requestedCents: it.requestedCents, entry: entryOf(it, a.method) }))
	);
	return {
		id: a.id,
		round: { slug: round.slug, title: roundTitle(round), regionName: round.regionName },
		sitting: a.sitting,
		heldAt: a.heldAt.toISOString(),
		place: a.place,
		state: a.state as 'preparing' | 'running' | 'closed',
		method: a.method,
		attendance,
		eligible,
		budgetCents,
		version: a.version,
		hasMinutes: a.minutesSha256 !== null,
		minutesSha256: a.minutesSha256,
		items: list.map((it) => ({
			id: it.proposalId,
			title: it.title,
			channel: it.channel,
			requestedCents: it.requestedCents,
			entry: entryOf(it, a.method),
			outcome: decision.outcomes[it.proposalId] ?? ('open' as ItemOutcome),
			fundedCents: decision.fundedCents[it.proposalId] ?? 0
		})),
		spentCents: decision.spentCents,
		remainingCents: decision.remainingCents
	};
}
export type AssemblySnapshot = Awaited<ReturnType<typeof snapshot>>;

// ——— staff: the round's sittings and a new one ———

export type MethodValues = { method: string; majority: string; points: string; electorate: string };
export type CreateValues = MethodValues & { date: string; time: string; place: string };

function readMethod(form: FormData): MethodValues {
	return { method: text(form, 'method', 20), majority: text(form, 'majority', 20), points: text(form, 'points', 5), electorate: text(form, 'electorate', 30) };
}

function readWhenWhere(form: FormData, errors: Record<string, string>) {
	const date = text(form, 'date', 10);
	const time = text(form, 'time', 5);
	const place = text(form, 'place', 200);
	// Berlin time as typed at the door; stored as an instant (Europe/Berlin is UTC+1/+2, the offset is read back
	// from the calendar day so summer assemblies come out right).
	let heldAt: Date | null = null;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) errors.date = 'assembly_error_date';
	if (!/^\d{2}:\d{2}$/.test(time)) errors.time = 'assembly_error_time';
	if (!errors.date && !errors.time) heldAt = berlinToInstant(date, time);
	if (!place) errors.place = 'assembly_error_place';
	return { date, time, place, heldAt };
}

/** Local Berlin wall-clock time → instant (the offset of that moment in Europe/Berlin). */
export function berlinToInstant(date: string, time: string): Date {
	const guess = new Date(`${date}T${time}:00Z`);
	const berlin = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Berlin' }));
	const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
	return new Date(guess.getTime() - (berlin.getTime() - utc.getTime()));
}

function methodErrors(problems: string[]): Record<string, string> {
	return Object.fromEntries(problems.map((p) => [p, `assembly_error_${p}`]));
}

export async function roundAssemblies(db: Db, actor: Actor | null, slug: string) {
	const r = await repo.roundBySlug(db, slug.slice(0, 200));
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, r);
	if (g.kind !== 'ok') return g;
	const budget = availableBudget(r.budgetCents, await repo.fundedEarlier(db, r.id));
	return {
		kind: 'ok',
		round: { slug: r.slug, title: roundTitle(r) },
		defaultElectorate: r.rules.whoMayVote === 'everyone_present' ? 'everyone_present' : 'residents_present',
		availableCents: budget,
		eligible: (await repo.eligibleNotOnAgenda(db, r.id)).length,
		sittings: (await repo.assembliesOfRound(db, r.id)).map((s) => ({ ...s, heldAt: s.heldAt.toISOString() }))
	} as const;
}

export async function createAssembly(db: Db, actor: Actor | null, slug: string, form: FormData, now: Date) {
	const r = await repo.roundBySlug(db, slug.slice(0, 200));
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, r);
	if (g.kind !== 'ok') return g;
	const errors: Record<string, string> = {};
	const ww = readWhenWhere(form, errors);
	const mv = readMethod(form);
	const m = parseMethod(mv);
	if (!m.ok) Object.assign(errors, methodErrors(m.problems));
	const values: CreateValues = { ...mv, date: ww.date, time: ww.time, place: ww.place };
	if (Object.keys(errors).length || !m.ok || !ww.heldAt) return { kind: 'invalid', errors, values } as const;
	const made = await repo.createAssembly(db, { round: r, heldAt: ww.heldAt, place: ww.place, method: m.config, by: g.actor.userId }, now);
	return { kind: 'ok', id: made.id } as const;
}

// ——— staff: one sitting ———

export async function staffAssembly(db: Db, actor: Actor | null, id: string) {
	if (!isUuid(id)) return { kind: 'not_found' } as const;
	const found = await repo.assemblyWithRound(db, id);
	if (!found) return { kind: 'not_found' } as const;
	const g = gate(actor, found.round);
	if (g.kind !== 'ok') return g;
	return { kind: 'ok', actor: g.actor, a: found.a, round: found.round } as const;
}

export async function moderatorView(db: Db, actor: Actor | null, id: string) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	return { kind: 'ok', snapshot: await snapshot(db, s.a, s.round), cards: await repo.cardCount(db, id) } as const;
}

export async function changeMethod(db: Db, actor: Actor | null, id: string, form: FormData) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const errors: Record<string, string> = {};
	const ww = readWhenWhere(form, errors);
	const mv = readMethod(form);
	const m = parseMethod(mv);
	if (!m.ok) Object.assign(errors, methodErrors(m.problems));
	if (Object.keys(errors).length || !m.ok || !ww.heldAt) return { kind: 'invalid', errors, values: { ...mv, date: ww.date, time: ww.time, place: ww.place } } as const;
	const r = await repo.setMethod(db, id, m.config, ww.heldAt, ww.place);
	if (r === 'ok') return { kind: 'ok' } as const;
	if (r === 'not_found') return { kind: 'not_found' } as const;
	return { kind: 'conflict', reason: r } as const;
}

export type IdeaValues = { title: string; amount: string; proposer: string };

export async function addIdea(db: Db, actor: Actor | null, id: string, form: FormData, now: Date) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const values: IdeaValues = { title: text(form, 'title', 200), amount: text(form, 'amount', 20), proposer: text(form, 'proposer', 80) };
	const errors: Record<string, string> = {};
	if (values.title.length < 3) errors.title = 'assembly_error_title';
	const cents = parseEuroInput(values.amount);
	if (cents === null || cents <= 0 || cents > MAX_SPONTANEOUS_CENTS) errors.amount = 'assembly_error_amount';
	if (!values.proposer) errors.proposer = 'assembly_error_proposer';
	if (Object.keys(errors).length || cents === null) return { kind: 'invalid', errors, values } as const;
	const day = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(s.a.heldAt);
	const r = await repo.addSpontaneous(
		db,
		{
			assemblyId: id,
			districtId: s.round.districtId,
			title: values.title,
			// The proposer is named by the pseudonym they gave at the assembly; no account, no contact data.
			description: `In der Kiezkassenversammlung am ${day} eingebracht von: ${values.proposer}. (Brought in at the assembly.)`,
			requestedCents: cents,
			by: s.actor.userId
		},
		now
	);
	return r.ok ? ({ kind: 'ok' } as const) : r.reason === 'not_found' ? ({ kind: 'not_found' } as const) : ({ kind: 'conflict', reason: r.reason } as const);
}

export async function startAssembly(db: Db, actor: Actor | null, id: string, now: Date) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const r = await repo.start(db, id, s.round.districtId, s.actor.userId, now, async (roundId, tx) =>
		availableBudget(s.round.budgetCents, await repo.fundedEarlier(tx, roundId))
	);
	return r === 'ok' ? ({ kind: 'ok' } as const) : r === 'not_found' ? ({ kind: 'not_found' } as const) : ({ kind: 'conflict', reason: r } as const);
}

export async function countIn(db: Db, actor: Actor | null, id: string, who: string) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	if (who !== 'resident' && who !== 'other') return { kind: 'invalid' } as const;
	const r = await repo.countIn(db, id, who === 'resident');
	return r ? ({ kind: 'ok', ...r } as const) : ({ kind: 'conflict', reason: 'closed' } as const);
}

/** Takes back a mistaken +1 (`who` = resident | other), as long as the recorded votes still fit the people present. */
export async function countOut(db: Db, actor: Actor | null, id: string, who: string) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	if (who !== 'resident' && who !== 'other') return { kind: 'invalid' } as const;
	const r = await repo.countOut(db, id, who === 'resident', (a, after, list) => {
		const eligible = eligiblePresent(a.method.electorate, after);
		return list.every((it) => !it.recorded || ((it.yes ?? 0) + (it.no ?? 0) + (it.abstain ?? 0) <= eligible && (a.method.method !== 'dots' || (it.points ?? 0) <= eligible * a.method.points)));
	});
	if (r === null) return { kind: 'not_found' } as const;
	if (typeof r === 'string') return { kind: 'conflict', reason: r } as const;
	return { kind: 'ok', ...r } as const;
}

/** An attendee card typed in: only the known answers are kept (`cleanAnswers`); an empty card is not stored. */
export async function addCard(db: Db, actor: Actor | null, id: string, form: FormData) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const raw: Record<string, unknown> = {};
	for (const d of CARD_DIMENSIONS) raw[d] = text(form, d, 40);
	const answers = cleanAnswers(raw) as Record<string, string>;
	if (Object.keys(answers).length === 0) return { kind: 'invalid' } as const;
	return (await repo.addCard(db, id, answers)) ? ({ kind: 'ok' } as const) : ({ kind: 'conflict', reason: 'closed' } as const);
}

export type RecordValues = { proposal: string; yes: string; no: string; abstain: string; points: string; consensus: string; approved: string };

/** Message keys for the entry problems, per field (the route shows them in the error summary). */
export function entryErrors(problems: EntryProblem[]): { errors: Record<string, string>; params: Record<string, number> } {
	const errors: Record<string, string> = {};
	const params: Record<string, number> = {};
	for (const p of problems) {
		errors[p.field] = `assembly_error_${p.code}`;
		if (p.code === 'too_many_votes') params.eligible = p.eligible;
		if (p.code === 'too_many_points') params.max = p.max;
		if (p.field === 'approved') params.requestedCents = p.requestedCents;
	}
	return { errors, params };
}

export async function recordVotes(db: Db, actor: Actor | null, id: string, form: FormData, now: Date) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const proposalId = text(form, 'proposal', 40);
	// The page names each agenda item's fields `<proposal>-<field>` so every input has its own id.
	const pick = (k: string, max: number) => text(form, `${proposalId}-${k}`, max) || text(form, k, max);
	const values: RecordValues = {
		proposal: proposalId,
		yes: pick('yes', 10),
		no: pick('no', 10),
		abstain: pick('abstain', 10),
		points: pick('points', 10),
		consensus: pick('consensus', 20),
		approved: pick('approved', 20)
	};
	if (!isUuid(values.proposal)) return { kind: 'not_found' } as const;
	const r = await repo.record(db, { assemblyId: id, proposalId: values.proposal, by: s.actor.userId }, now, (a, requested) =>
		checkEntry(a.method, eligiblePresent(a.method.electorate, { residents: a.residents, others: a.others }), requested, values)
	);
	if (r.ok) return { kind: 'ok' } as const;
	if (r.reason === 'invalid') return { kind: 'invalid', values, ...entryErrors(r.problems) } as const;
	if (r.reason === 'not_found' || r.reason === 'not_on_agenda') return { kind: 'not_found' } as const;
	return { kind: 'conflict', reason: r.reason } as const;
}

const METHOD_DE = (m: MethodConfig) =>
	m.method === 'yes_no'
		? `Ja / Nein / Enthaltung je Vorschlag, Mehrheit ${m.majority === 'cast' ? 'der abgegebenen Stimmen (Enthaltungen zählen nicht)' : 'der anwesenden Stimmberechtigten'}; danach nach Ja-Stimmen bis das Geld reicht`
		: m.method === 'dots'
			? `Punkte-Verfahren mit ${m.points} Punkten je Person; nach Punkten bis das Geld reicht`
			: 'Konsens je Vorschlag festgestellt; zugestimmte Vorschläge bis das Geld reicht';
const ELECTORATE_DE = (m: MethodConfig) => (m.electorate === 'residents_present' ? 'anwesende Anwohnende der Bezirksregion' : 'alle Anwesenden');
const DECISION_DE: Record<ItemOutcome, string> = {
	funded: 'beschlossen',
	rejected: 'abgelehnt',
	does_not_fit: 'angenommen, aber nicht gefördert (das Geld reicht nicht mehr)',
	open: 'nicht abgestimmt'
};
const votesDe = (e: Entry | null) =>
	!e ? 'nicht abgestimmt' : e.kind === 'yes_no' ? `${e.yes} Ja, ${e.no} Nein, ${e.abstain} Enthaltungen` : e.kind === 'dots' ? `${e.points} Punkte` : e.agreed ? 'Konsens: Zustimmung' : 'kein Konsens';

/**
 * The close: the tally engine computes the funded list from the recorded counts (core/assembly `decide`), the
 * proposals become approved (funded) or rejected (not passed, not voted on, or no money left — a second sitting
 * can take them up again only as new entries), and the minutes are stored and published.
 */
export async function closeAssembly(db: Db, actor: Actor | null, id: string, now: Date) {
	const s = await staffAssembly(db, actor, id);
	if (s.kind !== 'ok') return s;
	const round = s.round;
	const r = await repo.close(db, { assemblyId: id, districtId: round.districtId, by: s.actor.userId }, now, async (a, paperList, tx) => {
		const list = withPhoneDots(paperList, a.method, (await dots.dotSums(tx, id)).sums);
		const cards = await repo.cardCount(tx, id);
		const eligible = eligiblePresent(a.method.electorate, { residents: a.residents, others: a.others });
		const budgetCents = a.budgetCents ?? 0;
		const decision: Decision = decide(a.method, budgetCents, eligible, list.map((it) => ({ id: it.proposalId, requestedCents: it.requestedCents, entry: entryOf(it, a.method) })));
		const statuses: Record<string, 'approved' | 'rejected'> = {};
		for (const it of list) statuses[it.proposalId] = decision.outcomes[it.proposalId] === 'funded' ? 'approved' : 'rejected';
		const pdf = await assemblyMinutesPdf({
			roundTitle: roundTitle(round),
			sitting: a.sitting,
			heldAt: a.heldAt,
			place: a.place,
			method: METHOD_DE(a.method),
			electorate: ELECTORATE_DE(a.method),
			attendance: { residents: a.residents, others: a.others, eligible, cards },
			budgetCents,
			items: list.map((it) => {
				const e = entryOf(it, a.method);
				return {
					title: it.title,
					channel: it.channel,
					requestedCents: it.requestedCents,
					votes: votesDe(e),
					// A rejected proposal has no approved amount, whatever was typed with its votes.
					approvedCents: e && decision.outcomes[it.proposalId] !== 'rejected' ? e.approvedCents : null,
					decision: DECISION_DE[decision.outcomes[it.proposalId] ?? 'open'],
					fundedCents: decision.fundedCents[it.proposalId] ?? 0
				};
			}),
			spentCents: decision.spentCents,
			remainingCents: decision.remainingCents,
			inputHash: decision.result.inputHash,
			closedAt: now
		});
		return {
			statuses,
			result: { engine: JSON.parse(JSON.stringify(decision.result, (_, v) => (typeof v === 'bigint' ? v.toString() : v))), fundedCents: decision.fundedCents, spentCents: decision.spentCents, remainingCents: decision.remainingCents },
			payload: { funded: Object.keys(decision.fundedCents), spentCents: decision.spentCents, remainingCents: decision.remainingCents },
			pdf,
			sha256: createHash('sha256').update(pdf).digest('hex')
		};
	});
	if (r === 'ok') return { kind: 'ok' } as const;
	if (r === 'not_found') return { kind: 'not_found' } as const;
	return { kind: 'conflict', reason: r } as const;
}

// ——— public ———

/** The projector view and its event stream: read-only, public (the assembly is public; domain.md §1.4). */
export async function publicView(db: Db, id: string) {
	if (!isUuid(id)) return null;
	const found = await repo.assemblyWithRound(db, id);
	return found ? snapshot(db, found.a, found.round) : null;
}

export async function version(db: Db, id: string): Promise<number | null> {
	return isUuid(id) ? repo.versionOf(db, id) : null;
}

/** The published minutes of a closed sitting. */
export async function minutesFile(db: Db, id: string) {
	return isUuid(id) ? repo.minutes(db, id) : null;
}

/** The sittings of a round for its public page (date, place, state, link to the minutes). */
export async function publicRoundAssemblies(db: Db, slug: string) {
	const r = await repo.roundBySlug(db, slug.slice(0, 200));
	if (!r) return null;
	return {
		round: { slug: r.slug, title: roundTitle(r) },
		sittings: (await repo.assembliesOfRound(db, r.id)).map((s) => ({ id: s.id, sitting: s.sitting, heldAt: s.heldAt.toISOString(), place: s.place, state: s.state, hasMinutes: s.minutesSha256 !== null }))
	};
}

export function createAssemblies(db: Db, now: () => Date = () => new Date()) {
	return {
		ofRound: (actor: Actor | null, slug: string) => roundAssemblies(db, actor, slug),
		create: (actor: Actor | null, slug: string, form: FormData) => createAssembly(db, actor, slug, form, now()),
		view: (actor: Actor | null, id: string) => moderatorView(db, actor, id),
		changeMethod: (actor: Actor | null, id: string, form: FormData) => changeMethod(db, actor, id, form),
		addIdea: (actor: Actor | null, id: string, form: FormData) => addIdea(db, actor, id, form, now()),
		start: (actor: Actor | null, id: string) => startAssembly(db, actor, id, now()),
		countIn: (actor: Actor | null, id: string, who: string) => countIn(db, actor, id, who),
		countOut: (actor: Actor | null, id: string, who: string) => countOut(db, actor, id, who),
		addCard: (actor: Actor | null, id: string, form: FormData) => addCard(db, actor, id, form),
		record: (actor: Actor | null, id: string, form: FormData) => recordVotes(db, actor, id, form, now()),
		close: (actor: Actor | null, id: string) => closeAssembly(db, actor, id, now()),
		publicView: (id: string) => publicView(db, id),
		version: (id: string) => version(db, id),
		minutes: (id: string) => minutesFile(db, id),
		publicOfRound: (slug: string) => publicRoundAssemblies(db, slug),
		// Dot voting from phones (assembly-dots.ts).
		...createAssemblyDots(db, now)
	};
}
export type Assemblies = ReturnType<typeof createAssemblies>;

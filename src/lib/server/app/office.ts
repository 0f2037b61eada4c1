/**
 * Use cases of the district office (issue 4; PRODUCT.md lifecycle steps 2–3): the round overview, the
 * review page with the pre-check, assisted entry with a scan, merging duplicates, importing a table of
 * ideas, the staff digest and the mail opt-out. Each starts with the policy (house rule 5); staff outside
 * their district or region get "not found", so a guessed address reveals nothing.
 */
import { createHash } from 'node:crypto';
import { can, type Actor, type Capability } from '../../core/access/policy.ts';
import { checkCostItems } from '../../core/process/cost-items.ts';
import { statusForOutcome, type CheckOutcome } from '../../core/process/proposal-status.ts';
import { guessMapping, IMPORT_FIELDS, MAX_IMPORT_ROWS, normalizeTitle, planImport, type ColumnMapping, type ImportPlan } from '../../core/review/import.ts';
import { mergeRefusal } from '../../core/review/merge.ts';
import { computeFacts, isVerdict, mayPrecheck, validatePrecheck, type Assessment } from '../../core/review/precheck.ts';
import { checkScan } from '../../core/review/scan-file.ts';
import { parseIdea, type IdeaValues } from '../../forms/idea.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/office.ts';
import { digestMail, statusChangeMail } from '../mail/office-mails.ts';
import { unsubscribeLink, verifyUnsubscribeToken } from '../mail/unsubscribe.ts';

export type OfficeDeps = { db: Db; origin: string; secret: string; kick?: () => void };

type Where = { districtId: string; regionId: string | null; roundId: string };
const subjectOf = (w: Where) => ({ districtId: w.districtId, regionId: w.regionId, roundId: w.roundId });
const allowed = (actor: Actor | null, cap: Capability, w: Where) => can(actor, cap, subjectOf(w)).allowed;

/** Role missing → forbidden (403); role held but elsewhere → not found (404), so nothing leaks. */
function gate(actor: Actor | null, cap: Capability, w: Where): 'ok' | 'forbidden' | 'not_found' {
	const d = can(actor, cap, subjectOf(w));
	if (d.allowed) return 'ok';
	return d.reason === 'out_of_scope' ? 'not_found' : 'forbidden';
}

const roundWhere = (r: repo.RoundInfo): Where => ({ districtId: r.districtId, regionId: r.regionId, roundId: r.id });
export const roundTitle = (r: Pick<repo.RoundInfo, 'programmeName' | 'regionName' | 'districtName' | 'year'>) => `${r.programmeName} ${r.regionName ?? r.districtName} ${r.year}`;

// ── Overview ─────────────────────────────────────────────────────────────────────────────────────

export async function officeRounds(db: Db, actor: Actor | null) {
	const all = await repo.roundsWithCounts(db);
	return all
		.filter((r) => allowed(actor, 'proposal.read_internal', roundWhere(r)))
		.map((r) => ({ slug: r.slug, title: roundTitle(r), year: r.year, ideas: r.ideas, open: r.open, budgetCents: r.budgetCents }));
}

const OPEN_STATUSES = ['submitted', 'under_review', 'needs_clarification'];

export async function roundOverview(db: Db, actor: Actor | null, slug: string) {
	const r = await repo.roundBySlug(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.read_internal', roundWhere(r));
	if (g !== 'ok') return { kind: g } as const;
	const ideas = (await repo.roundIdeas(db, r.id)).filter((i) => i.status !== 'unconfirmed' || allowed(actor, 'proposal.review', roundWhere(r)));
	const counted = ideas.filter((i) => !['merged', 'withdrawn', 'ineligible', 'unconfirmed'].includes(i.status));
	return {
		kind: 'ok',
		value: {
			round: { slug: r.slug, title: roundTitle(r), budgetCents: r.budgetCents, year: r.year },
			ideas,
			totals: {
				ideas: ideas.filter((i) => i.status !== 'merged').length,
				open: ideas.filter((i) => OPEN_STATUSES.includes(i.status)).length,
				// Ideas still in the running: not merged, withdrawn or found not eligible.
				requestedCents: counted.reduce((s, i) => s + (i.requestedCents ?? 0), 0),
				eligibleCents: ideas.filter((i) => i.status === 'eligible').reduce((s, i) => s + (i.requestedCents ?? 0), 0),
				withoutAmount: counted.filter((i) => i.requestedCents === null).length
			},
			may: { enter: allowed(actor, 'proposal.enter_on_behalf', roundWhere(r)), import: allowed(actor, 'proposal.import', roundWhere(r)) }
		}
	} as const;
}

// ── Review page ──────────────────────────────────────────────────────────────────────────────────

export async function reviewPage(db: Db, actor: Actor | null, id: string) {
	const scope = await repo.proposalScope(db, id);
	if (!scope) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.read_internal', scope);
	if (g !== 'ok') return { kind: g } as const;
	const data = await repo.reviewData(db, id);
	if (!data) return { kind: 'not_found' } as const;
	const mayReview = allowed(actor, 'proposal.review', scope);
	const { round, proposal, mergeTargets } = data;
	const facts = computeFacts(round.rules, proposal.costItems, round.budgetCents);
	// Contact data and scans are personal data: only those who review see them (PRODUCT.md data protection).
	const personal = mayReview
		? { contactEmail: proposal.contactEmail, applicant: proposal.applicant, scans: proposal.scans, checks: proposal.checks }
		: { contactEmail: null, applicant: proposal.applicant ? { pseudonym: proposal.applicant.pseudonym, email: '' } : null, scans: [], checks: proposal.checks.map((c) => ({ ...c, messageToProposer: null })) };
	return {
		kind: 'ok',
		value: {
			round: { slug: round.slug, title: roundTitle(round), budgetCents: round.budgetCents, capCents: round.rules.capPerProjectCents },
			checklist: round.rules.eligibilityChecklist,
			categories: round.rules.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible })),
			facts,
			proposal: { ...proposal, ...personal },
			mergeTargets: mayReview ? mergeTargets : [],
			may: { review: mayReview, precheck: mayReview && mayPrecheck(proposal.status), merge: mayReview && proposal.status !== 'merged' && proposal.status !== 'withdrawn' }
		}
	} as const;
}

// ── Pre-check ────────────────────────────────────────────────────────────────────────────────────

export type PrecheckValues = { criteria: Record<string, { verdict: string; reason: string }>; outcome: string; publicFeedback: string; messageToProposer: string };

const text = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
};

export function parsePrecheck(form: FormData, checklist: readonly string[]): PrecheckValues {
	const criteria: PrecheckValues['criteria'] = {};
	for (const key of checklist) criteria[key] = { verdict: text(form, `criteria.${key}.verdict`, 20), reason: text(form, `criteria.${key}.reason`, 1000) };
	return { criteria, outcome: text(form, 'outcome', 30), publicFeedback: text(form, 'publicFeedback', 4000), messageToProposer: text(form, 'messageToProposer', 4000) };
}

const ideaLink = (origin: string, id: string) => `${origin}/idee/${id}`;

/** The proposer's status mail for other status changes, to pass to db/repositories/office.ts `queueStatusMail`. */
export function statusMailFor(deps: Pick<OfficeDeps, 'origin' | 'secret'>, p: { id: string; title: string; status: string; publicFeedback: string | null }) {
	return (to: string) => statusChangeMail({ to, title: p.title, status: p.status, publicFeedback: p.publicFeedback, message: null, link: ideaLink(deps.origin, p.id), unsubscribe: unsubscribeLink(deps.origin, deps.secret, to) });
}

export async function precheck(deps: OfficeDeps, actor: Actor | null, id: string, form: FormData, now: Date) {
	const scope = await repo.proposalScope(deps.db, id);
	if (!scope) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.review', scope);
	if (g !== 'ok' || !actor) return { kind: g === 'ok' ? 'forbidden' : g } as const;
	const data = await repo.reviewData(deps.db, id);
	if (!data) return { kind: 'not_found' } as const;
	const { round, proposal } = data;
	const checklist = round.rules.eligibilityChecklist;
	const values = parsePrecheck(form, checklist);
	if (!mayPrecheck(proposal.status)) return { kind: 'conflict', values, status: proposal.status } as const;
	const assessment: Assessment = {};
	for (const [k, v] of Object.entries(values.criteria)) if (isVerdict(v.verdict)) assessment[k] = { verdict: v.verdict, reason: v.reason };
	const facts = computeFacts(round.rules, proposal.costItems, round.budgetCents);
	const issues = validatePrecheck({ checklist, assessment, outcome: values.outcome, publicFeedback: values.publicFeedback, messageToProposer: values.messageToProposer }, facts);
	if (Object.keys(issues).length > 0) {
		const errors = Object.fromEntries(Object.entries(issues).map(([f, i]) => [f, `office_error_${i}`]));
		return { kind: 'invalid', values, errors } as const;
	}
	const outcome = values.outcome as CheckOutcome;
	const status = statusForOutcome(outcome);
	const publicFeedback = values.publicFeedback || null;
	const message = outcome === 'needs_clarification' ? values.messageToProposer : values.messageToProposer || null;
	const r = await repo.saveCheck(
		deps.db,
		{ proposalId: id, districtId: scope.districtId, actorId: actor.userId, criteria: assessment, outcome, status, publicFeedback, messageToProposer: message, allowedFrom: ['submitted', 'under_review', 'needs_clarification', 'eligible', 'ineligible'] },
		(to) => statusChangeMail({ to, title: proposal.title, status, publicFeedback, message, link: ideaLink(deps.origin, id), unsubscribe: unsubscribeLink(deps.origin, deps.secret, to) }),
		now
	);
	if (r.kind === 'conflict') return { kind: 'conflict', values, status: r.status } as const;
	deps.kick?.();
	return { kind: 'ok', status, mailed: r.mailed } as const;
}

// ── Merge ────────────────────────────────────────────────────────────────────────────────────────

export async function merge(deps: OfficeDeps, actor: Actor | null, id: string, form: FormData, now: Date) {
	const scope = await repo.proposalScope(deps.db, id);
	if (!scope) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.review', scope);
	if (g !== 'ok' || !actor) return { kind: g === 'ok' ? 'forbidden' : g } as const;
	const targetId = text(form, 'target', 100);
	const note = text(form, 'mergeNote', 2000);
	const values = { target: targetId, mergeNote: note };
	const target = repo.isUuid(targetId) ? await repo.reviewData(deps.db, targetId) : null;
	if (!target) return { kind: 'invalid', values, errors: { target: 'office_error_merge_target' } } as const;
	const source = await repo.reviewData(deps.db, id);
	if (!source) return { kind: 'not_found' } as const;
	const r = await repo.mergeIdeas(
		deps.db,
		{
			sourceId: id,
			targetId,
			districtId: scope.districtId,
			actorId: actor.userId,
			note: note || null,
			check: (s, t) => mergeRefusal({ id, ...s }, { id: targetId, ...t })
		},
		(to) =>
			statusChangeMail({
				to,
				title: source.proposal.title,
				status: 'merged',
				publicFeedback: note || null,
				message: null,
				link: ideaLink(deps.origin, targetId),
				unsubscribe: unsubscribeLink(deps.origin, deps.secret, to),
				mergedInto: { title: target.proposal.title, link: ideaLink(deps.origin, targetId) }
			}),
		now
	);
	if (r.kind === 'refused') return { kind: 'invalid', values, errors: { target: `office_error_merge_${r.reason}` } } as const;
	deps.kick?.();
	return { ...r, targetId } as const;
}

// ── Assisted entry ───────────────────────────────────────────────────────────────────────────────

/** The channels staff enter ideas from (PRODUCT.md lifecycle step 2; domain.md §1.4: e-mail, post, at the assembly). */
export const ASSISTED_CHANNELS = ['paper', 'email', 'phone', 'assembly', 'mobile_office'] as const;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export type AssistedValues = IdeaValues & { channel: string; contactEmail: string };

export async function assistedForm(db: Db, actor: Actor | null, slug: string) {
	const r = await repo.roundBySlug(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.enter_on_behalf', roundWhere(r));
	if (g !== 'ok') return { kind: g } as const;
	return {
		kind: 'ok',
		value: { round: { slug: r.slug, title: roundTitle(r) }, categories: r.rules.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible })) }
	} as const;
}

/**
 * Staff may enter ideas in every phase: paper forms arrive late and ideas come up spontaneously at the
 * assembly (domain.md §1.4). The record stays faithful to what the resident handed in: an excluded cost
 * category is kept and found by the pre-check, not silently dropped here.
 */
export async function enterAssisted(db: Db, actor: Actor | null, slug: string, form: FormData, now: Date) {
	const r = await repo.roundBySlug(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.enter_on_behalf', roundWhere(r));
	if (g !== 'ok' || !actor) return { kind: g === 'ok' ? 'forbidden' : g } as const;
	const parsed = parseIdea(form);
	const channel = text(form, 'channel', 30);
	const contactEmail = text(form, 'contactEmail', 254).toLowerCase();
	const values: AssistedValues = { ...parsed.values, channel, contactEmail };
	const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
	if (!(ASSISTED_CHANNELS as readonly string[]).includes(channel)) errors.channel = 'office_error_channel';
	if (contactEmail !== '' && (contactEmail.length > 254 || !EMAIL.test(contactEmail))) errors.contactEmail = 'error_email_invalid';
	if (parsed.ok) {
		for (const p of checkCostItems(r.rules, parsed.value.items, null)) {
			if (p.kind === 'unknown_category') errors[`items.${parsed.rows[p.index] ?? 0}.category`] = 'error_idea_item_category';
		}
	}
	let scan: { mime: string; bytes: Uint8Array; sha256: string } | null = null;
	const file = form.get('scan');
	if (file instanceof File && file.size > 0) {
		const bytes = new Uint8Array(await file.arrayBuffer());
		const c = checkScan(bytes);
		if (!c.ok) errors.scan = `office_error_${c.problem}`;
		else scan = { mime: c.type, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
	}
	if (Object.keys(errors).length > 0 || !parsed.ok) return { kind: 'invalid', values, errors } as const;
	const { id } = await repo.insertAssistedIdea(
		db,
		{ roundId: r.id, districtId: r.districtId, actorId: actor.userId, channel, ...parsed.value, contactEmail: contactEmail || null, scan },
		now
	);
	return { kind: 'ok', id } as const;
}

export async function downloadScan(db: Db, actor: Actor | null, proposalId: string, fileId: string) {
	const scope = await repo.proposalScope(db, proposalId);
	// Scans hold names and addresses from paper forms: never public, only for those who review.
	if (!scope || !allowed(actor, 'proposal.review', scope)) return null;
	return repo.scanFile(db, proposalId, fileId);
}

// ── Import ───────────────────────────────────────────────────────────────────────────────────────

export type Table = { headers: string[]; rows: Record<string, string>[] };
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** Reads a CSV (UTF-8, comma or semicolon, as German spreadsheets write) or the first sheet of an XLSX. */
export async function readTable(bytes: Uint8Array): Promise<{ ok: true; table: Table } | { ok: false; problem: 'import_empty' | 'import_too_large' | 'import_unreadable' | 'import_too_many_rows' }> {
	if (bytes.length === 0) return { ok: false, problem: 'import_empty' };
	if (bytes.length > IMPORT_MAX_BYTES) return { ok: false, problem: 'import_too_large' };
	let grid: string[][];
	try {
		// XLSX is a ZIP container ("PK\x03\x04"); anything else is read as text.
		grid = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? await readXlsx(bytes) : readCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return { ok: false, problem: 'import_unreadable' };
	}
	const [head, ...body] = grid.filter((r) => r.some((c) => c.trim() !== ''));
	if (!head) return { ok: false, problem: 'import_empty' };
	if (body.length > MAX_IMPORT_ROWS) return { ok: false, problem: 'import_too_many_rows' };
	const headers = head.map((h, i) => h.trim() || `Spalte ${i + 1}`);
	return { ok: true, table: { headers, rows: body.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? '']))) } };
}

function readCsv(text: string): string[][] {
	const src = text.replace(/^\uFEFF/, '');
	const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
	const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < src.length; i++) {
		const c = src[i]!;
		if (quoted) {
			if (c === '"') {
				if (src[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === sep) {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && src[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (quoted) throw new Error('unterminated quote');
	row.push(field);
	rows.push(row);
	return rows;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	const sheet = wb.worksheets[0];
	if (!sheet) return [];
	const out: string[][] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
		out.push(cells);
	});
	return out;
}

/** The mapping as sent by the form (`map.<field>` → header), or guessed from the headers. */
export function readMapping(form: FormData | null, headers: string[]): ColumnMapping {
	const guessed = guessMapping(headers);
	if (!form) return guessed;
	const m = { ...guessed };
	for (const f of IMPORT_FIELDS) {
		const v = form.get(`map.${f}`);
		if (typeof v === 'string') m[f] = headers.includes(v) ? v : '';
	}
	return m;
}

export const IMPORT_CHANNELS = ['online', 'paper', 'email', 'phone', 'assembly', 'mobile_office'] as const;

export async function importGate(db: Db, actor: Actor | null, slug: string) {
	const r = await repo.roundBySlug(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const g = gate(actor, 'proposal.import', roundWhere(r));
	if (g !== 'ok') return { kind: g } as const;
	return { kind: 'ok', round: r, title: roundTitle(r) } as const;
}

export async function planForRound(db: Db, roundId: string, table: Table, mapping: ColumnMapping): Promise<ImportPlan> {
	return planImport(table.rows, mapping, await repo.titlesInRound(db, roundId));
}

/**
 * Imports the plan in one transaction; refuses when any row is invalid, so a file is never half
 * imported (issue 4). Category is kept in the description, the reference number as the source.
 */
export async function runImport(db: Db, actor: Actor | null, slug: string, table: Table, mapping: ColumnMapping, channel: string, source: string, now: Date) {
	const g = await importGate(db, actor, slug);
	if (g.kind !== 'ok') return g;
	return importInto(db, g.round, actor?.userId ?? null, table, mapping, channel, source, now);
}

async function importInto(db: Db, round: repo.RoundInfo, actorId: string | null, table: Table, mapping: ColumnMapping, channel: string, source: string, now: Date) {
	if (!mapping.title) return { kind: 'invalid', errors: { 'map.title': 'office_error_import_title_unmapped' } } as const;
	if (!(IMPORT_CHANNELS as readonly string[]).includes(channel)) return { kind: 'invalid', errors: { channel: 'office_error_channel' } } as const;
	const plan = await planForRound(db, round.id, table, mapping);
	if (plan.invalid > 0) return { kind: 'invalid', plan, errors: { file: 'office_error_import_has_invalid' } } as const;
	const ideas = plan.rows.flatMap((r) =>
		r.kind === 'create'
			? [{ ...r.idea, description: r.idea.category ? `${r.idea.description}\n\nKategorie: ${r.idea.category}` : r.idea.description }]
			: []
	);
	const res = await repo.importIdeas(
		db,
		{
			roundId: round.id,
			districtId: round.districtId,
			actorId,
			channel,
			source: source.slice(0, 200),
			ideas,
			isDuplicate: (title, existing) => existing.some((e) => normalizeTitle(e) === normalizeTitle(title))
		},
		now
	);
	return { kind: 'ok', plan, created: res.created.length, duplicates: plan.duplicates + res.duplicates } as const;
}

/** For the command line: the operator runs it on the server, so no account policy applies (like `seed`). */
export async function importForCli(db: Db, slug: string, table: Table, dryRun: boolean, now: Date, source: string) {
	const r = await repo.roundBySlug(db, slug);
	if (!r) return { kind: 'not_found' } as const;
	const mapping = guessMapping(table.headers);
	const plan = await planForRound(db, r.id, table, mapping);
	if (dryRun || !mapping.title) return { kind: 'planned', plan, mapping } as const;
	const res = await importInto(db, r, null, table, mapping, 'online', source, now);
	return res.kind === 'ok' ? ({ kind: 'imported', plan, mapping, created: res.created } as const) : ({ kind: 'refused', plan, mapping } as const);
}

// ── Mail opt-out ─────────────────────────────────────────────────────────────────────────────────

export function unsubscribeTarget(secret: string, token: string): string | null {
	return verifyUnsubscribeToken(secret, token);
}

export async function unsubscribe(db: Db, secret: string, token: string, now: Date): Promise<string | null> {
	const email = verifyUnsubscribeToken(secret, token);
	if (!email) return null;
	await repo.optOut(db, email, now);
	return email;
}

// ── Daily digest ─────────────────────────────────────────────────────────────────────────────────

/** Offset of Berlin time from UTC in minutes at an instant (CET +60, CEST +120). */
function berlinOffset(at: Date): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+1';
	const m = /GMT([+-])(\d+)(?::(\d+))?/.exec(name);
	return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 60;
}

/** The Berlin calendar day of an instant, as YYYY-MM-DD. */
export function berlinDay(at: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Start and end (exclusive) of a Berlin calendar day. DST switches at 02:00/03:00, so 22:00 UTC the day before has midnight's offset. */
export function berlinDayBounds(day: string): [Date, Date] {
	const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
	const start = (yy: number, mm: number, dd: number) => {
		const utcMidnight = Date.UTC(yy, mm - 1, dd);
		return new Date(utcMidnight - berlinOffset(new Date(utcMidnight - 2 * 3600_000)) * 60_000);
	};
	return [start(y, mo, d), start(y, mo, d + 1)];
}

export async function sendDigest(deps: OfficeDeps, now: Date, day: string = berlinDay(new Date(now.getTime() - 24 * 3600_000))) {
	const [from, to] = berlinDayBounds(day);
	const results: { district: string; result: 'sent' | 'already' | 'empty'; ideas: number; recipients: number }[] = [];
	for (const d of await repo.districts(deps.db)) {
		const ideas = await repo.ideasSubmittedBetween(deps.db, d.id, from, to);
		const recipients = await repo.digestRecipients(deps.db, d.id);
		const list = ideas.map((i) => ({ title: i.title, round: `${i.programmeName} ${i.regionName ?? d.name} ${i.year}`, channel: i.channel, link: `${deps.origin}/admin/ideen/${i.id}` }));
		const result = await repo.sendDigestOnce(
			deps.db,
			{ districtId: d.id, day, ideas: ideas.length, recipients, build: (to) => digestMail({ to, day, district: d.name, ideas: list, unsubscribe: unsubscribeLink(deps.origin, deps.secret, to) }) },
			now
		);
		results.push({ district: d.name, result, ideas: ideas.length, recipients: recipients.length });
	}
	if (results.some((r) => r.result === 'sent')) deps.kick?.();
	return results;
}

/** The digest goes out once a day after 06:00 Berlin time, for the day before; the worker calls this often. */
export function digestDue(now: Date): boolean {
	const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(now));
	return hour >= 6;
}

// ── Binding for the composition root ─────────────────────────────────────────────────────────────

/** The office's use cases bound to the database and the clock, plus the digest timer (container.ts). */
export function officeService(deps: OfficeDeps) {
	const now = () => new Date();
	let timer: ReturnType<typeof setInterval> | undefined;
	let running: Promise<unknown> | undefined;
	const tick = () => {
		if (running || !digestDue(now())) return;
		running = sendDigest(deps, now())
			.catch(() => undefined)
			.finally(() => (running = undefined));
	};
	return {
		rounds: (actor: Actor | null) => officeRounds(deps.db, actor),
		overview: (actor: Actor | null, slug: string) => roundOverview(deps.db, actor, slug),
		review: (actor: Actor | null, id: string) => reviewPage(deps.db, actor, id),
		precheck: (actor: Actor | null, id: string, form: FormData) => precheck(deps, actor, id, form, now()),
		merge: (actor: Actor | null, id: string, form: FormData) => merge(deps, actor, id, form, now()),
		assistedForm: (actor: Actor | null, slug: string) => assistedForm(deps.db, actor, slug),
		enterAssisted: (actor: Actor | null, slug: string, form: FormData) => enterAssisted(deps.db, actor, slug, form, now()),
		downloadScan: (actor: Actor | null, id: string, fileId: string) => downloadScan(deps.db, actor, id, fileId),
		importGate: (actor: Actor | null, slug: string) => importGate(deps.db, actor, slug),
		planImport: (roundId: string, table: Table, mapping: ColumnMapping) => planForRound(deps.db, roundId, table, mapping),
		runImport: (actor: Actor | null, slug: string, table: Table, mapping: ColumnMapping, channel: string, source: string) => runImport(deps.db, actor, slug, table, mapping, channel, source, now()),
		unsubscribeTarget: (token: string) => unsubscribeTarget(deps.secret, token),
		unsubscribe: (token: string) => unsubscribe(deps.db, deps.secret, token, now()),
		sendDigest: (day?: string) => sendDigest(deps, now(), day),
		/** Checks every 10 minutes whether yesterday's digest is due; idempotent per day and district. */
		startDigest() {
			timer ??= setInterval(tick, 10 * 60_000);
			timer.unref();
			tick();
		},
		async stop() {
			if (timer) clearInterval(timer);
			timer = undefined;
			await running;
		}
	};
}
export type OfficeService = ReturnType<typeof officeService>;

// ── Import between form steps ────────────────────────────────────────────────────────────────────

/**
 * Without JavaScript the parsed table travels between the steps (map columns → dry run → import) as a
 * hidden field, so nothing is stored before the import. It is read back strictly: only strings, bounded.
 */
export function encodeTable(t: Table): string {
	return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

export function decodeTable(raw: unknown): Table | null {
	if (typeof raw !== 'string' || raw.length > IMPORT_MAX_BYTES * 3) return null;
	try {
		const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
		if (typeof v !== 'object' || v === null) return null;
		const { headers, rows } = v as { headers: unknown; rows: unknown };
		if (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string') || !Array.isArray(rows) || rows.length > MAX_IMPORT_ROWS) return null;
		for (const r of rows) if (typeof r !== 'object' || r === null || Array.isArray(r) || !Object.values(r).every((c) => typeof c === 'string')) return null;
		return { headers: headers as string[], rows: rows as Record<string, string>[] };
	} catch {
		return null;
	}
}

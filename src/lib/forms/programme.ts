/**
 * Shape validation of the programme forms (issue 4; ARCHITECTURE: forms/ holds input schemas only, the rules
 * live in core/process/rules.ts). Plain form posts, so the pages work without JavaScript. `values` always
 * refills the form with what was typed.
 */
import { parseEuroInput, type Cents } from '../core/shared/money.ts';
import { PHASES, TEMPLATE_KEYS, type PhaseKey, type ProgrammeRules, type TemplateKey } from '../core/process/programme.ts';

export const SPARE_CATEGORY_ROWS = 2;
export const MAX_CATEGORY_ROWS = 30;
export const TIE_BREAK_SLOTS = 4;

const str = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
};
const all = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, 40));
const len = (s: string) => [...s].length;

export type CreateProgrammeValues = { template: string; name: string; districtId: string };
export function parseCreateProgramme(form: FormData):
	| { ok: true; value: { template: TemplateKey; name: string; districtId: string }; values: CreateProgrammeValues }
	| { ok: false; values: CreateProgrammeValues; errors: Record<string, string> } {
	const values = { template: str(form, 'template', 40), name: str(form, 'name', 80).replace(/\s+/g, ' '), districtId: str(form, 'districtId', 20) };
	const errors: Record<string, string> = {};
	if (!(TEMPLATE_KEYS as readonly string[]).includes(values.template)) errors.template = 'programmes_error_template';
	if (len(values.name) < 3 || len(values.name) > 80) errors.name = 'programmes_error_name_length';
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return { ok: true, values, value: { template: values.template as TemplateKey, name: values.name, districtId: values.districtId } };
}

export type CategoryValues = { key: string; label: string; eligible: string; reason: string };
export type RulesValues = {
	applicantTypes: string[];
	costCategories: CategoryValues[];
	cap: string;
	eligibilityChecklist: string[];
	decisionBody: string;
	whoMayVote: string;
	ballot: string;
	tallyRule: string;
	tieBreak: string[];
	settlement: string;
	phases: Record<string, { use: boolean; start: string; end: string }>;
};

const euroText = (c: Cents) => (c % 100 === 0 ? String(c / 100) : (c / 100).toFixed(2).replace('.', ','));

/** The form's values for stored rules (to show the form the first time). */
export function rulesToValues(r: ProgrammeRules): RulesValues {
	const phases: RulesValues['phases'] = {};
	for (const key of PHASES) {
		const p = r.phases.find((x) => x.key === key);
		phases[key] = { use: !!p, start: p ? String(p.startDay) : '', end: p && p.endDay !== null ? String(p.endDay) : '' };
	}
	return {
		applicantTypes: [...r.applicantTypes],
		costCategories: r.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible ? 'yes' : 'no', reason: c.reason ?? '' })),
		cap: r.capPerProjectCents === null ? '' : euroText(r.capPerProjectCents),
		eligibilityChecklist: [...r.eligibilityChecklist],
		decisionBody: r.decisionBody,
		whoMayVote: r.whoMayVote,
		ballot: r.ballot,
		tallyRule: r.tallyRule,
		tieBreak: [...r.tieBreak],
		settlement: r.settlement,
		phases
	};
}

/**
 * Reads the rules form into candidate rules (checked by core afterwards). Fields that are not in the post keep
 * their current value: the form leaves out the voting rules while they are locked, and the server compares
 * whatever does come in against the lock.
 */
export function parseRulesForm(
	form: FormData,
	current: ProgrammeRules
): { rules: ProgrammeRules; values: RulesValues; errors: Record<string, string>; categoryRows: number[] } {
	const errors: Record<string, string> = {};
	const cur = rulesToValues(current);
	const keep = (name: keyof RulesValues & string, max = 40) => (form.has(name) ? str(form, name, max) : (cur[name] as string));

	const costCategories: CategoryValues[] = [];
	for (let i = 0; i < MAX_CATEGORY_ROWS; i++) {
		const p = `costCategories.${i}`;
		if (!form.has(`${p}.key`) && !form.has(`${p}.label`)) break;
		costCategories.push({ key: str(form, `${p}.key`, 40), label: str(form, `${p}.label`, 80), eligible: str(form, `${p}.eligible`, 3) === 'no' ? 'no' : 'yes', reason: str(form, `${p}.reason`, 300) });
	}
	const phases: RulesValues['phases'] = {};
	for (const key of PHASES) phases[key] = { use: form.get(`phases.${key}.use`) === 'yes', start: str(form, `phases.${key}.start`, 6), end: str(form, `phases.${key}.end`, 6) };

	const values: RulesValues = {
		applicantTypes: all(form, 'applicantTypes'),
		costCategories,
		cap: str(form, 'cap', 20),
		eligibilityChecklist: all(form, 'eligibilityChecklist'),
		decisionBody: keep('decisionBody'),
		whoMayVote: keep('whoMayVote'),
		ballot: keep('ballot'),
		tallyRule: keep('tallyRule', 60),
		tieBreak: form.has('tieBreak.0') ? Array.from({ length: TIE_BREAK_SLOTS }, (_, i) => str(form, `tieBreak.${i}`, 20)) : cur.tieBreak,
		settlement: keep('settlement'),
		phases
	};

	let cap: Cents | null = null;
	if (values.cap !== '') {
		cap = parseEuroInput(values.cap.replace(/^-/, ''));
		if (cap === null) errors.cap = 'programmes_error_cap_format';
		else if (values.cap.startsWith('-')) cap = -cap;
	}
	const day = (s: string) => (/^-?\d{1,4}$/.test(s) ? Number(s) : NaN);
	const rulePhases: ProgrammeRules['phases'] = [];
	for (const key of PHASES) {
		const p = phases[key]!;
		if (!p.use) continue;
		const start = day(p.start);
		const end = p.end === '' ? null : day(p.end);
		if (Number.isNaN(start)) errors[`phases.${key}.start`] = 'programmes_error_day_format';
		else if (end !== null && Number.isNaN(end)) errors[`phases.${key}.end`] = 'programmes_error_day_format';
		else rulePhases.push({ key: key as PhaseKey, startDay: start, endDay: end });
	}

	// A row with neither key nor label is a spare row left empty.
	const filled = (c: CategoryValues) => c.key !== '' || c.label !== '';
	const categoryRows = costCategories.flatMap((c, i) => (filled(c) ? [i] : []));
	const rules: ProgrammeRules = {
		...current,
		applicantTypes: values.applicantTypes as ProgrammeRules['applicantTypes'],
		costCategories: costCategories
			.filter(filled)
			.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible === 'yes', ...(c.reason !== '' ? { reason: c.reason } : {}) })),
		capPerProjectCents: cap,
		eligibilityChecklist: values.eligibilityChecklist,
		decisionBody: values.decisionBody as ProgrammeRules['decisionBody'],
		whoMayVote: values.whoMayVote as ProgrammeRules['whoMayVote'],
		ballot: values.ballot as ProgrammeRules['ballot'],
		tallyRule: values.tallyRule,
		tieBreak: values.tieBreak.filter((s) => s !== ''),
		settlement: values.settlement as ProgrammeRules['settlement'],
		phases: rulePhases
	};
	return { rules, values, errors, categoryRows };
}

/**
 * Core issue fields point at the input that shows them (the error summary links to `#field-<name>`).
 * `categoryRows[i]` is the form row of the i-th parsed category (empty rows are skipped when parsing).
 */
export function issueField(field: string, categoryRows: readonly number[]): string {
	if (field === 'costCategories') return `costCategories.${categoryRows[0] ?? 0}.eligible`;
	if (field === 'phases') return 'phases.announcement.use';
	if (field === 'tieBreak') return 'tieBreak.0';
	if (field === 'capPerProjectCents') return 'cap';
	const phase = /^phases\.([a-z_]+)$/.exec(field);
	if (phase) return `phases.${phase[1]}.start`;
	const cat = /^costCategories\.(\d+)\.(\w+)$/.exec(field);
	if (cat) return `costCategories.${categoryRows[Number(cat[1])] ?? cat[1]}.${cat[2]}`;
	return field;
}

export type RoundsValues = { year: string; kind: string; total: string; floor: string; step: string; perRegion: string };
export type RoundsInput = { year: number; allocation: ProgrammeRules['allocation'] };

export function allocationToValues(a: ProgrammeRules['allocation'], year: number): RoundsValues {
	return a.kind === 'proportional_with_floor'
		? { year: String(year), kind: a.kind, total: euroText(a.totalCents), floor: euroText(a.floorCents), step: euroText(a.stepCents), perRegion: '' }
		: { year: String(year), kind: a.kind, total: '', floor: '', step: '', perRegion: euroText(a.perRegionCents) };
}

/** Year and allocation rule of the "rounds for all regions" form. */
export function parseRoundsForm(form: FormData): { ok: true; value: RoundsInput; values: RoundsValues } | { ok: false; values: RoundsValues; errors: Record<string, string> } {
	const values: RoundsValues = {
		year: str(form, 'year', 4),
		kind: str(form, 'kind', 30),
		total: str(form, 'total', 20),
		floor: str(form, 'floor', 20),
		step: str(form, 'step', 20),
		perRegion: str(form, 'perRegion', 20)
	};
	const errors: Record<string, string> = {};
	const year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
	if (!(year >= 2000 && year <= 2100)) errors.year = 'programmes_error_year';
	const money = (field: keyof RoundsValues, allowZero = false) => {
		const c = parseEuroInput(values[field]);
		if (c === null || (!allowZero && c <= 0) || c > 10_000_000_000) {
			errors[field] = 'programmes_error_amount';
			return 0;
		}
		return c;
	};
	let allocation: ProgrammeRules['allocation'] | null = null;
	if (values.kind === 'proportional_with_floor') {
		allocation = { kind: 'proportional_with_floor', totalCents: money('total'), floorCents: money('floor', true), stepCents: money('step') };
	} else if (values.kind === 'fixed') {
		allocation = { kind: 'fixed', perRegionCents: money('perRegion') };
	} else errors.kind = 'programmes_error_allocation_kind';
	if (Object.keys(errors).length > 0 || !allocation) return { ok: false, values, errors };
	return { ok: true, values, value: { year, allocation } };
}

export type BudgetValues = { amount: string; note: string };
export function parseBudgetForm(form: FormData): { ok: true; value: { cents: Cents; note: string }; values: BudgetValues } | { ok: false; values: BudgetValues; errors: Record<string, string> } {
	const values = { amount: str(form, 'amount', 20), note: str(form, 'note', 500) };
	const errors: Record<string, string> = {};
	const cents = parseEuroInput(values.amount);
	if (cents === null || cents <= 0 || cents > 10_000_000_000) errors.amount = 'programmes_error_amount';
	// The reason is published with the budget (round.budget_note), so it must say something.
	if (len(values.note) < 10 || len(values.note) > 500) errors.note = 'programmes_error_note_length';
	if (Object.keys(errors).length > 0 || cents === null) return { ok: false, values, errors };
	return { ok: true, values, value: { cents, note: values.note } };
}

/** Phase dates come as `YYYY-MM-DD` (Berlin calendar dates; stored at 00:00 UTC like the template dates). */
export type PhaseDateValues = Record<string, { start?: string; end?: string }>;
export function parsePhaseDates(form: FormData, keys: readonly string[]): { values: PhaseDateValues; dates: Record<string, { start?: string; end?: string | null }>; errors: Record<string, string> } {
	const values: PhaseDateValues = {};
	const dates: Record<string, { start?: string; end?: string | null }> = {};
	const errors: Record<string, string> = {};
	const iso = (s: string) => {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
		const d = new Date(`${s}T00:00:00.000Z`);
		return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d.toISOString();
	};
	for (const key of keys) {
		const v: { start?: string; end?: string } = {};
		const out: { start?: string; end?: string | null } = {};
		if (form.has(`phases.${key}.start`)) {
			v.start = str(form, `phases.${key}.start`, 10);
			const d = iso(v.start);
			if (d === null) errors[`phases.${key}.start`] = 'programmes_error_date';
			else out.start = d;
		}
		if (form.has(`phases.${key}.end`)) {
			v.end = str(form, `phases.${key}.end`, 10);
			if (v.end === '') out.end = null;
			else {
				const d = iso(v.end);
				if (d === null) errors[`phases.${key}.end`] = 'programmes_error_date';
				else out.end = d;
			}
		}
		values[key] = v;
		dates[key] = out;
	}
	return { values, dates, errors };
}

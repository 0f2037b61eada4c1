import { describe, expect, it } from 'vitest';
import { TEMPLATES, TEMPLATE_KEYS } from '../core/process/programme.ts';
import { issueField, parseBudgetForm, parsePhaseDates, parseRoundsForm, parseRulesForm, rulesToValues, type RulesValues } from './programme.ts';

function post(v: RulesValues, spare = 0): FormData {
	const f = new FormData();
	for (const a of v.applicantTypes) f.append('applicantTypes', a);
	for (const c of v.eligibilityChecklist) f.append('eligibilityChecklist', c);
	for (const k of ['cap', 'decisionBody', 'whoMayVote', 'ballot', 'tallyRule', 'settlement'] as const) f.set(k, v[k]);
	[...v.costCategories, ...Array.from({ length: spare }, () => ({ key: '', label: '', eligible: 'yes', reason: '' }))].forEach((c, i) => {
		for (const k of ['key', 'label', 'eligible', 'reason'] as const) f.set(`costCategories.${i}.${k}`, c[k]);
	});
	for (let i = 0; i < 4; i++) f.set(`tieBreak.${i}`, v.tieBreak[i] ?? '');
	for (const [key, p] of Object.entries(v.phases)) {
		if (p.use) f.set(`phases.${key}.use`, 'yes');
		f.set(`phases.${key}.start`, p.start);
		f.set(`phases.${key}.end`, p.end);
	}
	return f;
}

describe('rules form', () => {
	it.each(TEMPLATE_KEYS)('reads back the %s template unchanged, spare rows ignored', (key) => {
		const r = parseRulesForm(post(rulesToValues(TEMPLATES[key]), 2), TEMPLATES[key]);
		expect(r.errors).toEqual({});
		expect(r.rules).toEqual(TEMPLATES[key]);
	});
	it('keeps locked fields that are not posted, and reports bad numbers at their field', () => {
		const f = post(rulesToValues(TEMPLATES.kiezkasse));
		for (const k of ['ballot', 'tallyRule', 'tieBreak.0']) f.delete(k);
		f.set('cap', 'viel');
		f.set('phases.ideas.start', 'März');
		const r = parseRulesForm(f, TEMPLATES.kiezkasse);
		expect(r.rules.ballot).toBe('yes_no_abstain');
		expect(r.rules.tieBreak).toEqual(TEMPLATES.kiezkasse.tieBreak);
		expect(r.errors).toEqual({ cap: 'programmes_error_cap_format', 'phases.ideas.start': 'programmes_error_day_format' });
		expect(r.values.cap).toBe('viel');
	});
	it('maps core issue fields to the inputs that show them', () => {
		expect(issueField('costCategories.1.reason', [0, 3])).toBe('costCategories.3.reason');
		expect(issueField('capPerProjectCents', [])).toBe('cap');
		expect(issueField('phases.voting', [])).toBe('phases.voting.start');
		expect(issueField('tieBreak', [])).toBe('tieBreak.0');
	});
});

describe('rounds, budget and date forms', () => {
	const f = (o: Record<string, string>) => {
		const d = new FormData();
		for (const [k, v] of Object.entries(o)) d.set(k, v);
		return d;
	};
	it('reads German amounts', () => {
		const r = parseRoundsForm(f({ year: '2027', kind: 'proportional_with_floor', total: '100.000', floor: '2.600', step: '100' }));
		expect(r).toMatchObject({ ok: true, value: { year: 2027, allocation: { kind: 'proportional_with_floor', totalCents: 10_000_000, floorCents: 260_000, stepCents: 10_000 } } });
		expect(parseRoundsForm(f({ year: '27', kind: 'fixed', perRegion: '-1' }))).toMatchObject({ ok: false, errors: { year: 'programmes_error_year', perRegion: 'programmes_error_amount' } });
	});
	it('requires a reason for a budget set by hand', () => {
		expect(parseBudgetForm(f({ amount: '3.000', note: 'kurz' }))).toMatchObject({ ok: false, errors: { note: 'programmes_error_note_length' } });
		expect(parseBudgetForm(f({ amount: '3.000', note: 'Restmittel aus dem Vorjahr' }))).toMatchObject({ ok: true, value: { cents: 300_000 } });
	});
	it('reads calendar dates and refuses impossible ones', () => {
		const r = parsePhaseDates(f({ 'phases.ideas.start': '2027-02-01', 'phases.ideas.end': '', 'phases.voting.end': '2027-02-30' }), ['ideas', 'voting']);
		expect(r.dates).toEqual({ ideas: { start: '2027-02-01T00:00:00.000Z', end: null }, voting: {} });
		expect(r.errors).toEqual({ 'phases.voting.end': 'programmes_error_date' });
	});
});

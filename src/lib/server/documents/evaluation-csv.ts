/**
 * The evaluation of a round as CSV (issue 7 "the data as XLSX/CSV"): one row per table cell, hidden cells
 * empty with a note, so nothing below k leaves the platform. UTF-8 with BOM and semicolons, which is what
 * spreadsheet programs set to German read without an import dialog.
 */
import type { EvaluationView } from '../app/evaluation.ts';

const cell = (v: string | number | null) => {
	const s = v === null ? '' : String(v);
	return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const share = (x: number | null) => (x === null ? null : x.toFixed(4));

export const COLUMNS = ['table', 'dimension', 'group', 'participants', 'share', 'ci_low', 'ci_high', 'population_share', 'flag', 'note', 'weight'] as const;
export type Row = (string | number | null)[];

/** The rows shared by the CSV and the XLSX (documents/evaluation-xlsx.ts): hidden cells are null with a note. */
export function evaluationRows(v: EvaluationView): Row[] {
	const rows: Row[] = [];
	const note = (n: number | null) => (n === null ? `hidden (fewer than ${v.k})` : null);
	for (const p of v.participation) {
		rows.push(['participation_ideas', 'channel', p.channel, p.ideas, null, null, null, null, null, note(p.ideas)]);
		rows.push(['participation_questionnaires', 'channel', p.channel, p.responses, null, null, null, null, null, note(p.responses)]);
	}
	for (const sr of v.timeline.series)
		v.timeline.months.forEach((mo, i) => rows.push([`timeline_${sr.kind === 'ideas' ? 'ideas' : 'questionnaires'}`, sr.side, mo, sr.values[i] ?? null, null, null, null, null, null, note(sr.values[i] ?? null)]));
	for (const t of v.representation) {
		for (const r of t.rows)
			rows.push(['representation', t.dimension, r.group, r.participants, r.share, r.interval?.[0] ?? null, r.interval?.[1] ?? null, r.populationShare, r.flag, note(t.answered === null ? null : r.participants)]);
		rows.push(['dissimilarity', t.dimension, null, t.answered, t.dissimilarity, null, null, null, null, note(t.answered)]);
	}
	// Post-stratification weights (core/evaluation/weighting.ts): hidden with their cell, "capped" in the flag column.
	for (const r of v.weighting.rows)
		rows.push(['weight', v.weighting.dimension, r.group, r.participants, null, null, null, r.populationShare, r.capped ? 'capped' : null, note(v.weighting.answered === null ? null : r.participants), r.weight]);
	for (const d of v.distributions) for (const r of d.rows) rows.push(['distribution', d.dimension, r.group, r.n, null, null, null, null, null, note(r.n)]);
	// The re-weighted vote (an analysis, never the official result): weights per age band on the ballot, then
	// per project funded officially / re-weighted in the flag column. Titles are guarded against formulas.
	const rw = v.reweighted;
	if (rw.state === 'ready') {
		rows.push(['reweighted_summary', 'age', 'effective_sample_size', rw.weights.ballots, null, null, null, null, `changes:${rw.changes}`, 'analysis, not the official result; weight = Kish effective sample size', rw.weights.effectiveSize]);
		for (const r of rw.weights.rows) rows.push(['reweighted_weight', 'age', r.band, r.ballots, null, null, null, r.populationShare, r.capped ? `${r.rule},capped` : r.rule, note(r.ballots), r.weight]);
		for (const p of rw.projects)
			rows.push(['reweighted_project', 'project', p.id, null, null, null, null, null, `official:${p.official ? 'funded' : 'not_funded'},reweighted:${p.reweighted ? 'funded' : 'not_funded'}`, /^[=+\-@\t\r]/.test(p.title) ? `'${p.title}` : p.title]);
	}
	return rows;
}

export function evaluationCsv(v: EvaluationView): string {
	// Shares with 4 decimals: enough for a percentage with two decimals, and stable across platforms.
	const rows = [[...COLUMNS], ...evaluationRows(v).map((r) => r.map((x, i) => (typeof x === 'number' && ((i >= 4 && i <= 7) || i === 10) ? share(x) : x)))];
	return '\ufeff' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}

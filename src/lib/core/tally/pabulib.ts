/**
 * Reader and writer for the Pabulib `.pb` format (https://pabulib.org/format): three `;`-separated
 * sections META, PROJECTS, VOTES with CSV quoting. Tolerant of what real files contain (BOM, CRLF,
 * section names in any case, string ids, decimal costs, missing optional columns, `selected` 2/3);
 * strict about what would change a result (unknown project in a vote, a cost that is not a number),
 * with an error that names the line and the field.
 */
import { formatUnits, parseDecimal, rescale, type Decimal } from './decimal.ts';
import type { Ballot, Election, Project, VoteType } from './election.ts';

export class PbParseError extends Error {
	readonly line: number;
	readonly field: string | null;
	constructor(line: number, field: string | null, problem: string) {
		super(`line ${line}${field ? `, field "${field}"` : ''}: ${problem}`);
		this.name = 'PbParseError';
		this.line = line;
		this.field = field;
	}
}

export interface PbRow {
	fields: string[];
	line: number;
}

/** The file as written: every column and META key kept, in file order (for lossless writing). */
export interface PbFile {
	meta: Array<[string, string]>;
	projectColumns: string[];
	projects: PbRow[];
	voteColumns: string[];
	votes: PbRow[];
}

function splitQuoted(lines: string[], start: number): { fields: string[]; next: number } {
	// CSV with ';' and '"' quoting; a quoted field may span lines.
	const fields: string[] = [];
	let i = start;
	let line = lines[i] ?? '';
	let pos = 0;
	let cur = '';
	let quoted = false;
	for (;;) {
		if (pos >= line.length) {
			if (quoted && i + 1 < lines.length) {
				cur += '\n';
				i++;
				line = lines[i] ?? '';
				pos = 0;
				continue;
			}
			if (quoted) throw new PbParseError(start + 1, null, 'a quoted field is not closed');
			fields.push(cur);
			return { fields, next: i + 1 };
		}
		const ch = line[pos]!;
		if (quoted) {
			if (ch === '"') {
				if (line[pos + 1] === '"') {
					cur += '"';
					pos += 2;
				} else {
					quoted = false;
					pos++;
				}
			} else {
				cur += ch;
				pos++;
			}
		} else if (ch === '"' && cur.trim() === '') {
			quoted = true;
			cur = '';
			pos++;
		} else if (ch === ';') {
			fields.push(cur);
			cur = '';
			pos++;
		} else {
			cur += ch;
			pos++;
		}
	}
}

export function parsePbFile(text: string): PbFile {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const lines = text.split(/\r\n|\n|\r/);
	const sections = new Map<string, { header: PbRow | null; rows: PbRow[]; line: number }>();
	let current: { header: PbRow | null; rows: PbRow[]; line: number } | null = null;
	let i = 0;
	while (i < lines.length) {
		const raw = lines[i]!;
		const lineNo = i + 1;
		if (raw.trim() === '') {
			i++;
			continue;
		}
		const name = raw.trim().toUpperCase();
		if (name === 'META' || name === 'PROJECTS' || name === 'VOTES') {
			if (sections.has(name)) throw new PbParseError(lineNo, null, `section ${name} appears twice`);
			current = { header: null, rows: [], line: lineNo };
			sections.set(name, current);
			i++;
			continue;
		}
		if (!current) throw new PbParseError(lineNo, null, 'expected a section name (META, PROJECTS or VOTES) before any data');
		let fields: string[];
		if (raw.includes('"')) {
			const r = splitQuoted(lines, i);
			fields = r.fields;
			i = r.next;
		} else {
			fields = raw.split(';');
			i++;
		}
		const row = { fields, line: lineNo };
		if (current.header === null) current.header = row;
		else current.rows.push(row);
	}
	const need = (name: string) => {
		const s = sections.get(name);
		if (!s) throw new PbParseError(lines.length, null, `section ${name} is missing`);
		if (!s.header) throw new PbParseError(s.line, null, `section ${name} has no header row`);
		return s as { header: PbRow; rows: PbRow[]; line: number };
	};
	const meta = need('META');
	const projects = need('PROJECTS');
	const votes = need('VOTES');
	const metaPairs: Array<[string, string]> = [];
	for (const r of meta.rows) {
		const key = (r.fields[0] ?? '').trim();
		if (key === '') throw new PbParseError(r.line, 'key', 'META row without a key');
		metaPairs.push([key, r.fields.slice(1).join(';').trim()]);
	}
	return {
		meta: metaPairs,
		projectColumns: projects.header.fields.map((f) => f.trim()),
		projects: projects.rows,
		voteColumns: votes.header.fields.map((f) => f.trim()),
		votes: votes.rows
	};
}

function quote(field: string): string {
	if (/[;"\n\r]/.test(field) || field !== field.trim()) return '"' + field.replace(/"/g, '""') + '"';
	return field;
}

export function writePbFile(f: PbFile): string {
	const out: string[] = ['META', 'key;value'];
	for (const [k, v] of f.meta) out.push(quote(k) + ';' + quote(v));
	out.push('PROJECTS', f.projectColumns.map(quote).join(';'));
	for (const r of f.projects) out.push(r.fields.map(quote).join(';'));
	out.push('VOTES', f.voteColumns.map(quote).join(';'));
	for (const r of f.votes) out.push(r.fields.map(quote).join(';'));
	return out.join('\n') + '\n';
}

const VOTE_TYPES: Record<string, VoteType> = {
	approval: 'approval',
	'choose-1': 'choose-1',
	cumulative: 'cumulative',
	ordinal: 'ordinal',
	scoring: 'scoring',
	knapsack: 'knapsack'
};

function column(cols: string[], name: string): number {
	return cols.findIndex((c) => c.toLowerCase() === name);
}

/** Reads a `.pb` text into an election. Throws PbParseError (line, field, problem) for a broken file. */
export function parsePabulib(text: string): Election {
	return pbFileToElection(parsePbFile(text));
}

export function pbFileToElection(f: PbFile): Election {
	const meta = new Map(f.meta.map(([k, v]) => [k.toLowerCase(), v] as [string, string]));
	const budgetRaw = meta.get('budget');
	if (budgetRaw === undefined) throw new PbParseError(1, 'budget', 'META has no budget');
	const budgetDec = parseDecimal(budgetRaw);
	if (!budgetDec || budgetDec.units < 0n) throw new PbParseError(1, 'budget', `"${budgetRaw}" is not a non-negative number`);
	const vtRaw = (meta.get('vote_type') ?? 'approval').trim().toLowerCase();
	const voteType = VOTE_TYPES[vtRaw];
	if (!voteType) throw new PbParseError(1, 'vote_type', `unknown vote type "${vtRaw}"`);

	const pc = f.projectColumns;
	const idCol = column(pc, 'project_id');
	const costCol = column(pc, 'cost');
	if (idCol < 0) throw new PbParseError(1, 'project_id', 'PROJECTS has no project_id column');
	if (costCol < 0) throw new PbParseError(1, 'cost', 'PROJECTS has no cost column');
	const nameCol = column(pc, 'name');
	const selCol = column(pc, 'selected');
	const costs: Decimal[] = [];
	const rawProjects: Array<{ id: string; name?: string; selected?: number }> = [];
	const index = new Map<string, number>();
	for (const r of f.projects) {
		if (r.fields.length > pc.length) throw new PbParseError(r.line, null, `${r.fields.length} fields but the PROJECTS header has ${pc.length}`);
		const id = (r.fields[idCol] ?? '').trim();
		if (id === '') throw new PbParseError(r.line, 'project_id', 'empty project id');
		if (index.has(id)) throw new PbParseError(r.line, 'project_id', `project "${id}" is listed twice`);
		const costRaw = r.fields[costCol] ?? '';
		const cost = parseDecimal(costRaw);
		if (!cost || cost.units < 0n) throw new PbParseError(r.line, 'cost', `"${costRaw}" is not a non-negative number`);
		const p: { id: string; name?: string; selected?: number } = { id };
		if (nameCol >= 0 && r.fields[nameCol] !== undefined) p.name = r.fields[nameCol];
		if (selCol >= 0) {
			const s = (r.fields[selCol] ?? '').trim();
			if (s !== '') {
				if (!/^\d+$/.test(s)) throw new PbParseError(r.line, 'selected', `"${s}" is not a whole number`);
				p.selected = Number(s);
			}
		}
		index.set(id, rawProjects.length);
		rawProjects.push(p);
		costs.push(cost);
	}
	const scale = Math.max(budgetDec.scale, ...costs.map((c) => c.scale));
	const projects: Project[] = rawProjects.map((p, i) => ({ ...p, cost: rescale(costs[i]!, scale) }));

	const vc = f.voteColumns;
	const voteCol = column(vc, 'vote');
	const pointsCol = column(vc, 'points');
	if (voteCol < 0) throw new PbParseError(1, 'vote', 'VOTES has no vote column');
	const usesPoints = voteType === 'cumulative' || voteType === 'scoring';
	if (usesPoints && pointsCol < 0) throw new PbParseError(1, 'points', `${voteType} votes need a points column`);
	const ballots: Ballot[] = [];
	for (const r of f.votes) {
		if (r.fields.length > vc.length) throw new PbParseError(r.line, null, `${r.fields.length} fields but the VOTES header has ${vc.length}`);
		const raw = (r.fields[voteCol] ?? '').trim();
		const ids = raw === '' ? [] : raw.split(',').map((s) => s.trim());
		const ps: number[] = [];
		const seen = new Set<number>();
		for (const id of ids) {
			const k = index.get(id);
			if (k === undefined) throw new PbParseError(r.line, 'vote', `project "${id}" is not in PROJECTS`);
			if (seen.has(k)) throw new PbParseError(r.line, 'vote', `project "${id}" appears twice in one vote`);
			seen.add(k);
			ps.push(k);
		}
		const b: Ballot = { projects: ps };
		if (usesPoints) {
			const praw = (r.fields[pointsCol] ?? '').trim();
			const pts = praw === '' ? [] : praw.split(',').map((s) => s.trim());
			if (pts.length !== ps.length) throw new PbParseError(r.line, 'points', `${pts.length} points for ${ps.length} projects`);
			b.points = pts.map((s) => {
				if (!/^\d+$/.test(s)) throw new PbParseError(r.line, 'points', `"${s}" is not a whole non-negative number`);
				return Number(s);
			});
		}
		ballots.push(b);
	}
	const thresholdRaw = meta.get('min_project_score_threshold');
	const el: Election = { voteType, budget: rescale(budgetDec, scale), scale, projects, ballots, meta: f.meta };
	if (thresholdRaw !== undefined && thresholdRaw.trim() !== '') {
		const t = parseDecimal(thresholdRaw);
		if (!t) throw new PbParseError(1, 'min_project_score_threshold', `"${thresholdRaw}" is not a number`);
		el.minProjectScoreThreshold = Number(formatUnits(t.units, t.scale));
	}
	return el;
}

/** Writes an election as `.pb`. Reading the result gives the same election (same ids, costs, budget, ballots). */
export function writePabulib(e: Election): string {
	// Weighted ballots are an analysis (evaluation) and are never published; the format has no column for them.
	if (e.ballots.some((b) => b.weight !== undefined && b.weight !== 1)) throw new Error('a Pabulib file cannot hold ballot weights');
	const meta: Array<[string, string]> = [];
	const seen = new Set<string>();
	for (const [k, v] of e.meta) {
		const key = k.toLowerCase();
		seen.add(key);
		if (key === 'budget') meta.push([k, formatUnits(e.budget, e.scale)]);
		else if (key === 'num_projects') meta.push([k, String(e.projects.length)]);
		else if (key === 'num_votes') meta.push([k, String(e.ballots.length)]);
		else if (key === 'vote_type') meta.push([k, e.voteType]);
		else meta.push([k, v]);
	}
	if (!seen.has('budget')) meta.push(['budget', formatUnits(e.budget, e.scale)]);
	if (!seen.has('vote_type')) meta.push(['vote_type', e.voteType]);
	if (!seen.has('num_projects')) meta.push(['num_projects', String(e.projects.length)]);
	if (!seen.has('num_votes')) meta.push(['num_votes', String(e.ballots.length)]);
	const hasName = e.projects.some((p) => p.name !== undefined);
	const hasSel = e.projects.some((p) => p.selected !== undefined);
	const projectColumns = ['project_id', 'cost', ...(hasName ? ['name'] : []), ...(hasSel ? ['selected'] : [])];
	const projects = e.projects.map((p, i) => ({
		line: i + 1,
		fields: [p.id, formatUnits(p.cost, e.scale), ...(hasName ? [p.name ?? ''] : []), ...(hasSel ? [p.selected === undefined ? '' : String(p.selected)] : [])]
	}));
	const usesPoints = e.voteType === 'cumulative' || e.voteType === 'scoring';
	const voteColumns = ['voter_id', 'vote', ...(usesPoints ? ['points'] : [])];
	const votes = e.ballots.map((b, i) => ({
		line: i + 1,
		fields: [String(i + 1), b.projects.map((k) => e.projects[k]!.id).join(','), ...(usesPoints ? [(b.points ?? []).join(',')] : [])]
	}));
	return writePbFile({ meta, projectColumns, projects, voteColumns, votes });
}

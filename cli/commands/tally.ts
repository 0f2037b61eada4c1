/**
 * `kiezbudget tally FILE.pb --rule <rule> [--completion ...] [--json] [--compare-selected]`
 * Exit codes: 0 ok, 1 the tally failed, 2 bad usage or input, 3 the election file is broken,
 * 4 --compare-selected found a difference (like diff(1), a difference is not an error, but scripts must see it).
 */
import { readFileSync } from 'node:fs';
import { PbParseError, parsePabulib } from '../../src/lib/core/tally/pabulib.ts';
import { greedySpec, mesSpec, phragmenSpec, specFromPabulibKey, type RuleSpec } from '../../src/lib/core/tally/spec.ts';
import { tally } from '../../src/lib/core/tally/tally.ts';
import type { Election } from '../../src/lib/core/tally/election.ts';
import type { TallyResult } from '../../src/lib/core/tally/result.ts';
import { DEFAULT_TIE_BREAK, type TieBreakStep } from '../../src/lib/core/tally/tiebreak.ts';

const HELP = `kiezbudget tally FILE.pb [options]

Computes a participatory-budgeting result from a Pabulib .pb file and explains it.

Options:
  --rule RULE          greedy (default; by votes, or by points for cumulative/scoring, by positional
                       score for ordinal ballots), greedy-votes, greedy-points, greedy-positional,
                       greedy-per-cost, greedy-no-skip, greedy-threshold (uses META min_project_score_threshold
                       unless --threshold is given), mes (= mes-cost), mes-approval, mes-points, phragmen,
                       or a Pabulib reference key such as mes_cost_add1_nonexhaustive_comparison;
                       file = the rule the file's META names (greedy, greedy-no-skip, greedy-threshold,
                       equalshares/add1, equalshares/add1-comparison)
  --completion C       for MES: none (default), add1, add1-nonexhaustive, add1-greedy,
                       add1-integral, add1-integral-greedy
  --comparison         for MES: the comparison step (switch to greedy only if strictly more voters prefer it)
  --threshold N        minimum score for greedy-threshold
  --tie-break LIST     comma list of lower-cost, more-supporters, lottery:SEED, id
                       (default: lower-cost,more-supporters,id)
  --json               print the full result (rule, input hash, winners, money spent, round log) as JSON
  --compare-selected   compare the winners with the file's selected column (selected = 1 only)
  --help               this text

Exit codes: 0 ok, 1 the tally failed, 2 bad usage or input, 3 the file is broken,
4 the winners differ from the file's selected column (--compare-selected).
`;

class UsageError extends Error {}

function parseTieBreak(raw: string): TieBreakStep[] {
	return raw.split(',').map((s) => {
		const t = s.trim();
		if (t === 'lower-cost' || t === 'more-supporters' || t === 'id') return { kind: t };
		if (t.startsWith('lottery:') && t.length > 8) return { kind: 'lottery', seed: t.slice(8) };
		throw new UsageError(`Unknown tie-break step "${t}". Use lower-cost, more-supporters, lottery:SEED or id.`);
	});
}

/**
 * The rule a Pabulib file says was used (META `rule`), as our rule name and options. Pabulib defines
 * `equalshares/add1` without pabutools' early stop (docs/tally.md), hence add1-nonexhaustive.
 */
function ruleFromMeta(e: Election): { rule: string; completion: string; comparison: boolean } {
	const named = e.meta.find(([k]) => k.toLowerCase() === 'rule')?.[1]?.trim() ?? '';
	switch (named) {
		case 'greedy':
		case 'greedy-no-skip':
		case 'greedy-threshold':
			return { rule: named, completion: 'none', comparison: false };
		case 'equalshares/add1':
			return { rule: 'mes', completion: 'add1-nonexhaustive', comparison: false };
		case 'equalshares/add1-comparison':
			return { rule: 'mes', completion: 'add1-nonexhaustive', comparison: true };
	}
	throw new UsageError(`The file names the rule "${named || '(none)'}", which cannot be reproduced from the file alone. Choose one with --rule.`);
}

function buildSpec(e: Election, rule: string, completion: string, comparison: boolean, threshold: number | null, tieBreak: TieBreakStep[]): RuleSpec {
	const points = e.voteType === 'cumulative' || e.voteType === 'scoring';
	const natural = points ? 'points' : e.voteType === 'ordinal' ? 'positional' : 'votes';
	const mes = (utility: 'cost' | 'approval' | 'points') => {
		const c: Record<string, Partial<Parameters<typeof mesSpec>[1]>> = {
			none: {},
			add1: { completion: 'add1' },
			'add1-nonexhaustive': { completion: 'add1-nonexhaustive' },
			'add1-greedy': { completion: 'add1', thenGreedy: true },
			'add1-integral': { completion: 'add1', start: 'integral' },
			'add1-integral-greedy': { completion: 'add1', start: 'integral', thenGreedy: true }
		};
		const opts = c[completion];
		if (!opts) throw new UsageError(`Unknown completion "${completion}". Use none, add1, add1-nonexhaustive, add1-greedy, add1-integral or add1-integral-greedy.`);
		return mesSpec(utility, { ...opts, comparison, tieBreak });
	};
	if (completion !== 'none' && !rule.startsWith('mes')) throw new UsageError('--completion applies to MES rules only.');
	switch (rule) {
		case 'greedy':
			return greedySpec(natural, { tieBreak });
		case 'greedy-votes':
			return greedySpec('votes', { tieBreak });
		case 'greedy-points':
			return greedySpec('points', { tieBreak });
		case 'greedy-positional':
			return greedySpec('positional', { tieBreak });
		case 'greedy-per-cost':
			return greedySpec(points ? 'points-per-cost' : 'votes-per-cost', { tieBreak });
		case 'greedy-no-skip':
			return greedySpec(natural, { ifNoFit: 'stop', tieBreak });
		case 'greedy-threshold': {
			const t = threshold ?? e.minProjectScoreThreshold ?? null;
			if (t === null) throw new UsageError('greedy-threshold needs --threshold N (the file has no min_project_score_threshold).');
			return greedySpec(natural, { threshold: t, tieBreak });
		}
		case 'mes':
		case 'mes-cost':
			return mes('cost');
		case 'mes-approval':
			return mes('approval');
		case 'mes-points':
			return mes('points');
		case 'phragmen':
			return phragmenSpec(tieBreak);
	}
	const fromKey = specFromPabulibKey(rule);
	if (fromKey) return { ...fromKey, tieBreak } as RuleSpec;
	throw new UsageError(`Unknown rule "${rule}". See kiezbudget tally --help.`);
}

function describe(e: Election, r: TallyResult): string {
	const lines: string[] = [];
	const cur = e.meta.find(([k]) => k.toLowerCase() === 'currency')?.[1] ?? '';
	lines.push(`Rule: ${JSON.stringify({ ...r.rule, tieBreak: undefined })}`);
	lines.push(`Input SHA-256: ${r.inputHash}`);
	lines.push(`Voters: ${r.voters}   Budget: ${r.budget} ${cur}   Spent: ${r.spent} ${cur}`);
	lines.push(`Winners (${r.winners.length}, in selection order): ${r.winners.join(', ')}`);
	if (r.exactRecheck) lines.push('A close comparison was re-checked in exact rational arithmetic.');
	lines.push('', 'Explanation:');
	for (const l of r.log) {
		switch (l.kind) {
			case 'greedy':
				lines.push(`  ${l.project}: score ${l.score}, cost ${l.cost} — ${l.decision} (left ${l.remaining})`);
				break;
			case 'mes':
				lines.push(
					`  round ${l.round}: ${l.project} (cost ${l.cost}) at ${l.pricePerUtility} per unit of utility; its ${l.supporters} supporters had ${l.supportersBudgetBefore}, keep ${l.supportersBudgetAfter}${l.tiedWith.length ? `; tie with ${l.tiedWith.join(', ')} broken by the tie-break chain` : ''}`
				);
				break;
			case 'mes-unaffordable':
				lines.push(`  round ${l.round}: ${l.project} is no longer affordable (supporters have ${l.supportersBudget})`);
				break;
			case 'add1':
				lines.push(`  Add1: per-voter budget raised to ${l.perVoterBudget} after ${l.increments} increments (${l.evaluated} MES runs); stop: ${l.stop}`);
				break;
			case 'completion':
				lines.push(`  completion: ${l.project} (cost ${l.cost}) added greedily (left ${l.remaining})`);
				break;
			case 'comparison':
				lines.push(`  comparison: ${l.prefersMes} voters prefer MES, ${l.prefersGreedy} prefer greedy → ${l.chosen}`);
				break;
			case 'phragmen':
				lines.push(`  round ${l.round}: ${l.project} (cost ${l.cost}), supporters' load ${l.load}${l.tiedWith.length ? `; tie with ${l.tiedWith.join(', ')}` : ''}`);
				break;
			case 'phragmen-stop':
				lines.push(`  round ${l.round}: ${l.project} (cost ${l.cost}) would be next but does not fit (left ${l.remaining}); Phragmén stops`);
				break;
		}
	}
	return lines.join('\n') + '\n';
}

export async function tallyCommand(args: string[]): Promise<number> {
	let file: string | null = null;
	let rule = 'greedy';
	let completion = 'none';
	let json = false;
	let compareSelected = false;
	let comparison = false;
	let threshold: number | null = null;
	let tieBreak: TieBreakStep[] = DEFAULT_TIE_BREAK;
	try {
		for (let i = 0; i < args.length; i++) {
			const a = args[i]!;
			const value = () => {
				const v = args[++i];
				if (v === undefined) throw new UsageError(`${a} needs a value.`);
				return v;
			};
			if (a === '--help' || a === '-h') {
				process.stdout.write(HELP);
				return 0;
			} else if (a === '--rule') rule = value();
			else if (a === '--completion') completion = value();
			else if (a === '--json') json = true;
			else if (a === '--compare-selected') compareSelected = true;
			else if (a === '--comparison') comparison = true;
			else if (a === '--threshold') {
				const v = Number(value());
				if (!Number.isFinite(v) || v < 0) throw new UsageError('--threshold needs a non-negative number.');
				threshold = v;
			} else if (a === '--tie-break') tieBreak = parseTieBreak(value());
			else if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
			else if (file === null) file = a;
			else throw new UsageError(`Only one file, please (got ${file} and ${a}).`);
		}
		if (file === null) throw new UsageError('Which file? kiezbudget tally FILE.pb [options]');
	} catch (err) {
		if (err instanceof UsageError) {
			process.stderr.write(`${err.message}\n\n${HELP}`);
			return 2;
		}
		throw err;
	}
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		process.stderr.write(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
		return 2;
	}
	let election: Election;
	try {
		election = parsePabulib(text);
	} catch (err) {
		if (err instanceof PbParseError) {
			process.stderr.write(`${file} is not a valid Pabulib file: ${err.message}\n`);
			return 3;
		}
		throw err;
	}
	let spec: RuleSpec;
	try {
		if (rule === 'file') ({ rule, completion, comparison } = ruleFromMeta(election));
		spec = buildSpec(election, rule, completion, comparison, threshold, tieBreak);
	} catch (err) {
		if (err instanceof UsageError) {
			process.stderr.write(`${err.message}\n`);
			return 2;
		}
		throw err;
	}
	let result: TallyResult;
	try {
		result = tally(election, spec);
	} catch (err) {
		process.stderr.write(`The tally failed: ${err instanceof Error ? err.message : String(err)}\n`);
		return 1;
	}
	let comparisonReport: { official: string[]; onlyOfficial: string[]; onlyComputed: string[]; same: boolean } | null = null;
	if (compareSelected) {
		if (!election.projects.some((p) => p.selected !== undefined)) {
			process.stderr.write(`${file} has no selected column to compare with.\n`);
			return 2;
		}
		const official = election.projects.filter((p) => p.selected === 1).map((p) => p.id);
		const w = new Set(result.winners);
		const o = new Set(official);
		const onlyOfficial = official.filter((id) => !w.has(id));
		const onlyComputed = result.winners.filter((id) => !o.has(id));
		comparisonReport = { official, onlyOfficial, onlyComputed, same: onlyOfficial.length === 0 && onlyComputed.length === 0 };
	}
	if (json) {
		process.stdout.write(JSON.stringify(comparisonReport ? { ...result, compareSelected: comparisonReport } : result, null, 2) + '\n');
	} else {
		process.stdout.write(describe(election, result));
		if (comparisonReport) {
			process.stdout.write(
				comparisonReport.same
					? `\nSame winners as the file's selected = 1 (${comparisonReport.official.length} projects).\n`
					: `\nDiffers from the file's selected = 1: only official ${comparisonReport.onlyOfficial.join(', ') || '-'}; only computed ${comparisonReport.onlyComputed.join(', ') || '-'}.\n`
			);
		}
	}
	return comparisonReport && !comparisonReport.same ? 4 : 0;
}

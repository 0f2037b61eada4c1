/**
 * Tally benchmark (not a test; no thresholds): for the largest shared elections, the median wall time of
 * every reference rule over several runs, the peak memory of the process, and the pabutools reference time
 * recorded in `_details.<rule>.seconds` of the expected file.
 *
 *   node bench/tally/run.ts [--runs N] [--all]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePabulib } from '../../src/lib/core/tally/pabulib.ts';
import { specFromPabulibKey } from '../../src/lib/core/tally/spec.ts';
import { tally } from '../../src/lib/core/tally/tally.ts';

const dir = resolve(process.cwd(), '../shared/data/pabulib');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const LARGEST = ['Poland_Lodz_2022.pb', 'Poland_Krakow_2024.pb', 'Poland_Katowice_2023.pb', 'Hungary_Budapest_2024.pb', 'Poland_Wroclaw_2015_150_-_500.pb'];
const files = args.includes('--all') ? readdirSync(dir).filter((f) => f.endsWith('.pb')).sort() : LARGEST;

let peak = process.memoryUsage().rss;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 5);

// Wall time and the process's CPU time (user + system) per run: on a shared, loaded machine the CPU time is
// the steadier figure (the wall time includes waiting for a core).
const rows: string[][] = [['file', 'rule', 'median ms', 'min ms', 'max ms', 'cpu median ms', 'reference s', 'winners']];
for (const file of files) {
	const text = readFileSync(resolve(dir, file), 'utf8');
	const t0 = performance.now();
	const election = parsePabulib(text);
	const parseMs = performance.now() - t0;
	const expected = JSON.parse(readFileSync(resolve(dir, 'expected', file.replace(/\.pb$/, '.json')), 'utf8')) as Record<string, unknown> & {
		_details: Record<string, { seconds?: number; exact_run_seconds?: number; float_search_seconds?: number }>;
	};
	rows.push([file, '(parse)', parseMs.toFixed(0), '', '', '', '', '']);
	for (const key of Object.keys(expected).filter((k) => !k.startsWith('_'))) {
		const spec = specFromPabulibKey(key);
		if (!spec) continue;
		const times: number[] = [];
		const cpu: number[] = [];
		let winners = 0;
		for (let i = 0; i < RUNS; i++) {
			// A fresh election object per run, so the per-election Add1 cache does not flatter the figures.
			const e = { ...election };
			const t = performance.now();
			const c = process.cpuUsage();
			winners = tally(e, spec).winners.length;
			const used = process.cpuUsage(c);
			times.push(performance.now() - t);
			cpu.push((used.user + used.system) / 1000);
			sample();
		}
		times.sort((a, b) => a - b);
		cpu.sort((a, b) => a - b);
		const d = expected._details[key];
		const ref = d?.seconds ?? (d?.exact_run_seconds !== undefined ? `${d.exact_run_seconds} (+${d.float_search_seconds ?? '?'} float search)` : '');
		rows.push([file, key, times[Math.floor(times.length / 2)]!.toFixed(1), times[0]!.toFixed(1), times[times.length - 1]!.toFixed(1), cpu[Math.floor(cpu.length / 2)]!.toFixed(1), String(ref), String(winners)]);
	}
}
clearInterval(timer);
sample();
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) process.stdout.write(r.map((v, c) => (c >= 2 ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join('  ') + '\n');
process.stdout.write(`\nruns per rule: ${RUNS} (time per run includes nothing but tally(); parse shown separately)\n`);
process.stdout.write(`peak RSS: ${(peak / 1024 / 1024).toFixed(0)} MB; heap used now: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB\n`);
process.stdout.write(`node ${process.version}; load average while running: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

/**
 * Issue 3 "the CLI works on every shared file": `kiezbudget tally` runs in-process on each file of
 * ../shared/data/pabulib; where the file's META names a rule we can reproduce, `--rule file --compare-selected`
 * must give the official winners (exit 0). Exit codes for bad usage (2), a broken file (3) and a difference (4).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tallyCommand } from '../../cli/commands/tally.ts';

const dir = fileURLToPath(new URL('../../../shared/data/pabulib/', import.meta.url));
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.pb'))
	.sort();

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
	const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
	try {
		return { code: await tallyCommand(args), out, err };
	} finally {
		o.mockRestore();
		e.mockRestore();
	}
}

afterEach(() => vi.restoreAllMocks());

/** Files whose META `rule` is one Pabulib documents and we implement; the others say greedy-custom, unknown, …. */
const REPRODUCIBLE = new Set([
	'Netherlands_Assen_2024.pb',
	'Poland_Gdynia_2021_Babie_Doly__large.pb',
	'Poland_Katowice_2023.pb',
	'Poland_Katowice_2024_Murcki.pb',
	'Poland_Krakow_2024.pb',
	'Poland_Krakow_2025_Pradnik_Bialy.pb',
	'Poland_Lodz_2022.pb',
	'Poland_Warszawa_2023_Wola.pb',
	'Poland_Wieliczka_2023_Green_Budget.pb',
	'Poland_Wroclaw_2015_150_-_500.pb'
]);

describe('kiezbudget tally on every shared file', () => {
	for (const file of files) {
		it(`${file}: default rule prints winners and the explanation`, async () => {
			const r = await run([join(dir, file)]);
			expect(r.err).toBe('');
			expect(r.code).toBe(0);
			expect(r.out).toMatch(/Rule: /);
		}, 120_000);
		if (REPRODUCIBLE.has(file))
			it(`${file}: the file's own rule reproduces its selected projects`, async () => {
				const r = await run([join(dir, file), '--rule', 'file', '--compare-selected']);
				expect(r.out).toMatch(/Same winners as the file's selected = 1/);
				expect(r.code).toBe(0);
			}, 120_000);
	}

	it('exit 4 when the winners differ from the selected column', async () => {
		const r = await run([join(dir, 'Poland_Wieliczka_2023_Green_Budget.pb'), '--rule', 'greedy', '--compare-selected']);
		expect(r.out).toMatch(/Differs from the file's selected = 1/);
		expect(r.code).toBe(4);
	});

	it('exit 2 for bad usage, with a plain message', async () => {
		expect((await run([])).code).toBe(2);
		const r = await run([join(dir, 'Poland_Krakow_2024.pb'), '--rule', 'nonsense']);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/Unknown rule "nonsense"/);
		const meta = await run([join(dir, 'Hungary_Budapest_2024.pb'), '--rule', 'file']);
		expect(meta.code).toBe(2);
		expect(meta.err).toMatch(/names the rule "unknown"/);
	});

	it('exit 3 for a broken file, naming the line', async () => {
		const tmp = mkdtempSync(join(tmpdir(), 'kb-cli-'));
		const f = join(tmp, 'broken.pb');
		writeFileSync(f, 'META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n1;1\n');
		const r = await run([f]);
		expect(r.code).toBe(3);
		expect(r.err).toMatch(/line 9/i);
	});
});

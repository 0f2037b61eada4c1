import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDb } from '../../src/lib/server/db/client.ts';
import { importPopulation } from '../../src/lib/server/app/population.ts';
import { createPopulationStore } from '../../src/lib/server/db/repositories/population.ts';
import { readConfig } from '../../src/lib/server/config.ts';

export const POPULATION_USAGE = `kiezbudget import population FILE --date YYYY-MM-DD [--source TEXT] [--dry-run]
  FILE        a register file in the format of ../shared/data/berlin/population (CSV, one row per
              Bezirksregion or per Planungsraum; Planungsräume are added up to their Bezirksregion)
  --date      the register's reference date (Stichtag); stored with the counts, older dates are kept
  --source    attribution stored with the counts (default: the file name)
  --dry-run   only check the file and show what would be stored
The evaluation compares participants with the newest date of each region.
Exit codes: 0 ok, 1 failed, 2 bad usage, 3 the file is broken (nothing imported).
`;

export async function importPopulationCommand(argv: string[]): Promise<number> {
	const [file, ...rest] = argv;
	const opt = (name: string) => {
		const at = rest.indexOf(name);
		return at >= 0 ? rest[at + 1] : undefined;
	};
	const date = opt('--date');
	const known = new Set(['--date', '--source', '--dry-run']);
	if (!file || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || rest.some((a) => a.startsWith('--') && !known.has(a))) {
		process.stderr.write(POPULATION_USAGE);
		return 2;
	}
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		process.stderr.write(`Cannot read ${file}: ${(e as Error).message}\n`);
		return 2;
	}
	const dryRun = rest.includes('--dry-run');
	const handle = await openDb(readConfig().databaseUrl);
	try {
		const r = await importPopulation(createPopulationStore(handle.db), text, date, opt('--source') ?? basename(file), dryRun);
		if (r.kind === 'invalid') {
			for (const p of r.problems.slice(0, 20)) process.stderr.write(`  line ${p.line}: ${p.problem}\n`);
			if (r.problems.length > 20) process.stderr.write(`  … and ${r.problems.length - 20} more\n`);
			process.stderr.write('The file has errors: nothing was imported.\n');
			return 3;
		}
		if (r.kind === 'nothing_known') {
			process.stderr.write(`None of the ${r.rows} rows belongs to a region on this platform: nothing was imported.\n`);
			return 3;
		}
		process.stdout.write(
			`${r.dryRun ? 'Dry run: would store' : 'Stored'} ${r.imported} regions (${r.residents} residents) as of ${date}` +
				`${r.skipped ? `; ${r.skipped} regions of other districts skipped` : ''}.\n`
		);
		return 0;
	} finally {
		await handle.close();
	}
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDb } from '../../src/lib/server/db/client.ts';
import { importForCli, readTable } from '../../src/lib/server/app/office.ts';
import { readConfig } from '../../src/lib/server/config.ts';

const USAGE = `kiezbudget import ideas FILE --round SLUG [--dry-run]
  FILE        CSV (UTF-8, comma or semicolon) or XLSX, first row = column names
              (e.g. a mein.berlin idea export: Titel, Beschreibung, Kategorie, Referenznummer, Budget)
  --round     the round to import into (its slug, e.g. kiezkasse-2026-adlershof)
  --dry-run   only show what would be created and which rows are duplicates; change nothing
Columns are mapped by their names; the web form (/admin/runden/SLUG/import) lets you map them by hand.
Exit codes: 0 ok, 1 failed, 2 bad usage, 3 the file has rows with errors (nothing imported).
`;

export async function importCommand(argv: string[]): Promise<number> {
	const [what, file, ...rest] = argv;
	if (what === 'population') return (await import('./import-population.ts')).importPopulationCommand(argv.slice(1));
	const roundAt = rest.indexOf('--round');
	const slug = roundAt >= 0 ? rest[roundAt + 1] : undefined;
	if (what !== 'ideas' || !file || !slug) {
		process.stderr.write(USAGE);
		return 2;
	}
	const dryRun = rest.includes('--dry-run');
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(readFileSync(file));
	} catch (e) {
		process.stderr.write(`Cannot read ${file}: ${(e as Error).message}\n`);
		return 2;
	}
	const t = await readTable(bytes);
	if (!t.ok) {
		process.stderr.write(`${file}: ${t.problem.replace(/_/g, ' ')}\n`);
		return 3;
	}
	const handle = await openDb(readConfig().databaseUrl);
	try {
		const r = await importForCli(handle.db, slug, t.table, dryRun, new Date(), basename(file));
		if (r.kind === 'not_found') {
			process.stderr.write(`No round "${slug}".\n`);
			return 2;
		}
		const mapped = Object.entries(r.mapping).filter(([, h]) => h).map(([f, h]) => `${f} ← "${h}"`).join(', ');
		process.stdout.write(`Columns: ${mapped || '(none recognised)'}\n`);
		if (!r.mapping.title) {
			process.stderr.write('No title column found (expected e.g. "Titel" or "title").\n');
			return 3;
		}
		for (const row of r.plan.rows) {
			const what = row.kind === 'create' ? 'new' : row.kind === 'duplicate' ? `duplicate (${row.of === 'round' ? 'already in the round' : 'twice in the file'})` : `ERROR ${row.problem.replace(/_/g, ' ')}`;
			process.stdout.write(`  row ${String(row.line).padStart(4)}  ${what.padEnd(40)} ${row.kind === 'create' ? row.idea.title : row.title}\n`);
		}
		process.stdout.write(`${r.plan.create} new, ${r.plan.duplicates} duplicates, ${r.plan.invalid} with errors.\n`);
		if (r.kind === 'planned') {
			process.stdout.write(dryRun ? 'Dry run: nothing was changed.\n' : '');
			return r.plan.invalid > 0 ? 3 : 0;
		}
		if (r.kind === 'refused') {
			process.stderr.write('Rows with errors: nothing was imported.\n');
			return 3;
		}
		process.stdout.write(`Imported ${r.created} ideas into ${slug}.\n`);
		return 0;
	} finally {
		await handle.close();
	}
}

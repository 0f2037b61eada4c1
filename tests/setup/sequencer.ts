/**
 * Vitest's order of test files when it has no timings of an earlier run (as on CI's fresh clone): the known
 * long files first, then by size, largest first (vitest's own fallback). Vitest starts small files late, and
 * the Pabulib conformance (a 40-line file that tallies every election: the longest file by far) used to start
 * last, with one worker busy on it alone for minutes while the other had nothing left to do.
 * Duck-typed against vitest's TestSequencer so that vite.config.ts (also read by `vite build`) need not
 * load vitest/node.
 */
import { statSync } from 'node:fs';

/** Longest first, as measured on CI's 2-core machine; a file not listed simply runs after these. */
const LONG = [
	'tests/conformance/pabulib.test.ts',
	'tests/integration/voting-crash.test.ts',
	'tests/integration/voting.test.ts',
	'src/lib/core/tally/pabulib.test.ts',
	'tests/integration/database.test.ts',
	'tests/integration/assembly-dots.test.ts'
];

type Spec = { moduleId: string };

export class LongFilesFirst {
	async shard<T extends Spec>(files: T[]): Promise<T[]> {
		return files;
	}

	async sort<T extends Spec>(files: T[]): Promise<T[]> {
		const rank = (f: T) => {
			const i = LONG.findIndex((l) => f.moduleId.replace(/\\/g, '/').endsWith('/' + l));
			return i === -1 ? LONG.length : i;
		};
		const size = new Map(files.map((f) => [f, statSync(f.moduleId).size]));
		return [...files].sort((a, b) => rank(a) - rank(b) || size.get(b)! - size.get(a)!);
	}
}

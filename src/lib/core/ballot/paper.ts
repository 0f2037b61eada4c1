/**
 * Paper ballots are typed in twice by two different people and the two entries are compared (four-eyes
 * principle; research/public-sector.md E-09, ASVS 2.3.5 style). Pure: the comparison decides whether a
 * paper ballot counts at once or goes to a third person.
 */
import type { Choice } from './ballot.ts';

/**
 * One reading of a paper ballot. `ageBand` is the voluntary age-band box the voter ticked (issue 7), null for
 * none; a round that does not ask it always reads null.
 */
export type PaperEntry = { invalid: boolean; choices: Choice[]; ageBand: string | null };

/**
 * Both entries read the paper the same way: both void, or the same points on the same projects and the same
 * age band. The band is part of the reading because it is stored with the counted ballot and re-weights the
 * analysis (docs/evaluation.md); a void paper is not counted, so its band does not matter.
 */
export function sameEntry(a: PaperEntry, b: PaperEntry): boolean {
	if (a.invalid || b.invalid) return a.invalid === b.invalid;
	if ((a.ageBand ?? null) !== (b.ageBand ?? null)) return false;
	const norm = (cs: Choice[]) =>
		cs
			.filter((c) => c.points !== 0)
			.map((c) => `${c.projectId}=${c.points}`)
			.sort()
			.join(';');
	return norm(a.choices) === norm(b.choices);
}

/** Printed ballot numbers: digits only, 1–8 of them, leading zeros ignored ("0042" is ballot 42). */
export function parseSerial(raw: string): string | null {
	const s = raw.trim();
	if (!/^\d{1,8}$/.test(s)) return null;
	const n = String(Number(s));
	return n === '0' ? null : n;
}

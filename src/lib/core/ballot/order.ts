/**
 * Projects in a random order per voter, against ballot-order bias (Stanford PB platform, research/
 * public-sector.md §5.4). Deterministic for a seed (house rule 1: the core takes randomness as an
 * argument): the server passes a fresh random seed per ballot page, tests pass fixed seeds.
 */
import { sha256 } from '../tally/hash.ts';

/** A stream of uniform 32-bit numbers: SHA-256 of seed, NUL, counter — a simple counter-mode generator. */
function stream(seed: string): () => number {
	const enc = new TextEncoder();
	let counter = 0;
	let block: Uint8Array = new Uint8Array(0);
	let pos = 0;
	return () => {
		if (pos + 4 > block.length) {
			block = sha256(enc.encode(`${seed}\u0000${counter++}`));
			pos = 0;
		}
		const v = ((block[pos]! << 24) | (block[pos + 1]! << 16) | (block[pos + 2]! << 8) | block[pos + 3]!) >>> 0;
		pos += 4;
		return v;
	};
}

/** Uniform integer in [0, n) without modulo bias (rejection sampling). */
function below(next: () => number, n: number): number {
	const limit = Math.floor(0x1_0000_0000 / n) * n;
	for (;;) {
		const v = next();
		if (v < limit) return v % n;
	}
}

/** A Fisher–Yates shuffle of `items` driven by `seed`; the input is not changed. */
export function shuffled<T>(items: readonly T[], seed: string): T[] {
	const out = items.slice();
	const next = stream(seed);
	for (let i = out.length - 1; i > 0; i--) {
		const j = below(next, i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

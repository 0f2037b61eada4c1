/**
 * Conformance: for every election in ../shared/data/pabulib and every rule key of its expected/<file>.json
 * (reference outcomes computed by pabutools 1.2.3 with exact rationals), the winner set must be equal.
 * No exceptions list.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePabulib } from '../../src/lib/core/tally/pabulib.ts';
import { specFromPabulibKey } from '../../src/lib/core/tally/spec.ts';
import { tally } from '../../src/lib/core/tally/tally.ts';
import type { Election } from '../../src/lib/core/tally/election.ts';

const dir = new URL('../../../shared/data/pabulib/', import.meta.url);
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.pb'))
	.sort();

describe('Pabulib reference outcomes', () => {
	it('finds the shared data set', () => {
		expect(files.length).toBeGreaterThanOrEqual(25);
	});
	for (const file of files) {
		describe(file, () => {
			const expected = JSON.parse(readFileSync(new URL(`expected/${file.replace(/\.pb$/, '.json')}`, dir), 'utf8')) as Record<string, unknown>;
			const keys = Object.keys(expected).filter((k) => !k.startsWith('_'));
			let election: Election | null = null;
			const load = () => (election ??= parsePabulib(readFileSync(new URL(file, dir), 'utf8')));
			for (const key of keys) {
				it(key, () => {
					const spec = specFromPabulibKey(key);
					expect(spec, `no spec for ${key}`).not.toBeNull();
					const result = tally(load(), spec!);
					const want = [...(expected[key] as string[])].sort();
					expect([...result.winners].sort()).toEqual(want);
				}, 300_000);
			}
		});
	}
});

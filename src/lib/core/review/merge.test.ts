import { describe, expect, it } from 'vitest';
import { mergeRefusal } from './merge.ts';

const idea = (id: string, status = 'submitted', roundId = 'r1') => ({ id, roundId, status });

describe('mergeRefusal', () => {
	it.each([
		['two open ideas of one round', idea('a'), idea('b'), null],
		['an idea into itself', idea('a'), idea('a'), 'same_idea'],
		['across rounds', idea('a'), idea('b', 'submitted', 'r2'), 'other_round'],
		['an idea already merged', idea('a', 'merged'), idea('b'), 'source_gone'],
		['into a merged idea', idea('a'), idea('b', 'merged'), 'target_gone'],
		['into a withdrawn idea', idea('a'), idea('b', 'withdrawn'), 'target_gone'],
		['an eligible idea into a checked one', idea('a', 'eligible'), idea('b', 'ineligible'), null]
	] as const)('%s', (_n, s, t, expected) => {
		expect(mergeRefusal(s, t)).toBe(expected);
	});
});

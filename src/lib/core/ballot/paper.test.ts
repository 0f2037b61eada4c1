import { describe, expect, it } from 'vitest';
import { parseSerial, sameEntry } from './paper.ts';

describe('sameEntry()', () => {
	const e = (invalid: boolean, choices: { projectId: string; points: number }[], ageBand: string | null = null) => ({ invalid, choices, ageBand });
	it.each([
		['same picks in another order', { invalid: false, choices: [{ projectId: 'a', points: 1 }, { projectId: 'b', points: 1 }], ageBand: null }, { invalid: false, choices: [{ projectId: 'b', points: 1 }, { projectId: 'a', points: 1 }], ageBand: null }, true],
		['one pick more', { invalid: false, choices: [{ projectId: 'a', points: 1 }], ageBand: null }, { invalid: false, choices: [{ projectId: 'a', points: 1 }, { projectId: 'b', points: 1 }], ageBand: null }, false],
		['other points', { invalid: false, choices: [{ projectId: 'a', points: 2 }], ageBand: null }, { invalid: false, choices: [{ projectId: 'a', points: 3 }], ageBand: null }, false],
		['zero points are no choice', { invalid: false, choices: [{ projectId: 'a', points: 2 }, { projectId: 'b', points: 0 }], ageBand: null }, { invalid: false, choices: [{ projectId: 'a', points: 2 }], ageBand: null }, true],
		['both void', { invalid: true, choices: [], ageBand: null }, { invalid: true, choices: [{ projectId: 'a', points: 1 }], ageBand: null }, true],
		['void against a vote', { invalid: true, choices: [], ageBand: null }, { invalid: false, choices: [], ageBand: null }, false],
		['both empty', { invalid: false, choices: [], ageBand: null }, { invalid: false, choices: [], ageBand: null }, true],
		['same picks and the same age band', e(false, [{ projectId: 'a', points: 1 }], '65_plus'), e(false, [{ projectId: 'a', points: 1 }], '65_plus'), true],
		['same picks, other age band', e(false, [{ projectId: 'a', points: 1 }], '65_plus'), e(false, [{ projectId: 'a', points: 1 }], '55_64'), false],
		['same picks, a band against none', e(false, [{ projectId: 'a', points: 1 }], '27_44'), e(false, [{ projectId: 'a', points: 1 }], null), false],
		['"prefer not to say" is an answer, not none', e(false, [], 'prefer_not_to_say'), e(false, [], null), false],
		['both void, bands differ: a void paper is not counted', e(true, [], '18_26'), e(true, [], null), true]
	])('%s', (_n, a, b, want) => {
		expect(sameEntry(a, b)).toBe(want);
		expect(sameEntry(b, a)).toBe(want);
	});
});

describe('parseSerial()', () => {
	it('accepts printed numbers with leading zeros and refuses anything else', () => {
		expect(parseSerial(' 0042 ')).toBe('42');
		expect(parseSerial('7')).toBe('7');
		expect(parseSerial('0')).toBeNull();
		expect(parseSerial('')).toBeNull();
		expect(parseSerial('12a')).toBeNull();
		expect(parseSerial('123456789')).toBeNull();
	});
});

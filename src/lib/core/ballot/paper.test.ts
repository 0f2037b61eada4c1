import { describe, expect, it } from 'vitest';
import { parseSerial, sameEntry } from './paper.ts';

describe('sameEntry()', () => {
	it.each([
		['same picks in another order', { invalid: false, choices: [{ projectId: 'a', points: 1 }, { projectId: 'b', points: 1 }] }, { invalid: false, choices: [{ projectId: 'b', points: 1 }, { projectId: 'a', points: 1 }] }, true],
		['one pick more', { invalid: false, choices: [{ projectId: 'a', points: 1 }] }, { invalid: false, choices: [{ projectId: 'a', points: 1 }, { projectId: 'b', points: 1 }] }, false],
		['other points', { invalid: false, choices: [{ projectId: 'a', points: 2 }] }, { invalid: false, choices: [{ projectId: 'a', points: 3 }] }, false],
		['zero points are no choice', { invalid: false, choices: [{ projectId: 'a', points: 2 }, { projectId: 'b', points: 0 }] }, { invalid: false, choices: [{ projectId: 'a', points: 2 }] }, true],
		['both void', { invalid: true, choices: [] }, { invalid: true, choices: [{ projectId: 'a', points: 1 }] }, true],
		['void against a vote', { invalid: true, choices: [] }, { invalid: false, choices: [] }, false],
		['both empty', { invalid: false, choices: [] }, { invalid: false, choices: [] }, true]
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

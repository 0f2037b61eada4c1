import { describe, expect, it } from 'vitest';
import { euros, parseEuroInput } from './money.ts';

describe('parseEuroInput', () => {
	it.each([
		['1.234,50', 123450],
		['1234,5', 123450],
		['1234.50', 123450],
		['1,234.50', 123450],
		['2.600', 260000],
		['2600 €', 260000],
		['0,99', 99],
		['12', 1200]
	])('reads %s as %i cents', (raw, cents) => {
		expect(parseEuroInput(raw)).toBe(cents);
	});

	it.each(['', 'abc', '1,2,3', '-5', '1.2.3,4,5', '12,345'])('refuses %j', (raw) => {
		expect(parseEuroInput(raw)).toBeNull();
	});
});

describe('euros', () => {
	it('converts to integer cents', () => {
		expect(euros(2600)).toBe(260000);
		expect(euros(0.1 + 0.2)).toBe(30);
	});
});

import { describe, expect, it } from 'vitest';
import { checkIban, maskIban } from './iban.ts';

describe('checkIban', () => {
	it.each([
		['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
		['de89370400440532013000', 'DE89370400440532013000'],
		['GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
		['AT61 1904 3002 3457 3201', 'AT611904300234573201']
	])('accepts %s', (raw, norm) => expect(checkIban(raw)).toEqual({ ok: true, iban: norm }));
	it.each([
		['DE88 3704 0044 0532 0130 00', 'checksum'],
		['DE89 3704 0044 0532 0130 0', 'length'],
		['12345', 'format'],
		['DE89 3704 0044 0532 0130 0X', 'checksum'],
		['<script>', 'format']
	])('refuses %s (%s)', (raw, reason) => expect(checkIban(raw)).toEqual({ ok: false, reason }));
	it('masks all but the country and last four digits', () => expect(maskIban('DE89370400440532013000')).toBe('DE•• •••• •••• •••• 3000'));
});

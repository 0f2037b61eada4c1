import { describe, expect, it } from 'vitest';
import { canonicalDate, canonicalPerson, parseRegisterCsv } from './register.ts';

describe('register file', () => {
	it('matches a person however case, accents, order of names and date format are typed', () => {
		const a = canonicalPerson({ name: 'Müller, Anna', birthdate: '07.04.1990', postcode: '12435' });
		const b = canonicalPerson({ name: '  anna   MULLER ', birthdate: '1990-04-07', postcode: '12 435' });
		expect(a.ok && b.ok && a.key === b.key).toBe(true);
		expect(canonicalPerson({ name: 'Anna Müller', birthdate: '1990-04-08', postcode: '12435' })).not.toEqual(a);
	});
	it('refuses impossible dates, short names and postcodes that are not five digits', () => {
		expect(canonicalDate('31.02.1990')).toBeNull();
		expect(canonicalDate('1990-4-7')).toBe('1990-04-07');
		expect(canonicalPerson({ name: 'A', birthdate: '1990-04-07', postcode: '12435' })).toEqual({ ok: false, field: 'name' });
		expect(canonicalPerson({ name: 'Anna B', birthdate: 'gestern', postcode: '12435' })).toEqual({ ok: false, field: 'birthdate' });
		expect(canonicalPerson({ name: 'Anna B', birthdate: '1990-04-07', postcode: '1243' })).toEqual({ ok: false, field: 'postcode' });
	});
	it('reads a CSV with a header, quotes and either separator, reporting bad lines', () => {
		const r = parseRegisterCsv('\uFEFFName;Geburtsdatum;PLZ\n"Müller; Anna";07.04.1990;12435\nBerg Jan;1985-01-02;12437\nOhne Datum;;12435\n\n');
		expect(r.keys).toHaveLength(2);
		expect(r.problems).toEqual([{ line: 4, reason: 'birthdate' }]);
		expect(parseRegisterCsv('name,postcode\nA,12435').problems).toEqual([{ line: 1, reason: 'columns' }]);
		expect(parseRegisterCsv('name,birthdate,postcode\nJan Berg,1985-01-02,12437').keys).toEqual([canonicalPerson({ name: 'Berg Jan', birthdate: '2.1.1985', postcode: '12437' }).ok ? 'person:berg jan|1985-01-02|12437' : '']);
	});
});

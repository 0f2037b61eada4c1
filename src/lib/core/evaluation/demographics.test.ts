import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanAnswers, populationFor } from './demographics.ts';

const csv = readFileSync(resolve(process.cwd(), '../shared/data/berlin/population/einwohner_2024-12-31_bezirksregionen_berlin.csv'), 'utf8').trim().split(/\r?\n/);
const head = csv[0]!.split(',');
const row = (id: string) => {
	const cells = csv.find((l) => l.startsWith(`${id},`))!.split(',');
	return Object.fromEntries(head.map((h, i) => [h, Number(cells[i])]));
};

describe('demographic questions against the Berlin register', () => {
	it('keeps only known answers', () => {
		expect(cleanAnswers({ age: '27_44', gender: 'x', migration: 'prefer_not_to_say', heard_via: '', other: 'y' })).toEqual({ age: '27_44', migration: 'prefer_not_to_say' });
	});
	it('migration groups add up to all residents (Alt-Treptow, 31.12.2024)', () => {
		const r = row('091001');
		const m = populationFor('migration', r)!;
		expect(m.german_no_migration! + m.german_with_migration! + m.foreign!).toBe(r.inhabitants);
		const g = populationFor('gender', r)!;
		expect(g.female! + g.male!).toBe(r.inhabitants);
	});
	it('has no register comparison for first language', () => {
		expect(populationFor('first_language', row('091001'))).toBeNull();
	});
});

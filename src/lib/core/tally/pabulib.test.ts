import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PbParseError, parsePabulib, parsePbFile, writePabulib, writePbFile } from './pabulib.ts';

const dir = new URL('../../../../../shared/data/pabulib/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.pb')).sort();

const SMALL = `META
key;value
budget;1000.50
vote_type;cumulative
currency;EUR
PROJECTS
project_id;cost;name;selected
A/1;500.25;"Park ""Nord""; Bänke";1
b2;400;Straße;2
VOTES
voter_id;vote;points
1;A/1,b2;2,1
2;b2;3
3;;
`;

function parseError(text: string): PbParseError {
	try {
		parsePabulib(text);
	} catch (e) {
		if (e instanceof PbParseError) return e;
		throw e;
	}
	throw new Error('no error');
}

describe('Pabulib reader and writer', () => {
	it('reads quoted fields, decimal amounts, string ids and empty ballots exactly', () => {
		const e = parsePabulib(SMALL);
		expect(e.scale).toBe(2);
		expect(e.budget).toBe(100050n);
		expect(e.projects.map((p) => [p.id, p.cost, p.name, p.selected])).toEqual([
			['A/1', 50025n, 'Park "Nord"; Bänke', 1],
			['b2', 40000n, 'Straße', 2]
		]);
		expect(e.ballots).toEqual([{ projects: [0, 1], points: [2, 1] }, { projects: [1], points: [3] }, { projects: [], points: [] }]);
	});

	it('gives the same election after writing and reading again', () => {
		const e = parsePabulib(SMALL);
		expect(parsePabulib(writePabulib(e))).toEqual({ ...e, meta: parsePabulib(writePabulib(e)).meta });
		const f = parsePbFile(SMALL);
		expect(parsePbFile(writePbFile(f)).projects.map((r) => r.fields)).toEqual(f.projects.map((r) => r.fields));
	});

	it('names the line and the field of a broken file', () => {
		const unknown = parseError(SMALL.replace('2;b2;3', '2;zz;3'));
		expect([unknown.line, unknown.field]).toEqual([13, 'vote']);
		expect(unknown.message).toMatch(/zz/);
		const cost = parseError(SMALL.replace('b2;400;', 'b2;four hundred;'));
		expect([cost.line, cost.field]).toEqual([9, 'cost']);
		const pts = parseError(SMALL.replace('1;A/1,b2;2,1', '1;A/1,b2;2'));
		expect([pts.line, pts.field]).toEqual([12, 'points']);
		expect(parseError('META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n').message).toMatch(/VOTES is missing/);
		expect(parseError(SMALL.replace('budget;1000.50', 'budget;lots')).field).toBe('budget');
		expect(parseError(SMALL.replace('b2;400;', 'A/1;400;')).field).toBe('project_id');
	});

	it.each(files)('round-trips %s', (file) => {
		const text = readFileSync(new URL(file, dir), 'utf8');
		const e = parsePabulib(text);
		const again = parsePabulib(writePabulib(e));
		expect(again.budget).toBe(e.budget);
		expect(again.scale).toBe(e.scale);
		expect(again.voteType).toBe(e.voteType);
		expect(again.projects).toEqual(e.projects);
		expect(again.ballots).toEqual(e.ballots);
		// the raw file model keeps every column
		const f = parsePbFile(text);
		const f2 = parsePbFile(writePbFile(f));
		expect(f2.meta).toEqual(f.meta);
		expect(f2.votes.map((r) => r.fields)).toEqual(f.votes.map((r) => r.fields));
	});
});

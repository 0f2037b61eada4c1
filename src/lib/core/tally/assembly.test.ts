import { describe, expect, it } from 'vitest';
import { AssemblyInputError, assemblySpec, tallyAssembly, tallyDotVoting, type AssemblyInput } from './assembly.ts';
import type { Election } from './election.ts';

const input: AssemblyInput = {
	budget: 1000n,
	scale: 0,
	present: 20,
	proposals: [
		{ id: 'A', requested: 600n, approved: 500n, yes: 12, no: 3, abstain: 5 },
		{ id: 'B', requested: 600n, approved: 600n, yes: 9, no: 8, abstain: 3 },
		{ id: 'C', requested: 300n, approved: 300n, yes: 8, no: 2, abstain: 10 },
		{ id: 'D', requested: 100n, approved: 100n, yes: 4, no: 6, abstain: 0 }
	]
};

describe('assembly rules', () => {
	it('funds passed proposals by yes votes with the approved amount, skipping what does not fit', () => {
		const r = tallyAssembly(input, assemblySpec());
		expect(r.winners).toEqual(['A', 'C']);
		expect(r.spent).toBe('800');
		expect(r.log.map((l) => [l.proposal, l.decision])).toEqual([
			['A', 'funded'],
			['B', 'skipped: does not fit'],
			['C', 'funded'],
			['D', 'rejected']
		]);
	});
	it('can stop at the first passed proposal that does not fit', () => {
		expect(tallyAssembly(input, assemblySpec({ ifNoFit: 'stop' })).winners).toEqual(['A']);
	});
	it('majority of those present is stricter than majority of votes cast', () => {
		const r = tallyAssembly(input, assemblySpec({ majority: 'present' }));
		expect(r.log.filter((l) => l.passed).map((l) => l.proposal)).toEqual(['A']);
	});
	it('refuses an approved amount above the request and more votes than people present', () => {
		expect(() => tallyAssembly({ ...input, proposals: [{ ...input.proposals[0]!, approved: 700n }] }, assemblySpec())).toThrow(AssemblyInputError);
		expect(() => tallyAssembly({ ...input, present: 5 }, assemblySpec())).toThrow(/more votes than people present/);
	});
	it('dot voting is greedy by points and checks the points per attendee', () => {
		const e: Election = {
			voteType: 'cumulative',
			budget: 10n,
			scale: 0,
			meta: [],
			projects: [
				{ id: 'x', cost: 6n },
				{ id: 'y', cost: 5n },
				{ id: 'z', cost: 4n }
			],
			ballots: [
				{ projects: [0, 1], points: [2, 1] },
				{ projects: [1, 2], points: [1, 2] },
				{ projects: [0], points: [3] }
			]
		};
		expect(tallyDotVoting(e, 3).winners).toEqual(['x', 'z']);
		expect(() => tallyDotVoting(e, 2)).toThrow(/more than the 2 allowed/);
	});
});

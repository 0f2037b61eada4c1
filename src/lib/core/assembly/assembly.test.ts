import { describe, expect, it } from 'vitest';
import { availableBudget, checkEntry, decide, eligiblePresent, parseMethod, type MethodConfig } from './assembly.ts';

const yesNo: MethodConfig = { method: 'yes_no', majority: 'cast', points: 0, electorate: 'residents_present' };

describe('who may vote', () => {
	it('counts residents only, or everyone present', () => {
		expect(eligiblePresent('residents_present', { residents: 12, others: 5 })).toBe(12);
		expect(eligiblePresent('everyone_present', { residents: 12, others: 5 })).toBe(17);
	});
});

describe('method form', () => {
	it('needs a majority rule for yes/no and k between 1 and 20 for dots', () => {
		expect(parseMethod({ method: 'yes_no', electorate: 'residents_present' })).toEqual({ ok: false, problems: ['majority'] });
		expect(parseMethod({ method: 'dots', points: '0', electorate: 'everyone_present' })).toEqual({ ok: false, problems: ['points'] });
		expect(parseMethod({ method: 'dots', points: '21', electorate: 'everyone_present' })).toEqual({ ok: false, problems: ['points'] });
		expect(parseMethod({ method: 'dots', points: '3', electorate: 'everyone_present' })).toEqual({ ok: true, config: { method: 'dots', majority: 'cast', points: 3, electorate: 'everyone_present' } });
		expect(parseMethod({ method: 'show_of_hands', electorate: 'x' })).toEqual({ ok: false, problems: ['method', 'electorate'] });
	});
});

describe('one proposal’s entry', () => {
	it('refuses more votes than people entitled to vote are present', () => {
		expect(checkEntry(yesNo, 10, 50_000, { yes: '6', no: '3', abstain: '2' })).toEqual({ ok: false, problems: [{ field: 'yes', code: 'too_many_votes', eligible: 10 }] });
		expect(checkEntry(yesNo, 11, 50_000, { yes: '6', no: '3', abstain: '2' })).toEqual({ ok: true, entry: { kind: 'yes_no', yes: 6, no: 3, abstain: 2, approvedCents: 50_000 } });
	});
	it('refuses an approved amount above the requested one, and reads German amounts', () => {
		expect(checkEntry(yesNo, 10, 50_000, { yes: '6', approved: '500,01' })).toEqual({ ok: false, problems: [{ field: 'approved', code: 'above_requested', requestedCents: 50_000 }] });
		expect(checkEntry(yesNo, 10, 50_000, { yes: '6', approved: '350,50' })).toMatchObject({ ok: true, entry: { approvedCents: 35_050 } });
		expect(checkEntry(yesNo, 10, 50_000, { yes: 'sechs', approved: 'viel' })).toEqual({
			ok: false,
			problems: [
				{ field: 'approved', code: 'amount', requestedCents: 50_000 },
				{ field: 'yes', code: 'whole_number' }
			]
		});
	});
	it('dots: at most k points per person entitled to vote; consensus must be stated', () => {
		const dots: MethodConfig = { method: 'dots', majority: 'cast', points: 3, electorate: 'everyone_present' };
		expect(checkEntry(dots, 4, 1000, { points: '13' })).toEqual({ ok: false, problems: [{ field: 'points', code: 'too_many_points', max: 12 }] });
		expect(checkEntry(dots, 4, 1000, { points: '12' })).toMatchObject({ ok: true, entry: { kind: 'dots', points: 12 } });
		const consensus: MethodConfig = { ...dots, method: 'consensus' };
		expect(checkEntry(consensus, 4, 1000, {})).toEqual({ ok: false, problems: [{ field: 'consensus', code: 'required' }] });
		expect(checkEntry(consensus, 4, 1000, { consensus: 'agreed', approved: '5' })).toEqual({ ok: true, entry: { kind: 'consensus', agreed: true, approvedCents: 500 } });
	});
});

describe('the funded list', () => {
	it('yes/no with majority of votes cast: funded in order of yes votes, what does not fit is skipped, open items wait', () => {
		const d = decide(yesNo, 100_000, 20, [
			{ id: 'a', requestedCents: 60_000, entry: { kind: 'yes_no', yes: 12, no: 3, abstain: 5, approvedCents: 50_000 } },
			{ id: 'b', requestedCents: 60_000, entry: { kind: 'yes_no', yes: 9, no: 8, abstain: 3, approvedCents: 60_000 } },
			{ id: 'c', requestedCents: 30_000, entry: { kind: 'yes_no', yes: 8, no: 2, abstain: 10, approvedCents: 30_000 } },
			{ id: 'd', requestedCents: 10_000, entry: { kind: 'yes_no', yes: 4, no: 6, abstain: 0, approvedCents: 10_000 } },
			{ id: 'e', requestedCents: 10_000, entry: null }
		]);
		expect(d.outcomes).toEqual({ a: 'funded', b: 'does_not_fit', c: 'funded', d: 'rejected', e: 'open' });
		expect(d.fundedCents).toEqual({ a: 50_000, c: 30_000 });
		expect([d.spentCents, d.remainingCents]).toEqual([80_000, 20_000]);
	});
	it('majority of those present: abstentions and absent hands count against', () => {
		const present: MethodConfig = { ...yesNo, majority: 'present' };
		const items = [{ id: 'a', requestedCents: 1000, entry: { kind: 'yes_no' as const, yes: 10, no: 2, abstain: 7, approvedCents: 1000 } }];
		expect(decide(present, 5000, 20, items).outcomes.a).toBe('rejected');
		expect(decide(present, 5000, 19, items).outcomes.a).toBe('funded');
		expect(decide(yesNo, 5000, 20, items).outcomes.a).toBe('funded');
	});
	it('dots: greedy by points with the approved amounts; no points is not funded', () => {
		const dots: MethodConfig = { method: 'dots', majority: 'cast', points: 3, electorate: 'everyone_present' };
		const d = decide(dots, 3500_00, 10, [
			{ id: 'x', requestedCents: 2000_00, entry: { kind: 'dots', points: 14, approvedCents: 2000_00 } },
			{ id: 'y', requestedCents: 2000_00, entry: { kind: 'dots', points: 9, approvedCents: 2000_00 } },
			{ id: 'z', requestedCents: 500_00, entry: { kind: 'dots', points: 7, approvedCents: 500_00 } },
			{ id: 'w', requestedCents: 100_00, entry: { kind: 'dots', points: 0, approvedCents: 100_00 } }
		]);
		expect(d.outcomes).toEqual({ x: 'funded', y: 'does_not_fit', z: 'funded', w: 'rejected' });
		expect(d.remainingCents).toBe(1000_00);
	});
	it('consensus: agreed proposals are funded while the money lasts', () => {
		const consensus: MethodConfig = { method: 'consensus', majority: 'cast', points: 0, electorate: 'everyone_present' };
		const d = decide(consensus, 1000, 30, [
			{ id: 'p', requestedCents: 600, entry: { kind: 'consensus', agreed: true, approvedCents: 600 } },
			{ id: 'q', requestedCents: 400, entry: { kind: 'consensus', agreed: false, approvedCents: 400 } },
			{ id: 'r', requestedCents: 400, entry: { kind: 'consensus', agreed: true, approvedCents: 300 } }
		]);
		expect(d.outcomes).toEqual({ p: 'funded', q: 'rejected', r: 'funded' });
		expect(d.remainingCents).toBe(100);
	});
	it('a second assembly distributes what the first left (Adlershof 2022: 7,200 € − 3,800 €)', () => {
		expect(availableBudget(7200_00, [3800_00])).toBe(3400_00);
		expect(availableBudget(1000, [600, 600])).toBe(0);
	});
});

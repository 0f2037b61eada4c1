/**
 * Properties every result must have, on random small elections (fast-check). Costs come from a small set
 * so that ties are frequent and the tie-break chain is exercised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Election } from './election.ts';
import { prepareMes, runMes, runMesExactReference } from './mes.ts';
import * as R from './rational.ts';
import { greedySpec, mesSpec, phragmenSpec, type RuleSpec } from './spec.ts';
import { tally } from './tally.ts';
import { DEFAULT_TIE_BREAK, tieBreakRanks } from './tiebreak.ts';

const arbElection = (voteType: 'approval' | 'cumulative' = 'approval') =>
	fc
		.record({
			m: fc.integer({ min: 1, max: 7 }),
			costs: fc.array(fc.constantFrom(100n, 200n, 300n, 500n, 1000n, 0n), { minLength: 7, maxLength: 7 }),
			budget: fc.bigInt({ min: 0n, max: 2500n }),
			ballots: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 })), { maxLength: 5 }), { minLength: 1, maxLength: 25 })
		})
		.map(({ m, costs, budget, ballots }): Election => ({
			voteType,
			budget,
			scale: 0,
			meta: [],
			projects: Array.from({ length: m }, (_, i) => ({ id: `p${i}`, cost: costs[i]! })),
			ballots: ballots.map((b) => {
				const seen = new Map<number, number>();
				for (const [p, pts] of b) if (p < m && !seen.has(p)) seen.set(p, pts);
				const projects = [...seen.keys()];
				return voteType === 'cumulative' ? { projects, points: projects.map((p) => seen.get(p)!) } : { projects };
			})
		}));

const RULES: RuleSpec[] = [
	greedySpec('votes'),
	greedySpec('votes-per-cost'),
	greedySpec('votes', { ifNoFit: 'stop' }),
	greedySpec('votes', { threshold: 2 }),
	mesSpec('cost'),
	mesSpec('approval'),
	mesSpec('cost', { completion: 'add1' }),
	mesSpec('cost', { completion: 'add1-nonexhaustive', comparison: true }),
	mesSpec('approval', { completion: 'add1', start: 'integral', thenGreedy: true }),
	phragmenSpec()
];

const cost = (e: Election, ids: string[]) => ids.reduce((s, id) => s + e.projects.find((p) => p.id === id)!.cost, 0n);
const assertProp = (p: fc.IProperty<never> | fc.IProperty<unknown[]>) => expect(() => fc.assert(p as fc.IProperty<unknown[]>, { numRuns: 150 })).not.toThrow();

describe('tally properties', () => {
	it('never spends more than the budget', () => {
		assertProp(
			fc.property(arbElection(), (e) => {
				for (const r of RULES) if (cost(e, tally(e, r).winners) > e.budget) return false;
				for (const r of [greedySpec('points'), mesSpec('points', { completion: 'add1', thenGreedy: true })]) {
					const c = { ...e, voteType: 'cumulative' as const, ballots: e.ballots.map((b) => ({ projects: b.projects, points: b.projects.map(() => 2) })) };
					if (cost(c, tally(c, r).winners) > c.budget) return false;
				}
				return true;
			})
		);
	});

	it('greedy (skipping) is exhaustive: nothing left out still fits', () => {
		assertProp(
			fc.property(arbElection(), (e) => {
				const w = new Set(tally(e, greedySpec('votes')).winners);
				const left = e.budget - cost(e, [...w]);
				return e.projects.every((p) => w.has(p.id) || p.cost > left);
			})
		);
	});

	it('does not depend on the order of the voters', () => {
		assertProp(
			fc.property(arbElection(), fc.integer(), (e, seed) => {
				const shuffled = { ...e, ballots: [...e.ballots].sort((a, b) => ((a.projects.length * 7919 + seed) % 13) - ((b.projects.length * 7919 + seed) % 13)).reverse() };
				return RULES.every((r) => JSON.stringify(tally(e, r).winners) === JSON.stringify(tally(shuffled, r).winners));
			})
		);
	});

	it('does not depend on project names when the renaming keeps the id order of the tie-break chain', () => {
		assertProp(
			fc.property(arbElection(), (e) => {
				const renamed = { ...e, projects: e.projects.map((p) => ({ ...p, id: `Kiez/${p.id}` })) };
				return RULES.every((r) => JSON.stringify(tally(e, r).winners.map((id) => `Kiez/${id}`)) === JSON.stringify(tally(renamed, r).winners));
			})
		);
	});

	it('greedy is support-monotone: one more supporter never removes a winner', () => {
		assertProp(
			fc.property(arbElection(), fc.nat(), (e, pick) => {
				for (const spec of [greedySpec('votes'), greedySpec('votes', { ifNoFit: 'stop' }), greedySpec('votes-per-cost')]) {
					const w = tally(e, spec).winners;
					if (w.length === 0) continue;
					const target = e.projects.findIndex((p) => p.id === w[pick % w.length]);
					const more = { ...e, ballots: [...e.ballots, { projects: [target] }] };
					if (!tally(more, spec).winners.includes(e.projects[target]!.id)) return false;
				}
				return true;
			})
		);
	});

	it('greedy by votes is discount-monotone: a cheaper winner stays a winner', () => {
		assertProp(
			fc.property(arbElection(), fc.nat(), (e, pick) => {
				const w = tally(e, greedySpec('votes')).winners;
				if (w.length === 0) return true;
				const target = e.projects.findIndex((p) => p.id === w[pick % w.length]);
				const cheaper = { ...e, projects: e.projects.map((p, i) => (i === target ? { ...p, cost: p.cost / 2n } : p)) };
				return tally(cheaper, greedySpec('votes')).winners.includes(e.projects[target]!.id);
			})
		);
	});

	it('MES in floats with exact re-check gives exactly what exact rational arithmetic gives', () => {
		assertProp(
			fc.property(arbElection(), fc.constantFrom('cost' as const, 'approval' as const), fc.integer({ min: 0, max: 40 }), (e, utility, extra) => {
				if (e.ballots.length === 0) return true;
				const prep = prepareMes(e, utility, tieBreakRanks(e, DEFAULT_TIE_BREAK));
				const b = R.add(R.rat(e.budget, BigInt(e.ballots.length)), R.rat(BigInt(extra)));
				return JSON.stringify(runMes(prep, b).selected) === JSON.stringify(runMesExactReference(prep, b).selected);
			})
		);
	});

	it('MES with points as utilities agrees with the exact reference too', () => {
		assertProp(
			fc.property(arbElection('cumulative'), fc.integer({ min: 0, max: 40 }), (e, extra) => {
				const prep = prepareMes(e, 'points', tieBreakRanks(e, DEFAULT_TIE_BREAK));
				const b = R.add(R.rat(e.budget, BigInt(e.ballots.length)), R.rat(BigInt(extra)));
				return JSON.stringify(runMes(prep, b).selected) === JSON.stringify(runMesExactReference(prep, b).selected);
			})
		);
	});

	it('is deterministic: the same input gives byte-identical JSON', () => {
		assertProp(
			fc.property(arbElection(), (e) => RULES.every((r) => JSON.stringify(tally(e, r)) === JSON.stringify(tally(structuredClone(e), r))))
		);
	});
});

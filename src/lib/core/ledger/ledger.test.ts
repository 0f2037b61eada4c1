import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEntry, replay, settlementStatement, totals, type LedgerEntry, type LedgerState } from './ledger.ts';

const ok = (entries: LedgerEntry[]): LedgerState => {
	const r = replay(entries);
	if (!r.ok) throw new Error(`refused entry ${r.index}: ${r.reason}`);
	return r.state;
};

describe('round ledger', () => {
	it('books a Kiezkasse year: budget, two grants, payments, receipts, a refund, closing', () => {
		const s = ok([
			{ kind: 'budget', cents: 520_000 },
			{ kind: 'commit', grantId: 'a', cents: 150_000 },
			{ kind: 'commit', grantId: 'b', cents: 300_000 },
			{ kind: 'payment', grantId: 'a', cents: 150_000 },
			{ kind: 'settle', grantId: 'a', cents: 120_000 },
			{ kind: 'refund', grantId: 'a', cents: 30_000 },
			{ kind: 'close', grantId: 'a' }
		]);
		expect(totals(s)).toEqual({ budget: 520_000, committed: 450_000, paid: 150_000, settled: 120_000, refunded: 30_000, remaining: 70_000, outstanding: 0 });
	});

	it.each<[string, LedgerEntry[], string]>([
		['a grant above the budget', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 101 }], 'exceeds_budget'],
		['paying more than granted', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 50 }, { kind: 'payment', grantId: 'a', cents: 51 }], 'payment_exceeds_commitment'],
		['receipts above the grant', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 50 }, { kind: 'settle', grantId: 'a', cents: 60 }], 'settled_exceeds_commitment'],
		['refunding spent money', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 50 }, { kind: 'payment', grantId: 'a', cents: 50 }, { kind: 'settle', grantId: 'a', cents: 50 }, { kind: 'refund', grantId: 'a', cents: 1 }], 'refund_exceeds_unspent'],
		['closing with money unaccounted for', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 50 }, { kind: 'payment', grantId: 'a', cents: 50 }, { kind: 'settle', grantId: 'a', cents: 40 }, { kind: 'close', grantId: 'a' }], 'close_unbalanced'],
		['booking on a closed grant', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 50 }, { kind: 'close', grantId: 'a' }, { kind: 'payment', grantId: 'a', cents: 1 }], 'grant_closed'],
		['a payment on an unknown grant', [{ kind: 'budget', cents: 100 }, { kind: 'payment', grantId: 'x', cents: 1 }], 'unknown_grant'],
		['lowering the budget below what is committed', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 80 }, { kind: 'budget', cents: 70 }], 'budget_below_committed'],
		['releasing money already paid', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 80 }, { kind: 'payment', grantId: 'a', cents: 60 }, { kind: 'release', grantId: 'a', cents: 30 }], 'release_exceeds_open_commitment'],
		['a zero payment', [{ kind: 'budget', cents: 100 }, { kind: 'commit', grantId: 'a', cents: 80 }, { kind: 'payment', grantId: 'a', cents: 0 }], 'amount_not_positive']
	])('refuses %s', (_, entries, reason) => {
		const r = replay(entries);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.reason).toBe(reason);
			expect(r.index).toBe(entries.length - 1);
		}
	});

	it('a released commitment goes back to the remaining budget for a second assembly', () => {
		const s = ok([
			{ kind: 'budget', cents: 1000 },
			{ kind: 'commit', grantId: 'a', cents: 800 },
			{ kind: 'payment', grantId: 'a', cents: 300 },
			{ kind: 'release', grantId: 'a', cents: 500 }
		]);
		expect(totals(s).remaining).toBe(700);
	});

	it('states refunds and amounts still to pay', () => {
		expect(settlementStatement({ committed: 1000, paid: 1000, settled: 700, refunded: 0, closed: false })).toEqual({ provenCents: 700, refundDueCents: 300, stillToPayCents: 0 });
		expect(settlementStatement({ committed: 1000, paid: 0, settled: 900, refunded: 0, closed: false })).toEqual({ provenCents: 900, refundDueCents: 0, stillToPayCents: 900 });
	});

	// Property: whatever sequence of bookings is attempted, the accepted ones never break an invariant, and a
	// refused one leaves the state unchanged.
	const entry = fc.oneof(
		fc.record({ kind: fc.constant('budget' as const), cents: fc.integer({ min: 0, max: 5000 }) }),
		...(['commit', 'release', 'payment', 'settle', 'unsettle', 'refund'] as const).map((kind) =>
			fc.record({ kind: fc.constant(kind), grantId: fc.constantFrom('a', 'b', 'c'), cents: fc.integer({ min: -5, max: 3000 }) })
		),
		fc.record({ kind: fc.constant('close' as const), grantId: fc.constantFrom('a', 'b', 'c') })
	) as fc.Arbitrary<LedgerEntry>;

	it('keeps every invariant under any sequence of attempted bookings', () => {
		fc.assert(
			fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
				let s: LedgerState = { budget: 0, grants: new Map() };
				for (const e of entries) {
					const r = applyEntry(s, e);
					if (!r.ok) continue;
					s = r.state;
					const t = totals(s);
					expect(t.committed).toBeLessThanOrEqual(t.budget);
					for (const g of s.grants.values()) {
						expect(g.paid - g.refunded).toBeLessThanOrEqual(g.committed);
						expect(g.settled).toBeLessThanOrEqual(g.committed);
						expect(g.refunded).toBeLessThanOrEqual(g.paid);
						expect(Math.min(g.committed, g.paid, g.settled, g.refunded)).toBeGreaterThanOrEqual(0);
						if (g.closed) expect(g.settled + g.refunded).toBe(g.paid);
					}
				}
			}),
			{ numRuns: 500 }
		);
	});
});

/**
 * The money of one round (a Kiezkasse of one region and year): budget, commitments by grant notice,
 * payments, settled amounts (accepted receipts) and refunds (issue 6; PRODUCT.md steps 5–8).
 *
 * Invariants, checked on every entry so a bad booking is refused instead of corrupting the accounts:
 *   committed ≤ budget                         (a grant never spends money the round does not have)
 *   per grant: paid ≤ committed                (never pay more than granted)
 *   per grant: settled ≤ committed             (receipts above the grant are not refunded by the district)
 *   per grant: a refund ≤ paid − settled − refunded when booked (only unspent money comes back)
 *   closing a grant: settled + refunded = paid (every paid cent is either proven or returned)
 * "Remaining" is what a second assembly can still give out: budget − committed (+ released commitments,
 * which lower `committed`). All amounts are integer cents (house rule 3).
 */
import { assertCents, type Cents } from '../shared/money.ts';

export type LedgerEntry =
	| { kind: 'budget'; cents: Cents; reason?: string }
	| { kind: 'commit'; grantId: string; cents: Cents }
	/** The grant is lowered or cancelled before the money is spent; frees budget for a second assembly. */
	| { kind: 'release'; grantId: string; cents: Cents }
	| { kind: 'payment'; grantId: string; cents: Cents }
	| { kind: 'settle'; grantId: string; cents: Cents }
	| { kind: 'unsettle'; grantId: string; cents: Cents }
	| { kind: 'refund'; grantId: string; cents: Cents }
	| { kind: 'close'; grantId: string };

export type GrantAccount = { committed: Cents; paid: Cents; settled: Cents; refunded: Cents; closed: boolean };

export type LedgerState = {
	budget: Cents;
	grants: ReadonlyMap<string, GrantAccount>;
};

export type LedgerTotals = {
	budget: Cents;
	committed: Cents;
	paid: Cents;
	settled: Cents;
	refunded: Cents;
	/** Budget not yet committed: what a second assembly can use. */
	remaining: Cents;
	/** Paid but neither proven by receipts nor returned yet. */
	outstanding: Cents;
};

export type LedgerRefusal =
	| 'amount_not_positive'
	| 'budget_below_committed'
	| 'exceeds_budget'
	| 'unknown_grant'
	| 'grant_closed'
	| 'release_exceeds_open_commitment'
	| 'payment_exceeds_commitment'
	| 'settled_exceeds_commitment'
	| 'unsettle_exceeds_settled'
	| 'refund_exceeds_unspent'
	| 'close_unbalanced';

export const emptyLedger: LedgerState = { budget: 0, grants: new Map() };

const EMPTY_GRANT: GrantAccount = { committed: 0, paid: 0, settled: 0, refunded: 0, closed: false };

export function totals(s: LedgerState): LedgerTotals {
	let committed = 0;
	let paid = 0;
	let settled = 0;
	let refunded = 0;
	for (const g of s.grants.values()) {
		committed += g.committed;
		paid += g.paid;
		settled += g.settled;
		refunded += g.refunded;
	}
	return { budget: s.budget, committed, paid, settled, refunded, remaining: s.budget - committed, outstanding: paid - settled - refunded };
}

/** Applies one entry, or says which invariant it would break. Pure: the input state is not changed. */
export function applyEntry(s: LedgerState, e: LedgerEntry): { ok: true; state: LedgerState } | { ok: false; reason: LedgerRefusal } {
	if (e.kind === 'budget') {
		assertCents(e.cents);
		if (e.cents < 0) return { ok: false, reason: 'amount_not_positive' };
		if (e.cents < totals(s).committed) return { ok: false, reason: 'budget_below_committed' };
		return { ok: true, state: { ...s, budget: e.cents } };
	}
	const current = s.grants.get(e.grantId);
	if (e.kind !== 'commit' && !current) return { ok: false, reason: 'unknown_grant' };
	const g = current ?? EMPTY_GRANT;
	if (g.closed) return { ok: false, reason: 'grant_closed' };
	let next: GrantAccount;
	if (e.kind === 'close') {
		if (g.settled + g.refunded !== g.paid) return { ok: false, reason: 'close_unbalanced' };
		next = { ...g, closed: true };
	} else {
		assertCents(e.cents);
		if (e.cents <= 0) return { ok: false, reason: 'amount_not_positive' };
		switch (e.kind) {
			case 'commit':
				if (totals(s).committed + e.cents > s.budget) return { ok: false, reason: 'exceeds_budget' };
				next = { ...g, committed: g.committed + e.cents };
				break;
			case 'release':
				// Only what is neither paid nor proven can be released.
				if (e.cents > g.committed - Math.max(g.paid - g.refunded, g.settled)) return { ok: false, reason: 'release_exceeds_open_commitment' };
				next = { ...g, committed: g.committed - e.cents };
				break;
			case 'payment':
				if (g.paid - g.refunded + e.cents > g.committed) return { ok: false, reason: 'payment_exceeds_commitment' };
				next = { ...g, paid: g.paid + e.cents };
				break;
			case 'settle':
				if (g.settled + e.cents > g.committed) return { ok: false, reason: 'settled_exceeds_commitment' };
				next = { ...g, settled: g.settled + e.cents };
				break;
			case 'unsettle':
				if (e.cents > g.settled) return { ok: false, reason: 'unsettle_exceeds_settled' };
				next = { ...g, settled: g.settled - e.cents };
				break;
			case 'refund':
				if (e.cents > g.paid - g.settled - g.refunded) return { ok: false, reason: 'refund_exceeds_unspent' };
				next = { ...g, refunded: g.refunded + e.cents };
				break;
		}
	}
	const grants = new Map(s.grants);
	grants.set(e.grantId, next);
	return { ok: true, state: { ...s, grants } };
}

/** Replays a journal; stops at the first refused entry and says which. */
export function replay(entries: readonly LedgerEntry[]): { ok: true; state: LedgerState } | { ok: false; index: number; reason: LedgerRefusal; state: LedgerState } {
	let state = emptyLedger;
	for (let i = 0; i < entries.length; i++) {
		const r = applyEntry(state, entries[i]!);
		if (!r.ok) return { ok: false, index: i, reason: r.reason, state };
		state = r.state;
	}
	return { ok: true, state };
}

/**
 * The numerical statement of a settlement (Verwendungsnachweis): what was paid, what the accepted receipts
 * prove, and the refund request for unspent money (issue 6). For reimbursement programmes nothing is paid
 * before the receipts, so the amount still to pay is returned instead.
 */
export function settlementStatement(g: GrantAccount): { provenCents: Cents; refundDueCents: Cents; stillToPayCents: Cents } {
	const proven = Math.min(g.settled, g.committed);
	const netPaid = g.paid - g.refunded;
	return { provenCents: proven, refundDueCents: Math.max(0, netPaid - proven), stillToPayCents: Math.max(0, proven - netPaid) };
}

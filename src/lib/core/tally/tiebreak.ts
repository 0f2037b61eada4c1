/**
 * Tie-breaking is one explicit chain, applied the same way by every rule: projects that a rule cannot
 * separate are ordered by the chain, and the first one wins. The default is the equalshares.net
 * recommendation (lower cost, then more supporters) closed by the project id compared as a string, which
 * is also the chain used by the Pabulib reference outcomes (shared/data/pabulib/README.md). A lottery
 * step orders projects by SHA-256(seed, id), so anyone holding the published seed can re-draw it.
 */
import type { Election } from './election.ts';
import { supporterCounts } from './election.ts';
import { sha256Hex } from './hash.ts';

export type TieBreakStep = { kind: 'lower-cost' } | { kind: 'more-supporters' } | { kind: 'lottery'; seed: string } | { kind: 'id' };

export const DEFAULT_TIE_BREAK: TieBreakStep[] = [{ kind: 'lower-cost' }, { kind: 'more-supporters' }, { kind: 'id' }];

/** Compares strings by Unicode code point (as Python does), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
	const x = [...a];
	const y = [...b];
	const n = Math.min(x.length, y.length);
	for (let i = 0; i < n; i++) {
		const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
		if (d !== 0) return d < 0 ? -1 : 1;
	}
	return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
}

/**
 * The chain as a total order: rank[p] is the position of project p. Ties inside the chain that survive every
 * step (possible only without an `id` step) are broken by file order, and we say so in the docs.
 */
export function tieBreakRanks(e: Election, chain: TieBreakStep[]): Int32Array {
	const votes = supporterCounts(e);
	const lottery = chain.map((s) => (s.kind === 'lottery' ? e.projects.map((p) => sha256Hex(`${s.seed}\u0000${p.id}`)) : null));
	const order = e.projects.map((_, i) => i);
	order.sort((a, b) => {
		for (let k = 0; k < chain.length; k++) {
			const s = chain[k]!;
			let d = 0;
			switch (s.kind) {
				case 'lower-cost':
					d = e.projects[a]!.cost < e.projects[b]!.cost ? -1 : e.projects[a]!.cost > e.projects[b]!.cost ? 1 : 0;
					break;
				case 'more-supporters':
					d = votes[b]! - votes[a]!;
					break;
				case 'lottery': {
					const l = lottery[k]!;
					d = l[a]! < l[b]! ? -1 : l[a]! > l[b]! ? 1 : 0;
					break;
				}
				case 'id':
					d = compareCodePoints(e.projects[a]!.id, e.projects[b]!.id);
					break;
			}
			if (d !== 0) return d;
		}
		return a - b;
	});
	const rank = new Int32Array(e.projects.length);
	order.forEach((p, i) => (rank[p] = i));
	return rank;
}

export function describeTieBreak(chain: TieBreakStep[]): string {
	return chain
		.map((s) => (s.kind === 'lottery' ? `lottery(seed=${JSON.stringify(s.seed)})` : s.kind))
		.join(' > ');
}

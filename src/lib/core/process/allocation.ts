/**
 * Splitting a district's yearly Kiezkasse total over its regions (PRODUCT.md "Programmes"; domain.md §1):
 * proportional to residents, every region at least a floor, amounts rounded to a step (Treptow-Köpenick:
 * 100,000 € total, floor 2,600 €, rounded to 100 €).
 *
 * Method: regions whose proportional share falls below the floor get the floor; the rest of the money is
 * shared proportionally among the others, repeated until no share falls below the floor. Then every share
 * is rounded down to the step and the steps left over go to the largest remainders (Hamilton), so the
 * amounts add up to the total exactly. Ties in the remainder go to the larger region, then the lower id.
 * This reproduces the district's published amounts within ±200 € (see allocation.test.ts).
 */
import type { Cents } from '../shared/money.ts';

export type AllocationInput = {
	totalCents: Cents;
	floorCents: Cents;
	stepCents: Cents;
	regions: readonly { id: string; residents: number }[];
};

export type AllocationResult = { id: string; cents: Cents; atFloor: boolean }[];

export type AllocationError = 'no_regions' | 'floor_exceeds_total' | 'total_not_a_multiple_of_step' | 'bad_input';

export function allocateBudget(input: AllocationInput): { ok: true; value: AllocationResult } | { ok: false; error: AllocationError } {
	const { totalCents, floorCents, stepCents } = input;
	// Without any residents counted (e.g. a new district before its first register import) "proportional to
	// residents" means nothing; split equally instead of leaving money unallocated (found by the property test).
	const regions = input.regions.every((r) => r.residents === 0) ? input.regions.map((r) => ({ ...r, residents: 1 })) : input.regions;
	if (regions.length === 0) return { ok: false, error: 'no_regions' };
	if (
		![totalCents, floorCents, stepCents].every((n) => Number.isSafeInteger(n) && n >= 0) ||
		stepCents === 0 ||
		regions.some((r) => !Number.isSafeInteger(r.residents) || r.residents < 0)
	) {
		return { ok: false, error: 'bad_input' };
	}
	if (totalCents % stepCents !== 0 || floorCents % stepCents !== 0) return { ok: false, error: 'total_not_a_multiple_of_step' };
	if (floorCents * regions.length > totalCents) return { ok: false, error: 'floor_exceeds_total' };

	// Exact shares as fractions num/den (integers) to avoid float drift between regions.
	const atFloor = new Set<string>();
	for (;;) {
		const free = regions.filter((r) => !atFloor.has(r.id));
		const freeResidents = free.reduce((s, r) => s + r.residents, 0);
		const freeMoney = totalCents - floorCents * atFloor.size;
		const below = free.filter((r) =>
			freeResidents === 0 ? freeMoney < floorCents * free.length : BigInt(freeMoney) * BigInt(r.residents) < BigInt(floorCents) * BigInt(freeResidents)
		);
		if (below.length === 0 || (freeResidents === 0 && below.length > 0)) {
			if (freeResidents === 0) for (const r of free) atFloor.add(r.id);
			break;
		}
		for (const r of below) atFloor.add(r.id);
	}

	const free = regions.filter((r) => !atFloor.has(r.id));
	const freeResidents = BigInt(free.reduce((s, r) => s + r.residents, 0));
	const freeSteps = BigInt((totalCents - floorCents * atFloor.size) / stepCents);
	const base = new Map<string, number>();
	const remainders: { id: string; rem: bigint; residents: number }[] = [];
	let used = 0n;
	for (const r of free) {
		const num = freeSteps * BigInt(r.residents);
		const steps = freeResidents === 0n ? 0n : num / freeResidents;
		used += steps;
		base.set(r.id, Number(steps));
		remainders.push({ id: r.id, rem: freeResidents === 0n ? 0n : num % freeResidents, residents: r.residents });
	}
	remainders.sort((a, b) => (a.rem === b.rem ? b.residents - a.residents || (a.id < b.id ? -1 : 1) : a.rem > b.rem ? -1 : 1));
	let left = Number(freeSteps - used);
	for (const r of remainders) {
		if (left <= 0) break;
		base.set(r.id, (base.get(r.id) ?? 0) + 1);
		left--;
	}
	const value = regions.map((r) =>
		atFloor.has(r.id)
			? { id: r.id, cents: floorCents, atFloor: true }
			: { id: r.id, cents: (base.get(r.id) ?? 0) * stepCents, atFloor: false }
	);
	return { ok: true, value };
}

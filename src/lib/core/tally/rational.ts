/**
 * Exact rational numbers on bigint. Used wherever a float comparison could change a winner
 * (house rule 3): the exact re-check of MES and Phragmén, greedy densities, Add1 budgets.
 * Always normalised (gcd = 1, positive denominator), so equality is structural.
 */
export interface Rat {
	readonly n: bigint;
	readonly d: bigint;
}

const SMALL = 1n << 52n;

function gcd(a: bigint, b: bigint): bigint {
	if (a < 0n) a = -a;
	if (b < 0n) b = -b;
	while (b !== 0n) {
		if (a < SMALL && b < SMALL) {
			let x = Number(a);
			let y = Number(b);
			while (y !== 0) {
				const t = x % y;
				x = y;
				y = t;
			}
			return BigInt(x);
		}
		const t = a % b;
		a = b;
		b = t;
	}
	return a;
}

export function rat(n: bigint, d: bigint = 1n): Rat {
	if (d === 0n) throw new RangeError('division by zero');
	if (d < 0n) {
		n = -n;
		d = -d;
	}
	if (d === 1n) return { n, d };
	const g = gcd(n, d);
	return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO: Rat = { n: 0n, d: 1n };

/*
 * Sums and products of normalised operands (Knuth, TAOCP 4.5.1, after Henrici): the common factors are
 * taken out of the operands before multiplying, so each gcd works on numbers about half as long as the
 * result's (Euclid's cost grows with the square of the length), and a sum of fractions whose denominators
 * are coprime needs no gcd at all. The result is the same normalised fraction rat() would give.
 */
function addSigned(a: Rat, b: Rat, sign: 1n | -1n): Rat {
	const bn = sign === 1n ? b.n : -b.n;
	if (a.d === b.d) return rat(a.n + bn, a.d);
	if (a.d === 1n) return { n: a.n * b.d + bn, d: b.d };
	if (b.d === 1n) return { n: a.n + bn * a.d, d: a.d };
	const d1 = gcd(a.d, b.d);
	if (d1 === 1n) return { n: a.n * b.d + bn * a.d, d: a.d * b.d };
	const ad = a.d / d1;
	const t = a.n * (b.d / d1) + bn * ad;
	if (t === 0n) return ZERO;
	const d2 = gcd(t, d1);
	return d2 === 1n ? { n: t, d: ad * b.d } : { n: t / d2, d: ad * (b.d / d2) };
}
export const add = (a: Rat, b: Rat): Rat => addSigned(a, b, 1n);
export const sub = (a: Rat, b: Rat): Rat => addSigned(a, b, -1n);
function mulParts(an: bigint, ad: bigint, bn: bigint, bd: bigint): Rat {
	// an/ad and bn/bd are normalised, bd > 0 and ad > 0: cancel across, then the product is normalised.
	if (an === 0n || bn === 0n) return ZERO;
	const g1 = gcd(an, bd);
	const g2 = gcd(bn, ad);
	const n = (g1 === 1n ? an : an / g1) * (g2 === 1n ? bn : bn / g2);
	const d = (g2 === 1n ? ad : ad / g2) * (g1 === 1n ? bd : bd / g1);
	return { n, d };
}
export const mul = (a: Rat, b: Rat): Rat => mulParts(a.n, a.d, b.n, b.d);
export function div(a: Rat, b: Rat): Rat {
	if (b.n === 0n) throw new RangeError('division by zero');
	return b.n < 0n ? mulParts(a.n, a.d, -b.d, -b.n) : mulParts(a.n, a.d, b.d, b.n);
}
export function mulInt(a: Rat, k: bigint): Rat {
	// a is normalised, so gcd(a.n * k, a.d) = gcd(k, a.d): one cheap gcd with the small factor.
	if (a.d === 1n) return { n: a.n * k, d: 1n };
	const g = gcd(k, a.d);
	return g === 1n ? { n: a.n * k, d: a.d } : { n: a.n * (k / g), d: a.d / g };
}
export function cmp(a: Rat, b: Rat): number {
	const l = a.n * b.d;
	const r = b.n * a.d;
	return l < r ? -1 : l > r ? 1 : 0;
}
export const lt = (a: Rat, b: Rat): boolean => cmp(a, b) < 0;
export const le = (a: Rat, b: Rat): boolean => cmp(a, b) <= 0;
export const eq = (a: Rat, b: Rat): boolean => a.n === b.n && a.d === b.d;
export const minRat = (a: Rat, b: Rat): Rat => (cmp(a, b) <= 0 ? a : b);
export function floorRat(a: Rat): bigint {
	const q = a.n / a.d;
	return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}
export function toNumber(a: Rat): number {
	// Precise enough for display; never used for decisions.
	const q = a.n / a.d;
	const r = a.n - q * a.d;
	return Number(q) + Number((r * 1000000000000n) / a.d) / 1e12;
}
/** Decimal rendering with `digits` fractional digits (truncated towards zero), for logs. */
export function toDecimalString(a: Rat, digits = 6): string {
	const neg = a.n < 0n;
	const n = neg ? -a.n : a.n;
	const scale = 10n ** BigInt(digits);
	const v = (n * scale) / a.d;
	const s = v.toString().padStart(digits + 1, '0');
	const int = s.slice(0, s.length - digits);
	const frac = s.slice(s.length - digits).replace(/0+$/, '');
	return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

/**
 * Exact decimal amounts. Pabulib budgets and costs are decimal strings ("2828094.61", "4000.0",
 * "1000000000"); they are parsed digit by digit, never through parseFloat, so no amount is rounded.
 */
export interface Decimal {
	/** value = units / 10^scale */
	units: bigint;
	scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

export function parseDecimal(raw: string): Decimal | null {
	const s = raw.trim();
	const m = DECIMAL.exec(s);
	if (!m) return null;
	const sign = m[1] ?? m[4] ?? '';
	const int = m[2] ?? '0';
	const frac = (m[3] ?? m[5] ?? '').replace(/0+$/, '');
	const units = BigInt(int + frac) * (sign === '-' ? -1n : 1n);
	return { units, scale: frac.length };
}

export function rescale(d: Decimal, scale: number): bigint {
	if (scale < d.scale) throw new RangeError('cannot rescale to a smaller scale');
	return d.units * 10n ** BigInt(scale - d.scale);
}

/** Formats scaled units as a plain decimal string without trailing zeros ("4000", "2828094.61"). */
export function formatUnits(units: bigint, scale: number): string {
	const neg = units < 0n;
	const s = (neg ? -units : units).toString().padStart(scale + 1, '0');
	const int = s.slice(0, s.length - scale);
	const frac = scale > 0 ? s.slice(s.length - scale).replace(/0+$/, '') : '';
	return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

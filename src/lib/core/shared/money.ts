/**
 * Money is integer cents everywhere (ARCHITECTURE house rule 3), so sums are exact and no float
 * rounding can move a cent between regions or projects.
 */
export type Cents = number;

export function euros(e: number): Cents {
	const c = Math.round(e * 100);
	assertCents(c);
	return c;
}

export function assertCents(c: number): asserts c is Cents {
	if (!Number.isSafeInteger(c)) throw new RangeError(`Not an integer amount of cents: ${c}`);
}

/** Parses a German or English amount typed by a person ("1.234,50", "1234.5", "1 234 €") into cents. */
export function parseEuroInput(raw: string): Cents | null {
	let s = raw.replace(/[\s€\u00a0]/g, '');
	if (s === '' || s.length > 20) return null;
	const lastComma = s.lastIndexOf(',');
	const lastDot = s.lastIndexOf('.');
	if (lastComma > lastDot) s = s.replace(/\./g, '').replace(',', '.');
	else if (lastDot > lastComma && lastComma >= 0) s = s.replace(/,/g, '');
	else if (lastDot >= 0 && /^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
	if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
	const [whole = '0', frac = ''] = s.split('.');
	const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
	return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * IBAN check (ISO 13616 / ISO 7064 MOD 97-10) for the bank account of a project application (issue 6).
 * Country lengths for the SEPA countries applicants here actually use; others are accepted by checksum alone.
 */
const LENGTHS: Record<string, number> = { DE: 22, AT: 20, CH: 21, NL: 18, BE: 16, FR: 27, PL: 28, DK: 18, LU: 20, IT: 27, ES: 24, CZ: 24, HU: 28 };

export type IbanCheck = { ok: true; iban: string } | { ok: false; reason: 'format' | 'length' | 'checksum' };

/** Normalises ("de89 3704 0044 0532 0130 00" → "DE89370400440532013000") and checks; returns the normal form. */
export function checkIban(raw: string): IbanCheck {
	const iban = raw.replace(/[\s-]/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return { ok: false, reason: 'format' };
	const want = LENGTHS[iban.slice(0, 2)];
	if (want !== undefined && iban.length !== want) return { ok: false, reason: 'length' };
	const moved = iban.slice(4) + iban.slice(0, 4);
	let rem = 0;
	for (const ch of moved) {
		const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
		for (const d of v) rem = (rem * 10 + Number(d)) % 97;
	}
	return rem === 1 ? { ok: true, iban } : { ok: false, reason: 'checksum' };
}

/** Shows only the country and the last four digits (bank details never in full outside the case file). */
export const maskIban = (iban: string) => `${iban.slice(0, 2)}•• •••• •••• •••• ${iban.slice(-4)}`;

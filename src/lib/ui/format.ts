// Display helpers shared by pages. Money is integer cents everywhere (ARCHITECTURE house rule 3).
export function formatEuro(cents: number, locale: string): string {
	return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
		style: 'currency',
		currency: 'EUR',
		maximumFractionDigits: cents % 100 === 0 ? 0 : 2
	}).format(cents / 100);
}

export function formatNumber(n: number, locale: string): string {
	return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB').format(n);
}

export function formatDate(iso: string | Date, locale: string): string {
	const d = typeof iso === 'string' ? new Date(iso) : iso;
	return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Berlin'
	}).format(d);
}

// Labels of the public record (issue 8): kinds of dates and documents, visibility, knowledge-base versions.
import * as m from '#lib/paraglide/messages.js';

type Messages = Record<string, unknown>;
function label(prefix: string, key: string): string {
	const fn = (m as unknown as Messages)[`${prefix}_${key}`];
	return typeof fn === 'function' ? (fn as () => string)() : key;
}

export const entryKindLabel = (key: string) => label('record_kind', key);
export const documentKindLabel = (key: string) => label('record_doc', key);
export const visibilityLabel = (key: string) => label('record_vis', key);
export const knowledgeLangLabel = (key: string) => label('record_lang', key);

/** "14:30" in Berlin time, for the time range of an entry. */
export function berlinTime(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** File size in kB/MB with the locale's decimal sign. */
export function fileSize(bytes: number, locale: string): string {
	const f = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
	return bytes >= 1024 * 1024 ? `${f.format(bytes / 1024 / 1024)} MB` : `${f.format(Math.max(1, bytes / 1024))} kB`;
}

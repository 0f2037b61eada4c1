import * as m from '#lib/paraglide/messages.js';

type Messages = Record<string, unknown>;
const label = (key: string) => {
	const fn = (m as unknown as Messages)[key];
	return typeof fn === 'function' ? (fn as () => string)() : key;
};

/** The question, its short name for tables, and the answer groups of the anonymous questionnaire (issue 7). */
export const dimensionQuestion = (d: string) => label(`eval_dim_${d}`);
export const dimensionShort = (d: string) => label(`eval_short_${d}`);
export const groupLabel = (g: string) => label(`eval_g_${g}`);
/** The same in a given language, whatever the page's (the printed paper ballot carries German and English). */
export const groupLabelIn = (g: string, locale: 'de' | 'en') => {
	const fn = (m as unknown as Messages)[`eval_g_${g}`];
	return typeof fn === 'function' ? (fn as (i: object, o: { locale: 'de' | 'en' }) => string)({}, { locale }) : g;
};
export const responseChannelLabel = (c: string) => label(`eval_channel_${c}`);

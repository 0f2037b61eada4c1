import * as m from '#lib/paraglide/messages.js';

type Messages = Record<string, unknown>;
/** `office_<prefix>_<key>` from the messages; a programme's own criteria without a translation show their key. */
function label(prefix: string, key: string): string {
	const fn = (m as unknown as Messages)[`office_${prefix}_${key}`];
	return typeof fn === 'function' ? (fn as () => string)() : key.replace(/_/g, ' ');
}
export const criterionLabel = (key: string) => label('criterion', key);
export const criterionHint = (key: string) => {
	const fn = (m as unknown as Messages)[`office_criterion_${key}_hint`];
	return typeof fn === 'function' ? (fn as () => string)() : undefined;
};
export const verdictLabel = (key: string) => label('verdict', key);
export const outcomeLabel = (key: string) => label('outcome', key);

import * as m from '#lib/paraglide/messages.js';

type Messages = Record<string, unknown>;

/** Looks up `<prefix>_<key>` in the messages; unknown keys show as they are rather than break a page. */
function label(prefix: string, key: string): string {
	const fn = (m as unknown as Messages)[`${prefix}_${key}`];
	return typeof fn === 'function' ? (fn as () => string)() : key;
}

export const phaseLabel = (key: string) => label('phase', key);
export const statusLabel = (key: string) => label('status', key);
export const channelLabel = (key: string) => label('channel', key);
/** A programme may define its own categories; those without a translation show the programme's label. */
export function categoryLabel(key: string, fallback?: string): string {
	const l = label('cost_category', key);
	return l === key && fallback ? fallback : l;
}
export function phaseStateLabel(state: 'planned' | 'running' | 'finished' | string): string {
	return state === 'running' ? m.round_phase_running() : state === 'finished' ? m.round_phase_finished() : m.round_phase_planned();
}

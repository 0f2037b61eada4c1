// Human-readable labels for programme rules and audit entries (issue 4). Keys come from core/process; the
// texts are messages `programmes_<group>_<key>` (hyphens become underscores, as message names cannot hold them).
import * as m from '#lib/paraglide/messages.js';
import { formatEuro } from './format.ts';
import { phaseLabel } from './phases.ts';

type Messages = Record<string, unknown>;
function msg(name: string, params?: Record<string, string>): string | null {
	const fn = (m as unknown as Messages)[name];
	return typeof fn === 'function' ? (fn as (p?: Record<string, string>) => string)(params) : null;
}
const label = (group: string, key: string) => msg(`programmes_${group}_${key.replace(/[^A-Za-z0-9_]/g, '_')}`) ?? key;

export const templateLabel = (k: string) => label('template', k);
export const applicantLabel = (k: string) => label('applicant', k);
export const criterionLabel = (k: string) => label('criterion', k);
export const bodyLabel = (k: string) => label('body', k);
export const votersLabel = (k: string) => label('voters', k);
export const ballotLabel = (k: string) => label('ballot', k);
export const tallyLabel = (k: string) => label('tally', k);
export const tieLabel = (k: string) => label('tie', k);
export const settlementLabel = (k: string) => label('settlement', k);
export const capabilityLabel = (k: string) => label('cap', k);

/** The label of a rule field as the rules form names it. */
export function fieldLabel(field: string): string {
	switch (field) {
		case 'applicantTypes':
			return m.programmes_applicants_legend().replace(/\s*\*$/, '');
		case 'costCategories':
			return m.programmes_categories_legend();
		case 'capPerProjectCents':
			return m.programmes_cap();
		case 'eligibilityChecklist':
			return m.programmes_checklist_legend().replace(/\s*\*$/, '');
		case 'decisionBody':
			return m.programmes_decision_body();
		case 'whoMayVote':
			return m.programmes_who_may_vote();
		case 'ballot':
			return m.programmes_ballot();
		case 'tallyRule':
			return m.programmes_tally_rule();
		case 'tieBreak':
			return m.programmes_tie_break();
		case 'settlement':
			return m.programmes_settlement();
		case 'phases':
			return m.programmes_phases_legend();
		default:
			return field;
	}
}

/** A rule value before or after a change, in words (the audit log is read by people, not parsers). */
export function valueText(field: string, v: unknown, locale: string): string {
	if (v === null || v === undefined || v === '') return field === 'capPerProjectCents' ? m.programmes_no_cap() : m.programmes_empty();
	const list = (xs: unknown, f: (s: string) => string) => (Array.isArray(xs) && xs.length > 0 ? xs.map((x) => f(String(x))).join(', ') : m.programmes_empty());
	switch (field) {
		case 'applicantTypes':
			return list(v, applicantLabel);
		case 'eligibilityChecklist':
			return list(v, criterionLabel);
		case 'capPerProjectCents':
			return typeof v === 'number' ? formatEuro(v, locale) : String(v);
		case 'decisionBody':
			return bodyLabel(String(v));
		case 'whoMayVote':
			return votersLabel(String(v));
		case 'ballot':
			return ballotLabel(String(v));
		case 'tallyRule':
			return tallyLabel(String(v));
		case 'tieBreak':
			return list(v, tieLabel);
		case 'settlement':
			return settlementLabel(String(v));
		case 'costCategories':
			return Array.isArray(v)
				? v
						.map((c: { label?: string; eligible?: boolean; reason?: string }) =>
							`${c.label ?? '?'} (${c.eligible ? m.programmes_category_eligible_yes() : `${m.programmes_category_eligible_no()}${c.reason ? `: ${c.reason}` : ''}`})`
						)
						.join('; ')
				: String(v);
		case 'phases':
			return Array.isArray(v)
				? v.map((p: { key?: string; startDay?: number; endDay?: number | null }) => `${phaseLabel(p.key ?? '')} ${p.startDay}–${p.endDay ?? '…'}`).join('; ')
				: String(v);
		default:
			return typeof v === 'string' ? v : JSON.stringify(v);
	}
}

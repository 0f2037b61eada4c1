/**
 * The grant notice template a district edits (issue 6: "letterhead configurable"): what a complete template
 * holds and the checks on each field. Pure; the form's raw strings come in, field → message key goes out.
 *
 * The legal-remedy text (Rechtsbehelfsbelehrung) is required: without it the period to object is one year
 * instead of one month (§ 58 (2) VwGO), so an empty one is refused rather than silently printed.
 */
export type TemplateInput = {
	authorityName: string;
	authorityUnit: string;
	authorityAddress: string;
	contact: string;
	sender: string;
	legalRemedy: string;
	signature: string;
	conditions: string;
	settlementDays: string;
};

export type ValidTemplate = Omit<TemplateInput, 'settlementDays'> & { settlementDays: number };
export type TemplateIssues = Partial<Record<keyof TemplateInput, string>>;

export const TEMPLATE_LIMITS = {
	authorityName: 200,
	authorityUnit: 200,
	authorityAddress: 400,
	contact: 200,
	sender: 200,
	legalRemedy: 3000,
	signature: 300,
	conditions: 8000
} as const;

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const SINGLE_LINE: ReadonlySet<keyof TemplateInput> = new Set(['authorityName', 'authorityUnit', 'contact', 'sender']);

export function validateTemplate(v: TemplateInput): { ok: true; value: ValidTemplate } | { ok: false; issues: TemplateIssues } {
	const issues: TemplateIssues = {};
	for (const key of Object.keys(TEMPLATE_LIMITS) as (keyof typeof TEMPLATE_LIMITS)[]) {
		const value = v[key];
		if (value.trim() === '') issues[key] = `grants_tpl_error_${key}_missing`;
		else if (value.length > TEMPLATE_LIMITS[key]) issues[key] = 'grants_tpl_error_too_long';
		else if (CONTROL.test(value.replace(/\n/g, ''))) issues[key] = 'grants_error_characters';
		else if (SINGLE_LINE.has(key) && value.includes('\n')) issues[key] = 'grants_tpl_error_one_line';
	}
	if (!issues.authorityAddress && v.authorityAddress.split('\n').length > 6) issues.authorityAddress = 'grants_tpl_error_address_lines';
	if (!issues.legalRemedy && v.legalRemedy.trim().length < 40) issues.legalRemedy = 'grants_tpl_error_legalRemedy_short';
	if (!issues.conditions && conditionLines(v.conditions).some((l) => l.length > 600)) issues.conditions = 'grants_tpl_error_condition_long';
	const days = v.settlementDays.trim();
	const n = /^\d{1,3}$/.test(days) ? Number(days) : NaN;
	if (days === '') issues.settlementDays = 'grants_tpl_error_settlementDays_missing';
	else if (!Number.isInteger(n) || n < 1 || n > 365) issues.settlementDays = 'grants_tpl_error_settlementDays_range';
	if (Object.keys(issues).length > 0) return { ok: false, issues };
	const trim = (s: string) => s.split('\n').map((l) => l.trim()).join('\n').trim();
	return {
		ok: true,
		value: {
			authorityName: v.authorityName.trim(),
			authorityUnit: v.authorityUnit.trim(),
			authorityAddress: trim(v.authorityAddress),
			contact: v.contact.trim(),
			sender: v.sender.trim(),
			legalRemedy: trim(v.legalRemedy),
			signature: trim(v.signature),
			conditions: conditionLines(v.conditions).join('\n'),
			settlementDays: n
		}
	};
}

/** Conditions are written one per line; blank lines do not count. */
export const conditionLines = (s: string) =>
	s
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);

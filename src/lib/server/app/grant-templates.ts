/**
 * The grant notice templates of a district's programmes (issue 6: "letterhead configurable"). A case worker or
 * district admin with `grant.template` for the whole district edits letterhead, sender line, legal-remedy text
 * (Rechtsbehelfsbelehrung), signature and conditions; each save is a new version and the older ones stay
 * listable and previewable. A notice records the version it was issued with (grants.ts issueNotice), and its
 * PDF is stored as issued, so a later edit never changes a notice already handed out.
 */
import { can, type Actor } from '../../core/access/policy.ts';
import { conditionLines, validateTemplate, type TemplateInput } from '../../core/grants/notice-template.ts';
import type { FieldIssues } from '../../core/shared/outcome.ts';
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/grants.ts';
import type { NoticeTemplateSnapshot } from '../db/schema/grants.ts';
import { DEFAULT_CONDITIONS, DEFAULT_LETTERHEAD, DEFAULT_SETTLEMENT_DAYS, grantNoticePdf, type Letterhead } from '../documents/grant-notice.ts';

export type TemplateDeps = { db: DbOrTx; now: () => Date };

const isoDay = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(d);

export type Template = { versionId: string | null; version: number | null; letterhead: Letterhead; conditions: string[]; settlementDays: number };

/** A saved template version as the notice prints it. */
export function templateFromVersion(t: repo.TemplateVersionRow): Template {
	return {
		versionId: t.id,
		version: t.version,
		letterhead: { authorityName: t.authorityName, authorityUnit: t.authorityUnit, authorityAddress: t.authorityAddress, contact: t.contact, sender: t.sender, legalRemedy: t.legalRemedy, signature: t.signature },
		conditions: conditionLines(t.conditions),
		settlementDays: t.settlementDays
	};
}

/** The template a notice is issued with now: the newest saved version, else the older unversioned row, else the defaults. */
export async function templateOf(db: DbOrTx, programmeId: string): Promise<Template> {
	const v = await repo.latestTemplateVersion(db, programmeId);
	if (v) return templateFromVersion(v);
	const t = await repo.noticeTemplate(db, programmeId);
	if (!t) return { versionId: null, version: null, letterhead: DEFAULT_LETTERHEAD, conditions: DEFAULT_CONDITIONS, settlementDays: DEFAULT_SETTLEMENT_DAYS };
	return {
		versionId: null,
		version: null,
		letterhead: {
			authorityName: t.authorityName,
			authorityUnit: t.authorityUnit,
			authorityAddress: t.authorityAddress,
			contact: t.contact,
			sender: [t.authorityName, ...conditionLines(t.authorityAddress)].join(' · '),
			legalRemedy: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift beim ${t.authorityName} einzulegen.`,
			signature: DEFAULT_LETTERHEAD.signature
		},
		conditions: conditionLines(t.conditions),
		settlementDays: t.settlementDays
	};
}

export const snapshotOf = (t: Template): NoticeTemplateSnapshot => ({ version: t.version, ...t.letterhead, conditions: t.conditions, settlementDays: t.settlementDays });



type Programme = NonNullable<Awaited<ReturnType<typeof repo.programmeById>>>;

/** District-wide only: `regionId: null` is a subject no region-scoped grant covers (policy.ts covers()). */
const gate = (actor: Actor | null, p: Pick<Programme, 'districtId'>) => can(actor, 'grant.template', { districtId: p.districtId, regionId: null });

function refused(actor: Actor | null, p: Programme): 'forbidden' | 'not_found' | null {
	const d = gate(actor, p);
	if (d.allowed) return null;
	return d.reason === 'out_of_scope' ? 'not_found' : 'forbidden';
}

export async function templateProgrammes(d: TemplateDeps, actor: Actor | null) {
	const who = can(actor, 'grant.template');
	if (!who.allowed && who.reason !== 'out_of_scope') return { kind: 'forbidden' } as const;
	const all = await repo.programmesForGrants(d.db);
	const mine = [];
	for (const p of all.filter((p) => gate(actor, p).allowed)) {
		const latest = await repo.latestTemplateVersion(d.db, p.id);
		mine.push({ id: p.id, name: p.name, districtName: p.districtName, version: latest?.version ?? null, savedAt: latest?.createdAt.toISOString() ?? null });
	}
	return { kind: 'ok', value: mine } as const;
}

export const valuesOf = (t: Template): TemplateInput => ({
	authorityName: t.letterhead.authorityName,
	authorityUnit: t.letterhead.authorityUnit,
	authorityAddress: t.letterhead.authorityAddress,
	contact: t.letterhead.contact,
	sender: t.letterhead.sender,
	legalRemedy: t.letterhead.legalRemedy,
	signature: t.letterhead.signature,
	conditions: t.conditions.join('\n'),
	settlementDays: String(t.settlementDays)
});

export async function templatePage(d: TemplateDeps, actor: Actor | null, programmeId: string) {
	const p = await repo.programmeById(d.db, programmeId);
	if (!p) return { kind: 'not_found' } as const;
	const r = refused(actor, p);
	if (r) return { kind: r } as const;
	const current = await templateOf(d.db, p.id);
	const versions = await repo.templateVersions(d.db, p.id);
	return {
		kind: 'ok',
		value: {
			programme: { id: p.id, name: p.name, districtName: p.districtName },
			current: { version: current.version, values: valuesOf(current) },
			versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), createdBy: v.createdByName, notices: v.notices }))
		}
	} as const;
}

const FIELDS: (keyof TemplateInput)[] = ['authorityName', 'authorityUnit', 'authorityAddress', 'contact', 'sender', 'legalRemedy', 'signature', 'conditions', 'settlementDays'];

export function parseTemplate(form: FormData): TemplateInput {
	const out = {} as TemplateInput;
	for (const f of FIELDS) {
		const v = form.get(f);
		// Cut far above every limit so a huge post cannot make a huge error page; the check names the field.
		out[f] = typeof v === 'string' ? v.replace(/\r\n?/g, '\n').slice(0, 10_000) : '';
	}
	return out;
}

export type SaveOutcome =
	| { kind: 'ok'; version: number }
	| { kind: 'not_found' }
	| { kind: 'forbidden' }
	| { kind: 'conflict'; values: TemplateInput }
	| { kind: 'invalid'; issues: FieldIssues; values: TemplateInput };

export async function saveTemplate(d: TemplateDeps, actor: Actor | null, programmeId: string, form: FormData): Promise<SaveOutcome> {
	const p = await repo.programmeById(d.db, programmeId);
	if (!p) return { kind: 'not_found' };
	const r = refused(actor, p);
	if (r) return { kind: r };
	const values = parseTemplate(form);
	const v = validateTemplate(values);
	if (!v.ok) return { kind: 'invalid', issues: v.issues as FieldIssues, values };
	// The version the editor started from: saving over a colleague's newer version is a conflict, not a silent overwrite.
	const base = form.get('baseVersion');
	const expectedVersion = typeof base === 'string' && /^\d{1,6}$/.test(base) ? Number(base) : 0;
	const saved = await repo.insertTemplateVersion(d.db, { programmeId: p.id, ...v.value, createdAt: d.now(), createdBy: actor!.userId, districtId: p.districtId, expectedVersion });
	if (saved.kind === 'conflict') return { kind: 'conflict', values };
	return { kind: 'ok', version: saved.version };
}

/** A sample notice with a version's texts (or the current ones) and made-up case data, marked as a preview. */
export async function templatePreview(d: TemplateDeps, actor: Actor | null, programmeId: string, version: string | null) {
	const p = await repo.programmeById(d.db, programmeId);
	if (!p) return { kind: 'not_found' } as const;
	const r = refused(actor, p);
	if (r) return { kind: r } as const;
	let tpl: Template;
	if (version === null || version === '') tpl = await templateOf(d.db, p.id);
	else {
		if (!/^\d{1,6}$/.test(version)) return { kind: 'not_found' } as const;
		const row = await repo.templateVersion(d.db, p.id, Number(version));
		if (!row) return { kind: 'not_found' } as const;
		tpl = templateFromVersion(row);
	}
	const today = isoDay(d.now());
	const year = today.slice(0, 4);
	const pdf = await grantNoticePdf({
		letterhead: tpl.letterhead,
		reference: `MUSTER-${tpl.version ?? 0}`,
		issuedOn: today,
		addressee: { name: 'Erika Mustermann', organisation: 'Beispielverein e. V.', address: 'Musterstraße 1\n12345 Berlin' },
		programmeName: p.name,
		roundTitle: `${p.name} ${year} (Vorschau / preview)`,
		projectTitle: 'Musterprojekt (Vorschau der Vorlage)',
		purpose: 'Dies ist eine Vorschau der Bescheidvorlage mit Beispieldaten. / A preview of the notice template with sample data.',
		amountCents: 150000,
		costPlan: [
			{ category: 'Material', description: 'Beispielposten', amountCents: 100000 },
			{ category: 'Öffentlichkeitsarbeit', description: 'Plakate', amountCents: 50000 }
		],
		periodStart: today,
		periodEnd: `${year}-12-31`,
		settlementDue: `${year}-12-31`,
		paymentMode: 'advance',
		maskedIban: 'DE•• •••• •••• •••• 0000',
		accountHolder: 'Beispielverein e. V.',
		conditions: tpl.conditions
	});
	return { kind: 'ok', value: { pdf, filename: `bescheid-vorlage-${p.slug}-v${tpl.version ?? 0}.pdf` } } as const;
}

export type GrantTemplates = ReturnType<typeof createGrantTemplates>;

export function createGrantTemplates(d: TemplateDeps) {
	return {
		programmes: (actor: Actor | null) => templateProgrammes(d, actor),
		page: (actor: Actor | null, id: string) => templatePage(d, actor, id),
		save: (actor: Actor | null, id: string, form: FormData) => saveTemplate(d, actor, id, form),
		preview: (actor: Actor | null, id: string, version: string | null) => templatePreview(d, actor, id, version)
	};
}

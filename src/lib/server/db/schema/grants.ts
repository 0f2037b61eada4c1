// From a funded proposal to the money: project application (Projektantrag), grant notice (Zuwendungsbescheid)
// and payments (issue 6; PRODUCT.md lifecycle step 5; domain.md §1.4 and §2 "Note on grant law": written
// application with cost plan, declaration that the project has not started, subsidy-fraud notice § 264 StGB,
// grant notice before any commitment, transfer once the notice is issued).
//
// Bank details are personal data: the IBAN is stored only as AES-256-GCM ciphertext (server/crypto/data-key.ts);
// the last four digits are kept in clear so the applicant and lists can show a masked IBAN without decrypting.
// Retention (issue 6, settlement part) erases contact and bank columns after closing, so they are nullable and
// `personal_data_erased_at` records when it happened.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { programme, round } from './process.ts';
import { proposal } from './proposal.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** The cost plan as confirmed by the applicant: a snapshot of the proposal's cost items at application time. */
export type ConfirmedCostItem = { category: string; description: string; amountCents: number };

/** One application per funded proposal (the unique key makes a double submit a conflict, not a second row). */
export const grantApplication = pgTable(
	'grant_application',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id),
		/** The proposer the application belongs to (who may read it and download the notice). */
		applicantUserId: text('applicant_user_id').references(() => user.id, { onDelete: 'set null' }),
		/** Who typed it in: the proposer, or a case worker on their behalf. */
		submittedBy: text('submitted_by').references(() => user.id, { onDelete: 'set null' }),
		contactName: text('contact_name'),
		contactEmail: text('contact_email'),
		contactPhone: text('contact_phone'),
		/** Postal address for the grant notice (street, postcode, town). */
		contactAddress: text('contact_address'),
		/** Association or initiative the applicant acts for, if any. */
		organisationName: text('organisation_name'),
		accountHolder: text('account_holder'),
		/** AES-256-GCM ciphertext of the normalised IBAN ("v1." + base64(iv ‖ tag ‖ ciphertext)). */
		ibanCipher: text('iban_cipher'),
		/** Last four characters of the IBAN and its country, for the masked display. */
		ibanCountry: text('iban_country'),
		ibanLast4: text('iban_last4'),
		/** The amount the assembly / vote approved, confirmed with the cost plan. */
		approvedCents: bigint('approved_cents', { mode: 'number' }).notNull(),
		costPlan: jsonb('cost_plan').$type<ConfirmedCostItem[]>().notNull(),
		declaredNotStarted: boolean('declared_not_started').notNull(),
		declaredSubsidyFraudNotice: boolean('declared_subsidy_fraud_notice').notNull(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
		personalDataErasedAt: timestamp('personal_data_erased_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('grant_application_proposal_key').on(t.proposalId),
		index('grant_application_round_idx').on(t.roundId),
		index('grant_application_applicant_idx').on(t.applicantUserId),
		check('grant_application_approved_positive', sql`${t.approvedCents} > 0`)
	]
);

/**
 * The letterhead and standard texts of a programme's grant notice. Optional: without a row the notice uses
 * the Treptow-Köpenick defaults (server/documents/grant-notice.ts).
 */
export const grantNoticeTemplate = pgTable('grant_notice_template', {
	programmeId: uuid('programme_id')
		.primaryKey()
		.references(() => programme.id, { onDelete: 'cascade' }),
	authorityName: text('authority_name').notNull(),
	authorityUnit: text('authority_unit').notNull(),
	/** Address lines of the authority, one per line. */
	authorityAddress: text('authority_address').notNull(),
	contact: text('contact').notNull(),
	/** Conditions (Nebenbestimmungen), one per line. */
	conditions: text('conditions').notNull(),
	/** Days after the end of the implementation period by which the settlement is due. */
	settlementDays: integer('settlement_days').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
	updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' })
});

/**
 * The grant notice template as edited by the district (`/admin/foerderung/vorlagen`): each save is a new row
 * with the next version number, so old versions stay readable and an issued notice can name the version it
 * was issued with (`project_grant.template_version_id`, plus a snapshot of the texts). Takes precedence over
 * `grant_notice_template`, which stays as the older, unversioned fallback.
 */
export const grantNoticeTemplateVersion = pgTable(
	'grant_notice_template_version',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		programmeId: uuid('programme_id')
			.notNull()
			.references(() => programme.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		authorityName: text('authority_name').notNull(),
		authorityUnit: text('authority_unit').notNull(),
		authorityAddress: text('authority_address').notNull(),
		contact: text('contact').notNull(),
		/** The sender line above the addressee (Absenderzeile, DIN 5008). */
		sender: text('sender').notNull(),
		/** Rechtsbehelfsbelehrung: how to object to the notice (§ 37 (6) VwVfG, § 70 VwGO). */
		legalRemedy: text('legal_remedy').notNull(),
		/** Closing and signature block, one line per line ("Im Auftrag", name, function). */
		signature: text('signature').notNull(),
		conditions: text('conditions').notNull(),
		settlementDays: integer('settlement_days').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('grant_notice_template_version_key').on(t.programmeId, t.version)]
);

/** The texts a notice was issued with, kept on the grant so the notice can be explained and re-made alike. */
export type NoticeTemplateSnapshot = {
	version: number | null;
	authorityName: string;
	authorityUnit: string;
	authorityAddress: string;
	contact: string;
	sender: string;
	legalRemedy: string;
	signature: string;
	conditions: string[];
	settlementDays: number;
};

/**
 * The grant (Zuwendung) as issued by notice. `paid_cents` is the running sum of its payments; the check
 * constraint is the last line against paying more than granted, and the payment use case raises it with a
 * conditional UPDATE so concurrent payments serialise on the row (house rule: constraints, not hope).
 */
export const projectGrant = pgTable(
	'project_grant',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposal.id, { onDelete: 'cascade' }),
		applicationId: uuid('application_id')
			.notNull()
			.references(() => grantApplication.id, { onDelete: 'cascade' }),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id),
		/** File number printed on the notice (e.g. "KK-2026-ADL-003"). */
		reference: text('reference').notNull(),
		amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
		paidCents: bigint('paid_cents', { mode: 'number' }).notNull().default(0),
		purpose: text('purpose').notNull(),
		periodStart: date('period_start', { mode: 'string' }).notNull(),
		periodEnd: date('period_end', { mode: 'string' }).notNull(),
		settlementDue: date('settlement_due', { mode: 'string' }).notNull(),
		/** advance | reimbursement — from the programme's settlement mode at issue time. */
		paymentMode: text('payment_mode').notNull(),
		conditions: jsonb('conditions').$type<string[]>().notNull(),
		noticePdf: bytea('notice_pdf').notNull(),
		noticeSha256: text('notice_sha256').notNull(),
		/** The template version the notice was issued with (null: the built-in defaults) and its texts. */
		templateVersionId: uuid('template_version_id').references(() => grantNoticeTemplateVersion.id, { onDelete: 'set null' }),
		templateSnapshot: jsonb('template_snapshot').$type<NoticeTemplateSnapshot>(),
		issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
		issuedBy: text('issued_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('project_grant_proposal_key').on(t.proposalId),
		uniqueIndex('project_grant_reference_key').on(t.reference),
		index('project_grant_round_idx').on(t.roundId),
		check('project_grant_amount_positive', sql`${t.amountCents} > 0`),
		check('project_grant_paid_within_amount', sql`${t.paidCents} >= 0 AND ${t.paidCents} <= ${t.amountCents}`),
		check('project_grant_payment_mode', sql`${t.paymentMode} IN ('advance', 'reimbursement')`)
	]
);

/** One transfer to the applicant (Auszahlung). */
export const grantPayment = pgTable(
	'grant_payment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		grantId: uuid('grant_id')
			.notNull()
			.references(() => projectGrant.id, { onDelete: 'cascade' }),
		paidOn: date('paid_on', { mode: 'string' }).notNull(),
		amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
		/** Booking reference of the district's accounting (Kassenzeichen / Buchungstext). */
		reference: text('reference').notNull(),
		recordedBy: text('recorded_by').references(() => user.id, { onDelete: 'set null' }),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull()
	},
	(t) => [index('grant_payment_grant_idx').on(t.grantId, t.paidOn), check('grant_payment_positive', sql`${t.amountCents} > 0`)]
);

CREATE TABLE "grant_application" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"applicant_user_id" text,
	"submitted_by" text,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"contact_address" text,
	"organisation_name" text,
	"account_holder" text,
	"iban_cipher" text,
	"iban_country" text,
	"iban_last4" text,
	"approved_cents" bigint NOT NULL,
	"cost_plan" jsonb NOT NULL,
	"declared_not_started" boolean NOT NULL,
	"declared_subsidy_fraud_notice" boolean NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"personal_data_erased_at" timestamp with time zone,
	CONSTRAINT "grant_application_approved_positive" CHECK ("grant_application"."approved_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "grant_notice_template" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"authority_name" text NOT NULL,
	"authority_unit" text NOT NULL,
	"authority_address" text NOT NULL,
	"contact" text NOT NULL,
	"conditions" text NOT NULL,
	"settlement_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "grant_payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "grant_payment_positive" CHECK ("grant_payment"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "project_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"purpose" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"settlement_due" date NOT NULL,
	"payment_mode" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"notice_pdf" "bytea" NOT NULL,
	"notice_sha256" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text,
	CONSTRAINT "project_grant_amount_positive" CHECK ("project_grant"."amount_cents" > 0),
	CONSTRAINT "project_grant_paid_within_amount" CHECK ("project_grant"."paid_cents" >= 0 AND "project_grant"."paid_cents" <= "project_grant"."amount_cents"),
	CONSTRAINT "project_grant_payment_mode" CHECK ("project_grant"."payment_mode" IN ('advance', 'reimbursement'))
);
--> statement-breakpoint
ALTER TABLE "grant_application" ADD CONSTRAINT "grant_application_proposal_id_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_application" ADD CONSTRAINT "grant_application_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_application" ADD CONSTRAINT "grant_application_applicant_user_id_user_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_application" ADD CONSTRAINT "grant_application_submitted_by_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_notice_template" ADD CONSTRAINT "grant_notice_template_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_notice_template" ADD CONSTRAINT "grant_notice_template_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payment" ADD CONSTRAINT "grant_payment_grant_id_project_grant_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."project_grant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payment" ADD CONSTRAINT "grant_payment_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_grant" ADD CONSTRAINT "project_grant_proposal_id_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_grant" ADD CONSTRAINT "project_grant_application_id_grant_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."grant_application"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_grant" ADD CONSTRAINT "project_grant_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_grant" ADD CONSTRAINT "project_grant_issued_by_user_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grant_application_proposal_key" ON "grant_application" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "grant_application_round_idx" ON "grant_application" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "grant_application_applicant_idx" ON "grant_application" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE INDEX "grant_payment_grant_idx" ON "grant_payment" USING btree ("grant_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "project_grant_proposal_key" ON "project_grant" USING btree ("proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_grant_reference_key" ON "project_grant" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "project_grant_round_idx" ON "project_grant" USING btree ("round_id");
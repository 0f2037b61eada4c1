CREATE TABLE "grant_notice_template_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"authority_name" text NOT NULL,
	"authority_unit" text NOT NULL,
	"authority_address" text NOT NULL,
	"contact" text NOT NULL,
	"sender" text NOT NULL,
	"legal_remedy" text NOT NULL,
	"signature" text NOT NULL,
	"conditions" text NOT NULL,
	"settlement_days" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
ALTER TABLE "project_grant" ADD COLUMN "template_version_id" uuid;--> statement-breakpoint
ALTER TABLE "project_grant" ADD COLUMN "template_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "grant_notice_template_version" ADD CONSTRAINT "grant_notice_template_version_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_notice_template_version" ADD CONSTRAINT "grant_notice_template_version_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grant_notice_template_version_key" ON "grant_notice_template_version" USING btree ("programme_id","version");--> statement-breakpoint
ALTER TABLE "project_grant" ADD CONSTRAINT "project_grant_template_version_id_grant_notice_template_version_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."grant_notice_template_version"("id") ON DELETE set null ON UPDATE no action;
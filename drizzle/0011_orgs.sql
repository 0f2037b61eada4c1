ALTER TABLE "organisation" ADD COLUMN "slug" text;--> statement-breakpoint
UPDATE "organisation" SET "slug" = "id"::text WHERE "slug" IS NULL;--> statement-breakpoint
ALTER TABLE "organisation" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "district_id" text;--> statement-breakpoint
UPDATE "organisation" SET "district_id" = (SELECT "id" FROM "district" ORDER BY "id" LIMIT 1) WHERE "district_id" IS NULL;--> statement-breakpoint
ALTER TABLE "organisation" ALTER COLUMN "district_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "region_id" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "verification_note" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "organisation_member" ADD COLUMN "requested_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_member" ADD COLUMN "accepted_by" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_district_id_district_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."district"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_region_id_region_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."region"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_member" ADD CONSTRAINT "organisation_member_accepted_by_user_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_slug_key" ON "organisation" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "organisation_district_idx" ON "organisation" USING btree ("district_id","region_id");--> statement-breakpoint
CREATE INDEX "organisation_member_user_idx" ON "organisation_member" USING btree ("user_id");
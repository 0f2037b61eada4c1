CREATE TABLE "assembly_dot_ballot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"points" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assembly_dot_code" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_device" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"unlock_key" text,
	"unlock_check" text,
	"unlocked_by" text,
	"unlocked_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "paper_ballot" (
	"round_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"status" text NOT NULL,
	"first_by" text,
	"first_invalid" boolean NOT NULL,
	"first_choices" jsonb NOT NULL,
	"second_by" text,
	"second_invalid" boolean,
	"second_choices" jsonb,
	"decided_by" text,
	CONSTRAINT "paper_ballot_round_id_serial_pk" PRIMARY KEY("round_id","serial")
);
--> statement-breakpoint
CREATE TABLE "vote_eligible" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vote_register" ADD COLUMN "check_method" text;--> statement-breakpoint
ALTER TABLE "vote_register" ADD COLUMN "checked_by" text;--> statement-breakpoint
ALTER TABLE "assembly_dot_ballot" ADD CONSTRAINT "assembly_dot_ballot_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_dot_code" ADD CONSTRAINT "assembly_dot_code_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD CONSTRAINT "kiosk_device_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD CONSTRAINT "kiosk_device_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD CONSTRAINT "kiosk_device_unlocked_by_user_id_fk" FOREIGN KEY ("unlocked_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_ballot" ADD CONSTRAINT "paper_ballot_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_ballot" ADD CONSTRAINT "paper_ballot_first_by_user_id_fk" FOREIGN KEY ("first_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_ballot" ADD CONSTRAINT "paper_ballot_second_by_user_id_fk" FOREIGN KEY ("second_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_ballot" ADD CONSTRAINT "paper_ballot_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_eligible" ADD CONSTRAINT "vote_eligible_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assembly_dot_ballot_assembly_idx" ON "assembly_dot_ballot" USING btree ("assembly_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assembly_dot_code_hash_key" ON "assembly_dot_code" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "assembly_dot_code_assembly_idx" ON "assembly_dot_code" USING btree ("assembly_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_device_token_key" ON "kiosk_device" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "kiosk_device_round_idx" ON "kiosk_device" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "paper_ballot_status_idx" ON "paper_ballot" USING btree ("round_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_eligible_round_hash_key" ON "vote_eligible" USING btree ("round_id","hash");--> statement-breakpoint
ALTER TABLE "vote_register" ADD CONSTRAINT "vote_register_checked_by_user_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;
CREATE TABLE "ballot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"cast_on" date NOT NULL,
	"choices" jsonb NOT NULL,
	"receipt_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_attempt" (
	"bucket" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_code" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"lookup" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_code_batch" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"label" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"deactivated_at" timestamp with time zone,
	"deactivated_by" text
);
--> statement-breakpoint
CREATE TABLE "vote_register" (
	"round_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"channel" text NOT NULL,
	"receipt_check" text,
	"changes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_round" (
	"round_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"config_hash" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"result" jsonb,
	"ballot_file" text,
	"ballot_file_sha256" text
);
--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_code" ADD CONSTRAINT "vote_code_batch_id_vote_code_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."vote_code_batch"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_code_batch" ADD CONSTRAINT "vote_code_batch_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_code_batch" ADD CONSTRAINT "vote_code_batch_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_code_batch" ADD CONSTRAINT "vote_code_batch_deactivated_by_user_id_fk" FOREIGN KEY ("deactivated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_register" ADD CONSTRAINT "vote_register_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_round" ADD CONSTRAINT "vote_round_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_round" ADD CONSTRAINT "vote_round_closed_by_user_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_round_idx" ON "ballot" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_receipt_key" ON "ballot" USING btree ("receipt_hash");--> statement-breakpoint
CREATE INDEX "vote_code_lookup_idx" ON "vote_code" USING btree ("round_id","lookup");--> statement-breakpoint
CREATE INDEX "vote_code_batch_round_idx" ON "vote_code_batch" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_register_round_voter_key" ON "vote_register" USING btree ("round_id","voter_key");
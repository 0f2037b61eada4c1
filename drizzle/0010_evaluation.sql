CREATE TABLE "ballot_age_question" (
	"round_id" uuid PRIMARY KEY NOT NULL,
	"enabled_at" timestamp with time zone NOT NULL,
	"enabled_by" text
);
--> statement-breakpoint
ALTER TABLE "ballot" ADD COLUMN "age_band" text;--> statement-breakpoint
ALTER TABLE "ballot_age_question" ADD CONSTRAINT "ballot_age_question_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_age_question" ADD CONSTRAINT "ballot_age_question_enabled_by_user_id_fk" FOREIGN KEY ("enabled_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;
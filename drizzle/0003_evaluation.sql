CREATE TABLE "demographic_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"answers" jsonb NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demographic_response" ADD CONSTRAINT "demographic_response_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demographic_response_round_idx" ON "demographic_response" USING btree ("round_id");
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
ALTER TABLE "assembly_dot_ballot" ADD CONSTRAINT "assembly_dot_ballot_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_dot_code" ADD CONSTRAINT "assembly_dot_code_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assembly_dot_ballot_assembly_idx" ON "assembly_dot_ballot" USING btree ("assembly_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assembly_dot_code_hash_key" ON "assembly_dot_code" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "assembly_dot_code_assembly_idx" ON "assembly_dot_code" USING btree ("assembly_id");
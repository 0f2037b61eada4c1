CREATE TABLE "assembly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"sitting" integer NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"method" jsonb NOT NULL,
	"state" text NOT NULL,
	"budget_cents" bigint,
	"residents" integer DEFAULT 0 NOT NULL,
	"others" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"result" jsonb,
	"minutes_pdf" "bytea",
	"minutes_sha256" text
);
--> statement-breakpoint
CREATE TABLE "assembly_card" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assembly_id" uuid NOT NULL,
	"answers" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assembly_item" (
	"assembly_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"recorded" boolean DEFAULT false NOT NULL,
	"yes" integer,
	"no" integer,
	"abstain" integer,
	"points" integer,
	"agreed" boolean,
	"approved_cents" bigint,
	"recorded_at" timestamp with time zone,
	"recorded_by" text
);
--> statement-breakpoint
ALTER TABLE "assembly" ADD CONSTRAINT "assembly_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly" ADD CONSTRAINT "assembly_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly" ADD CONSTRAINT "assembly_closed_by_user_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_card" ADD CONSTRAINT "assembly_card_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_item" ADD CONSTRAINT "assembly_item_assembly_id_assembly_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assembly"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_item" ADD CONSTRAINT "assembly_item_proposal_id_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_item" ADD CONSTRAINT "assembly_item_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assembly_round_sitting_key" ON "assembly" USING btree ("round_id","sitting");--> statement-breakpoint
CREATE INDEX "assembly_card_assembly_idx" ON "assembly_card" USING btree ("assembly_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assembly_item_key" ON "assembly_item" USING btree ("assembly_id","proposal_id");--> statement-breakpoint
CREATE INDEX "assembly_item_position_idx" ON "assembly_item" USING btree ("assembly_id","position");
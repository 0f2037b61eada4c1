ALTER TABLE "paper_ballot" ADD COLUMN "first_age_band" text;--> statement-breakpoint
ALTER TABLE "paper_ballot" ADD COLUMN "second_age_band" text;
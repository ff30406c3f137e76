CREATE SCHEMA "associations";
--> statement-breakpoint
CREATE TYPE "associations"."affiliated_entity_kind" AS ENUM('PRESS_AGENCY', 'LEGAL_ENTITY');--> statement-breakpoint
CREATE TYPE "associations"."field_of_activity" AS ENUM('ECONOMY_AND_TRADE', 'SCIENCE_AND_TECHNOLOGY', 'CULTURE_AND_ARTS', 'SPORTS', 'EDUCATION', 'HEALTH', 'SOCIAL_AND_CHARITY', 'AGRICULTURE', 'PROFESSIONAL', 'FRIENDSHIP', 'VETERANS_AND_ALUMNI', 'ENVIRONMENT');--> statement-breakpoint
CREATE TYPE "associations"."inspection_sanction" AS ENUM('NONE', 'WARNING', 'FINE', 'SUSPENSION', 'DISSOLUTION_RECOMMENDED');--> statement-breakpoint
CREATE TYPE "associations"."licensing_level" AS ENUM('MINISTRY', 'PROVINCIAL_PEOPLES_COMMITTEE', 'COMMUNE_PEOPLES_COMMITTEE');--> statement-breakpoint
CREATE TYPE "associations"."organization_kind" AS ENUM('ASSOCIATION', 'SOCIAL_FUND', 'CHARITY_FUND');--> statement-breakpoint
CREATE TYPE "associations"."organization_scope" AS ENUM('NATIONWIDE', 'INTER_PROVINCIAL', 'PROVINCIAL', 'COMMUNE');--> statement-breakpoint
CREATE TYPE "associations"."organization_status" AS ENUM('ACTIVE', 'SUSPENDED', 'DISSOLVED', 'MERGED');--> statement-breakpoint
CREATE TYPE "associations"."two_tier_review" AS ENUM('NOT_REQUIRED', 'REVISION_REQUIRED', 'REVISED');--> statement-breakpoint
CREATE TABLE "associations"."affiliated_entities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."affiliated_entities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"kind" "associations"."affiliated_entity_kind" NOT NULL,
	"name" text NOT NULL,
	"established_on" date NOT NULL,
	"compliant" boolean NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associations"."change_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."change_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"subject" text,
	"operation" text NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "associations"."charters" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."charters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"version" integer NOT NULL,
	"adopted_on" date NOT NULL,
	"approved_on" date NOT NULL,
	"decision_number" text NOT NULL,
	"approving_agency_code" text NOT NULL,
	"two_tier_review" "associations"."two_tier_review" NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "charters_registration_number_version_key" UNIQUE("registration_number","version"),
	CONSTRAINT "charters_dates_check" CHECK ("associations"."charters"."adopted_on" <= "associations"."charters"."approved_on")
);
--> statement-breakpoint
CREATE TABLE "associations"."financial_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."financial_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"year" integer NOT NULL,
	"filed_on" date NOT NULL,
	"income_vnd" bigint NOT NULL,
	"expenses_vnd" bigint NOT NULL,
	"domestic_sponsorship_vnd" bigint NOT NULL,
	"foreign_aid_vnd" bigint NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "financial_reports_registration_number_year_key" UNIQUE("registration_number","year"),
	CONSTRAINT "financial_reports_amounts_check" CHECK ("associations"."financial_reports"."income_vnd" >= 0 AND "associations"."financial_reports"."expenses_vnd" >= 0 AND "associations"."financial_reports"."domestic_sponsorship_vnd" >= 0 AND "associations"."financial_reports"."foreign_aid_vnd" >= 0)
);
--> statement-breakpoint
CREATE TABLE "associations"."inspections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."inspections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"inspected_on" date NOT NULL,
	"inspecting_agency_code" text NOT NULL,
	"findings" text NOT NULL,
	"sanction" "associations"."inspection_sanction" NOT NULL,
	"fine_vnd" bigint,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associations"."mutation_requests" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"operation" text NOT NULL,
	"input_hash" text NOT NULL,
	"subject" text,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associations"."organization_leaders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."organization_leaders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"position" text NOT NULL,
	"full_name" text NOT NULL,
	"phone" text,
	"email" text,
	"term_start" date NOT NULL,
	"term_end" date,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associations"."organization_statuses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "associations"."organization_statuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"status" "associations"."organization_status" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"decision_number" text,
	"reason" text,
	"merged_into" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "organization_statuses_period_check" CHECK ("associations"."organization_statuses"."valid_to" IS NULL OR "associations"."organization_statuses"."valid_to" > "associations"."organization_statuses"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "associations"."organizations" (
	"registration_number" text PRIMARY KEY NOT NULL,
	"kind" "associations"."organization_kind" NOT NULL,
	"name" text NOT NULL,
	"abbreviation" text,
	"english_name" text,
	"search_key" text NOT NULL,
	"scope" "associations"."organization_scope" NOT NULL,
	"licensing_level" "associations"."licensing_level" NOT NULL,
	"licensing_agency_code" text NOT NULL,
	"seat_code" text NOT NULL,
	"seat_district_code" text,
	"seat_province_code" text NOT NULL,
	"seat_current_code" text NOT NULL,
	"seat_current_province_code" text NOT NULL,
	"field_of_activity" "associations"."field_of_activity" NOT NULL,
	"founded_on" date NOT NULL,
	"registered_on" date NOT NULL,
	"ended_on" date,
	"policy_advisory" boolean DEFAULT false NOT NULL,
	"special_character" boolean DEFAULT false NOT NULL,
	"member_count" integer,
	"founding_assets_vnd" bigint,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "organizations_dates_check" CHECK ("associations"."organizations"."founded_on" <= "associations"."organizations"."registered_on" AND ("associations"."organizations"."ended_on" IS NULL OR "associations"."organizations"."ended_on" > "associations"."organizations"."registered_on")),
	CONSTRAINT "organizations_licensing_check" CHECK (("associations"."organizations"."scope" IN ('NATIONWIDE', 'INTER_PROVINCIAL') AND "associations"."organizations"."licensing_level" = 'MINISTRY')
        OR ("associations"."organizations"."scope" = 'PROVINCIAL' AND "associations"."organizations"."licensing_level" = 'PROVINCIAL_PEOPLES_COMMITTEE')
        OR ("associations"."organizations"."scope" = 'COMMUNE' AND "associations"."organizations"."licensing_level" = 'COMMUNE_PEOPLES_COMMITTEE'))
);
--> statement-breakpoint
CREATE TABLE "associations"."unit_directory" (
	"snapshot" text NOT NULL,
	"code" text NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"search_name" text NOT NULL,
	"parent_code" text,
	"province_code" text NOT NULL,
	"current_code" text,
	"current_province_code" text,
	CONSTRAINT "unit_directory_snapshot_code_pk" PRIMARY KEY("snapshot","code"),
	CONSTRAINT "unit_directory_snapshot_check" CHECK ("associations"."unit_directory"."snapshot" IN ('OLD', 'CURRENT'))
);
--> statement-breakpoint
ALTER TABLE "associations"."affiliated_entities" ADD CONSTRAINT "affiliated_entities_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associations"."charters" ADD CONSTRAINT "charters_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associations"."financial_reports" ADD CONSTRAINT "financial_reports_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associations"."inspections" ADD CONSTRAINT "inspections_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associations"."organization_leaders" ADD CONSTRAINT "organization_leaders_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associations"."organization_statuses" ADD CONSTRAINT "organization_statuses_registration_number_organizations_registration_number_fk" FOREIGN KEY ("registration_number") REFERENCES "associations"."organizations"("registration_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affiliated_entities_registration_number_idx" ON "associations"."affiliated_entities" USING btree ("registration_number");--> statement-breakpoint
CREATE INDEX "change_history_entity_idx" ON "associations"."change_history" USING btree ("entity","entity_key");--> statement-breakpoint
CREATE INDEX "inspections_registration_number_idx" ON "associations"."inspections" USING btree ("registration_number");--> statement-breakpoint
CREATE INDEX "organization_leaders_registration_number_idx" ON "associations"."organization_leaders" USING btree ("registration_number");--> statement-breakpoint
CREATE INDEX "organization_statuses_registration_number_idx" ON "associations"."organization_statuses" USING btree ("registration_number","valid_from");--> statement-breakpoint
CREATE INDEX "organizations_seat_code_idx" ON "associations"."organizations" USING btree ("seat_code");--> statement-breakpoint
CREATE INDEX "organizations_seat_current_code_idx" ON "associations"."organizations" USING btree ("seat_current_code");--> statement-breakpoint
CREATE INDEX "organizations_seat_district_code_idx" ON "associations"."organizations" USING btree ("seat_district_code");
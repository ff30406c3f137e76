CREATE SCHEMA "personnel";
--> statement-breakpoint
CREATE TYPE "personnel"."agency_kind" AS ENUM('MINISTRY', 'MINISTRY_LEVEL_AGENCY', 'GOVERNMENT_AGENCY', 'PROVINCIAL_PEOPLES_COMMITTEE', 'PROVINCIAL_DEPARTMENT', 'DISTRICT_PEOPLES_COMMITTEE', 'COMMUNE_PEOPLES_COMMITTEE', 'PUBLIC_SERVICE_UNIT');--> statement-breakpoint
CREATE TYPE "personnel"."agency_level" AS ENUM('CENTRAL', 'PROVINCIAL', 'DISTRICT', 'COMMUNE');--> statement-breakpoint
CREATE TYPE "personnel"."agency_status" AS ENUM('ACTIVE', 'MERGED', 'DISSOLVED');--> statement-breakpoint
CREATE TYPE "personnel"."separation_reason" AS ENUM('EARLY_RETIREMENT', 'RESIGNATION', 'TERM_NOT_CONTINUED', 'NOT_REAPPOINTED');--> statement-breakpoint
CREATE TYPE "personnel"."specialist_field" AS ENUM('LAND_ADMINISTRATION', 'CONSTRUCTION', 'HEALTH', 'EDUCATION', 'INFORMATION_TECHNOLOGY', 'FINANCE', 'JUSTICE', 'AGRICULTURE_ENVIRONMENT');--> statement-breakpoint
CREATE TYPE "personnel"."staffing_category" AS ENUM('CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'COMMUNE_CADRE', 'CONTRACT_LABOUR');--> statement-breakpoint
CREATE TYPE "personnel"."staffing_period" AS ENUM('P2022_2026', 'P2026_2031');--> statement-breakpoint
CREATE TABLE "personnel"."agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "personnel"."agency_kind" NOT NULL,
	"level" "personnel"."agency_level" NOT NULL,
	"parent_code" text,
	"unit_code" text,
	"province_code" text,
	"status" "personnel"."agency_status" DEFAULT 'ACTIVE' NOT NULL,
	"established_on" date,
	"ended_on" date,
	"successor_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "agencies_dates_check" CHECK ("personnel"."agencies"."ended_on" IS NULL OR "personnel"."agencies"."established_on" IS NULL OR "personnel"."agencies"."ended_on" > "personnel"."agencies"."established_on"),
	CONSTRAINT "agencies_status_check" CHECK (("personnel"."agencies"."status" = 'ACTIVE') = ("personnel"."agencies"."ended_on" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "personnel"."agency_status_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personnel"."agency_status_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_code" text NOT NULL,
	"status" "personnel"."agency_status" NOT NULL,
	"effective_date" date NOT NULL,
	"successor_code" text,
	"basis" text
);
--> statement-breakpoint
CREATE TABLE "personnel"."headcount_snapshots" (
	"agency_code" text NOT NULL,
	"category" "personnel"."staffing_category" NOT NULL,
	"as_of" date NOT NULL,
	"headcount" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "headcount_snapshots_agency_code_category_as_of_pk" PRIMARY KEY("agency_code","category","as_of"),
	CONSTRAINT "headcount_snapshots_headcount_check" CHECK ("personnel"."headcount_snapshots"."headcount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "personnel"."history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personnel"."history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"operation" text NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "personnel"."idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"operation" text NOT NULL,
	"input_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personnel"."separations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personnel"."separations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_code" text NOT NULL,
	"province_code" text,
	"reason" "personnel"."separation_reason" NOT NULL,
	"category" "personnel"."staffing_category" NOT NULL,
	"effective_date" date NOT NULL,
	"benefit_amount" bigint NOT NULL,
	"full_name" text NOT NULL,
	"national_id" text NOT NULL,
	"birth_date" date NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "separations_benefit_amount_check" CHECK ("personnel"."separations"."benefit_amount" >= 0),
	CONSTRAINT "separations_national_id_check" CHECK ("personnel"."separations"."national_id" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "personnel"."specialist_coverage" (
	"unit_code" text NOT NULL,
	"field" "personnel"."specialist_field" NOT NULL,
	"required" integer NOT NULL,
	"assigned" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "specialist_coverage_unit_code_field_pk" PRIMARY KEY("unit_code","field"),
	CONSTRAINT "specialist_coverage_counts_check" CHECK ("personnel"."specialist_coverage"."required" >= 0 AND "personnel"."specialist_coverage"."assigned" >= 0)
);
--> statement-breakpoint
CREATE TABLE "personnel"."staffing_quotas" (
	"agency_code" text NOT NULL,
	"period" "personnel"."staffing_period" NOT NULL,
	"category" "personnel"."staffing_category" NOT NULL,
	"amount" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "staffing_quotas_agency_code_period_category_pk" PRIMARY KEY("agency_code","period","category"),
	CONSTRAINT "staffing_quotas_amount_check" CHECK ("personnel"."staffing_quotas"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "personnel"."unit_directory" (
	"as_of" date NOT NULL,
	"code" text NOT NULL,
	"level" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"parent_code" text,
	"province_code" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"current_codes" text[] NOT NULL,
	CONSTRAINT "unit_directory_as_of_code_pk" PRIMARY KEY("as_of","code")
);
--> statement-breakpoint
CREATE INDEX "agencies_parent_code_idx" ON "personnel"."agencies" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "agencies_unit_code_idx" ON "personnel"."agencies" USING btree ("unit_code");--> statement-breakpoint
CREATE INDEX "agencies_kind_idx" ON "personnel"."agencies" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "agency_status_changes_agency_code_idx" ON "personnel"."agency_status_changes" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "history_entity_idx" ON "personnel"."history" USING btree ("entity","entity_key");--> statement-breakpoint
CREATE INDEX "separations_agency_code_idx" ON "personnel"."separations" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "separations_province_code_idx" ON "personnel"."separations" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "unit_directory_province_code_idx" ON "personnel"."unit_directory" USING btree ("as_of","province_code");
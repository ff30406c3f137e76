CREATE SCHEMA "units";
--> statement-breakpoint
CREATE TYPE "units"."transition_share" AS ENUM('WHOLE', 'PART');--> statement-breakpoint
CREATE TYPE "units"."unit_level" AS ENUM('PROVINCE', 'DISTRICT', 'COMMUNE');--> statement-breakpoint
CREATE TYPE "units"."unit_type" AS ENUM('CENTRALLY_RUN_CITY', 'PROVINCE', 'URBAN_DISTRICT', 'RURAL_DISTRICT', 'DISTRICT_LEVEL_TOWN', 'PROVINCIAL_CITY', 'MUNICIPAL_CITY', 'WARD', 'COMMUNE', 'COMMUNE_LEVEL_TOWN', 'SPECIAL_ZONE');--> statement-breakpoint
CREATE TABLE "units"."administrative_units" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units"."administrative_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"level" "units"."unit_level" NOT NULL,
	"type" "units"."unit_type" NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"search_key" text NOT NULL,
	"parent_code" text,
	"province_code" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"source" text NOT NULL,
	CONSTRAINT "administrative_units_code_valid_from_key" UNIQUE NULLS NOT DISTINCT("code","valid_from"),
	CONSTRAINT "administrative_units_validity_check" CHECK ("units"."administrative_units"."valid_to" IS NULL OR "units"."administrative_units"."valid_from" IS NULL OR "units"."administrative_units"."valid_to" > "units"."administrative_units"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "units"."change_sets" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"resolution" text,
	"effective_date" date NOT NULL,
	"checksum" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units"."import_defects" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units"."import_defects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"run_id" integer NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"record_key" text NOT NULL,
	"detail" text NOT NULL,
	"action" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units"."import_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units"."import_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sources" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units"."unit_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units"."unit_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"predecessor_code" text NOT NULL,
	"successor_code" text NOT NULL,
	"effective_date" date NOT NULL,
	"share" "units"."transition_share" NOT NULL,
	"resolution" text,
	"source" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "units"."import_defects" ADD CONSTRAINT "import_defects_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "units"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "administrative_units_parent_code_idx" ON "units"."administrative_units" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "administrative_units_province_code_idx" ON "units"."administrative_units" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "administrative_units_level_type_idx" ON "units"."administrative_units" USING btree ("level","type");--> statement-breakpoint
CREATE INDEX "import_defects_run_idx" ON "units"."import_defects" USING btree ("run_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_transitions_pair_key" ON "units"."unit_transitions" USING btree ("predecessor_code","successor_code","effective_date");--> statement-breakpoint
CREATE INDEX "unit_transitions_successor_idx" ON "units"."unit_transitions" USING btree ("successor_code","effective_date");
CREATE TABLE "units"."idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"operation" text NOT NULL,
	"input_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units"."unit_corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units"."unit_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"operation" text NOT NULL,
	"subject" text,
	"legal_basis" text NOT NULL,
	"effective_date" date NOT NULL,
	"source" text NOT NULL,
	"input" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "unit_corrections_effective_date_idx" ON "units"."unit_corrections" USING btree ("effective_date");--> statement-breakpoint
-- The history of corrections is append-only: writes add rows, nothing changes or removes them.
CREATE FUNCTION "units"."unit_corrections_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'units.unit_corrections is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "unit_corrections_append_only"
  BEFORE UPDATE OR DELETE ON "units"."unit_corrections"
  FOR EACH ROW EXECUTE FUNCTION "units"."unit_corrections_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "unit_corrections_no_truncate"
  BEFORE TRUNCATE ON "units"."unit_corrections"
  FOR EACH STATEMENT EXECUTE FUNCTION "units"."unit_corrections_refuse_change"();

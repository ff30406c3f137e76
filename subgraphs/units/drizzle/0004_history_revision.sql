CREATE TABLE "units"."history_revision" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"revision" bigint NOT NULL,
	"transaction_id" text NOT NULL,
	CONSTRAINT "history_revision_singleton_check" CHECK ("units"."history_revision"."singleton")
);
--> statement-breakpoint
-- Every statement that writes the unit versions or the lineage rewrites the one revision row, in
-- its own transaction, so the revision a reader sees changes exactly when what it reads may have.
-- The trigger takes the history lock first (`units:history`, as record_unit_changes and the
-- writers do), so that writers always lock in the same order and never deadlock on this row.
CREATE FUNCTION "units"."bump_history_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('units:history'));
  INSERT INTO "units"."history_revision" ("singleton", "revision", "transaction_id")
  VALUES (true, 1, pg_current_xact_id()::text)
  ON CONFLICT ("singleton") DO UPDATE
    SET "revision" = "units"."history_revision"."revision" + 1,
      "transaction_id" = EXCLUDED."transaction_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
INSERT INTO "units"."history_revision" ("singleton", "revision", "transaction_id")
VALUES (true, 1, pg_current_xact_id()::text);
--> statement-breakpoint
CREATE TRIGGER "administrative_units_revised" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON "units"."administrative_units" FOR EACH STATEMENT EXECUTE FUNCTION "units"."bump_history_revision"();
--> statement-breakpoint
CREATE TRIGGER "unit_transitions_revised" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON "units"."unit_transitions" FOR EACH STATEMENT EXECUTE FUNCTION "units"."bump_history_revision"();

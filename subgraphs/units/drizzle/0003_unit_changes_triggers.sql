-- The feed of unit changes (units.unit_changes) is written by these triggers, so that every write
-- to the versions and the lineage, by whatever path, records the codes and dates it touched. Each
-- trigger first takes the advisory lock every writer of unit history takes (`units:history`,
-- lockUnitHistory: change sets and corrections), so the feed's ids are allocated in commit order: a reader that has
-- seen id N never sees a smaller id appear later.
CREATE FUNCTION "units"."record_unit_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx text := pg_current_xact_id()::text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('units:history'));
  IF TG_TABLE_NAME = 'administrative_units' AND TG_OP = 'INSERT' THEN
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, touched.day
    FROM new_rows n CROSS JOIN LATERAL (VALUES (n.code, n.valid_from), (n.code, n.valid_to)) AS touched(code, day)
    WHERE touched.day IS NOT NULL
      -- Cheaper than a conflict: an import's statements touch the same codes and day again.
      AND NOT EXISTS (SELECT 1 FROM "units"."unit_changes" u
        WHERE u.transaction_id = tx AND u.code = touched.code AND u.effective_date = touched.day)
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'administrative_units' AND TG_OP = 'UPDATE' THEN
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, touched.day
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    -- A version closed (or reopened) touches its code on the old and new end dates; a version
    -- whose content was corrected in place touches both ends of its period.
    CROSS JOIN LATERAL (SELECT (o.code, o.level, o.type, o.name, o.full_name, o.parent_code, o.province_code)
      IS DISTINCT FROM (n.code, n.level, n.type, n.name, n.full_name, n.parent_code, n.province_code) AS content) AS changed
    CROSS JOIN LATERAL (VALUES
      (o.code, o.valid_from, changed.content OR o.valid_from IS DISTINCT FROM n.valid_from),
      (n.code, n.valid_from, changed.content OR o.valid_from IS DISTINCT FROM n.valid_from),
      (o.code, o.valid_to, changed.content OR o.valid_to IS DISTINCT FROM n.valid_to),
      (n.code, n.valid_to, changed.content OR o.valid_to IS DISTINCT FROM n.valid_to)) AS touched(code, day, touched)
    WHERE touched.day IS NOT NULL AND touched.touched
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'administrative_units' AND TG_OP = 'DELETE' THEN
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, touched.day
    FROM old_rows o CROSS JOIN LATERAL (VALUES (o.code, o.valid_from), (o.code, o.valid_to)) AS touched(code, day)
    WHERE touched.day IS NOT NULL
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, n.effective_date
    FROM new_rows n CROSS JOIN LATERAL (VALUES (n.predecessor_code), (n.successor_code)) AS touched(code)
    WHERE NOT EXISTS (SELECT 1 FROM "units"."unit_changes" u
      WHERE u.transaction_id = tx AND u.code = touched.code AND u.effective_date = n.effective_date)
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, touched.day
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.predecessor_code, o.effective_date), (o.successor_code, o.effective_date),
      (n.predecessor_code, n.effective_date), (n.successor_code, n.effective_date)) AS touched(code, day)
    WHERE ROW(o.*) IS DISTINCT FROM ROW(n.*)
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO "units"."unit_changes" ("transaction_id", "code", "effective_date")
    SELECT DISTINCT tx, touched.code, o.effective_date
    FROM old_rows o CROSS JOIN LATERAL (VALUES (o.predecessor_code), (o.successor_code)) AS touched(code)
    ORDER BY 3, 2
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "administrative_units_inserted" AFTER INSERT ON "units"."administrative_units"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();
--> statement-breakpoint
CREATE TRIGGER "administrative_units_updated" AFTER UPDATE ON "units"."administrative_units"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();
--> statement-breakpoint
CREATE TRIGGER "administrative_units_deleted" AFTER DELETE ON "units"."administrative_units"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();
--> statement-breakpoint
CREATE TRIGGER "unit_transitions_inserted" AFTER INSERT ON "units"."unit_transitions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();
--> statement-breakpoint
CREATE TRIGGER "unit_transitions_updated" AFTER UPDATE ON "units"."unit_transitions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();
--> statement-breakpoint
CREATE TRIGGER "unit_transitions_deleted" AFTER DELETE ON "units"."unit_transitions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "units"."record_unit_changes"();

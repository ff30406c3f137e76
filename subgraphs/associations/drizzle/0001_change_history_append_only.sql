-- The change history is append-only: writes add rows, nothing changes or removes them.
CREATE FUNCTION "associations"."change_history_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'associations.change_history is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "change_history_append_only"
  BEFORE UPDATE OR DELETE ON "associations"."change_history"
  FOR EACH ROW EXECUTE FUNCTION "associations"."change_history_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "change_history_no_truncate"
  BEFORE TRUNCATE ON "associations"."change_history"
  FOR EACH STATEMENT EXECUTE FUNCTION "associations"."change_history_refuse_change"();

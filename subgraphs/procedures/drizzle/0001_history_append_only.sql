-- The history of changes is append-only: rows can be inserted, never changed or removed.
CREATE FUNCTION "procedures"."history_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'procedures.history is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "history_append_only"
  BEFORE UPDATE OR DELETE ON "procedures"."history"
  FOR EACH ROW EXECUTE FUNCTION "procedures"."history_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "history_no_truncate"
  BEFORE TRUNCATE ON "procedures"."history"
  FOR EACH STATEMENT EXECUTE FUNCTION "procedures"."history_refuse_change"();

-- The history of changes is append-only: the subgraph can insert rows but never change or
-- remove them.
CREATE FUNCTION "personnel"."history_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'personnel.history is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "history_append_only"
  BEFORE UPDATE OR DELETE ON "personnel"."history"
  FOR EACH ROW EXECUTE FUNCTION "personnel"."history_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "history_no_truncate"
  BEFORE TRUNCATE ON "personnel"."history"
  FOR EACH STATEMENT EXECUTE FUNCTION "personnel"."history_refuse_change"();

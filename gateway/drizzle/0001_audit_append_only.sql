-- The audit log is append-only: the gateway's role can insert rows but never change or remove
-- them. The hash chain still detects tampering by someone who can bypass this trigger.
CREATE FUNCTION "gateway"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'gateway.audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "gateway"."audit_log"
  FOR EACH ROW EXECUTE FUNCTION "gateway"."audit_log_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "gateway"."audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "gateway"."audit_log_refuse_change"();

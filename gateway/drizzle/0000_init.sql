CREATE SCHEMA "gateway";
--> statement-breakpoint
CREATE TABLE "gateway"."audit_log" (
	"sequence" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"subject" text,
	"role" text NOT NULL,
	"token_id" text,
	"client_name" text,
	"operation_type" text,
	"operation_name" text,
	"document_hash" text,
	"variables" text NOT NULL,
	"subgraphs" text[] NOT NULL,
	"outcome" text NOT NULL,
	"error_codes" text[] NOT NULL,
	"duration_ms" integer NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_outcome_check" CHECK ("gateway"."audit_log"."outcome" IN ('ok', 'partial', 'error', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "gateway"."issued_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"role" text NOT NULL,
	"subgraph" text,
	"province" text,
	"scopes" text[] NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway"."revoked_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_at_idx" ON "gateway"."audit_log" USING btree ("subject","at");--> statement-breakpoint
CREATE INDEX "revoked_tokens_expires_at_idx" ON "gateway"."revoked_tokens" USING btree ("expires_at");
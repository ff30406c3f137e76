CREATE TABLE "gateway"."operation_documents" (
	"document_hash" text PRIMARY KEY NOT NULL,
	"document" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL
);

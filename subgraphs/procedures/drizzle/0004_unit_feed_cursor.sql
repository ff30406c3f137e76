CREATE TABLE "procedures"."unit_feed_cursor" (
	"feed" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"applied" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

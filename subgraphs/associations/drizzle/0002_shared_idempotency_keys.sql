ALTER TABLE "associations"."mutation_requests" RENAME TO "idempotency_keys";--> statement-breakpoint
ALTER TABLE "associations"."idempotency_keys" RENAME COLUMN "idempotency_key" TO "key";--> statement-breakpoint
CREATE INDEX "organization_statuses_merged_into_idx" ON "associations"."organization_statuses" USING btree ("merged_into");--> statement-breakpoint
ALTER TABLE "associations"."idempotency_keys" DROP COLUMN "subject";
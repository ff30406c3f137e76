CREATE TABLE "procedures"."procedure_publications" (
	"province_code" text NOT NULL,
	"procedure_code" text NOT NULL,
	"effective_on" date NOT NULL,
	"published_on" date,
	"synthetic" boolean NOT NULL,
	CONSTRAINT "procedure_publications_province_code_procedure_code_effective_on_pk" PRIMARY KEY("province_code","procedure_code","effective_on")
);
--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "digitized" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "fee_payable" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "paid_online" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "result_digitized" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "rated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossier_statistics" ADD COLUMN "satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD COLUMN "digitized" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD COLUMN "fee_payable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD COLUMN "fee_paid_online" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD COLUMN "result_digitized" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD COLUMN "satisfaction" smallint;--> statement-breakpoint
ALTER TABLE "procedures"."procedure_publications" ADD CONSTRAINT "procedure_publications_procedure_code_procedures_code_fk" FOREIGN KEY ("procedure_code") REFERENCES "procedures"."procedures"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD CONSTRAINT "dossiers_satisfaction_check" CHECK ("procedures"."dossiers"."satisfaction" IS NULL OR "procedures"."dossiers"."satisfaction" BETWEEN 1 AND 5);--> statement-breakpoint
ALTER TABLE "procedures"."dossiers" ADD CONSTRAINT "dossiers_fee_paid_online_check" CHECK (NOT "procedures"."dossiers"."fee_paid_online" OR "procedures"."dossiers"."fee_payable");
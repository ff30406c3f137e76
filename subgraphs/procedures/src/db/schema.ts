import { historyEntryColumns } from '@home-affairs/db';
import { idempotencyKeysTable } from '@home-affairs/idempotency';
import { unitFeedCursorTable } from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The procedures subgraph owns this Postgres schema and nothing outside it. */
export const proceduresSchema = pgSchema('procedures');

/** Tier of government that implements a procedure (cấp thực hiện). */
export const procedureLevel = proceduresSchema.enum('procedure_level', [
  'CENTRAL',
  'PROVINCE',
  'DISTRICT',
  'COMMUNE',
]);

/** Kind of agency competent to settle a procedure at its level. */
export const procedureAgencyKind = proceduresSchema.enum('procedure_agency_kind', [
  'MINISTRY',
  'PROVINCIAL_PEOPLES_COMMITTEE',
  'PROVINCIAL_HOME_AFFAIRS_DEPARTMENT',
  'DISTRICT_PEOPLES_COMMITTEE',
  'COMMUNE_PEOPLES_COMMITTEE',
]);

/** How far a procedure can be done online (dịch vụ công trực tuyến toàn trình / một phần). */
export const procedureOnlineAvailability = proceduresSchema.enum('procedure_online_availability', [
  'FULL',
  'PARTIAL',
  'NONE',
]);

/** State of a procedure in the catalogue. */
export const procedureStatus = proceduresSchema.enum('procedure_status', [
  'IN_FORCE',
  'AMENDED',
  'SIMPLIFIED',
  'ABOLISHED',
]);

/** How a dossier reached the office. */
export const dossierChannel = proceduresSchema.enum('dossier_channel', [
  'ONLINE',
  'IN_PERSON',
  'POSTAL',
]);

/** Where a dossier stands. */
export const dossierOutcome = proceduresSchema.enum('dossier_outcome', [
  'PENDING',
  'ON_TIME',
  'LATE',
  'RETURNED',
  'WITHDRAWN',
]);

/** Field (lĩnh vực) of procedures, with the ministry that governs it. */
export const procedureFields = proceduresSchema.table('procedure_fields', {
  code: text().primaryKey(),
  name: text().notNull(),
  /** Agency code of the governing ministry (`BNV`). */
  ministryCode: text('ministry_code').notNull(),
  synthetic: boolean().notNull(),
});

/** One administrative procedure (thủ tục hành chính) of the national catalogue. */
export const procedures = proceduresSchema.table(
  'procedures',
  {
    /** Code in the national procedure database, e.g. `1.004194`. */
    code: text().primaryKey(),
    name: text().notNull(),
    fieldCode: text('field_code')
      .notNull()
      .references(() => procedureFields.code),
    processingDays: integer('processing_days').notNull(),
    /** Fee in đồng; 0 when free. */
    feeVnd: integer('fee_vnd').notNull(),
    onlineAvailability: procedureOnlineAvailability('online_availability').notNull(),
    legalBasis: text('legal_basis').notNull(),
    synthetic: boolean().notNull(),
  },
  (table) => [
    index('procedures_field_idx').on(table.fieldCode),
    check('procedures_processing_days_check', sql`${table.processingDays} > 0`),
  ],
);

/** Dated status history of a procedure: the row in force on a day is its status that day. */
export const procedureStatusChanges = proceduresSchema.table(
  'procedure_status_changes',
  {
    procedureCode: text('procedure_code')
      .notNull()
      .references(() => procedures.code),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    status: procedureStatus().notNull(),
    /** The decision that published the change. */
    decision: text().notNull(),
  },
  (table) => [primaryKey({ columns: [table.procedureCode, table.effectiveOn] })],
);

/**
 * Which level implements a procedure, and by which kind of agency, over a validity period: the
 * two-tier model moved district procedures to communes or provinces on 2025-07-01.
 */
export const procedureLevels = proceduresSchema.table(
  'procedure_levels',
  {
    procedureCode: text('procedure_code')
      .notNull()
      .references(() => procedures.code),
    level: procedureLevel().notNull(),
    agencyKind: procedureAgencyKind('agency_kind').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    /** First day no longer implemented there; null while it is. */
    validTo: date('valid_to', { mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.procedureCode, table.level, table.agencyKind] }),
    index('procedure_levels_agency_idx').on(table.agencyKind, table.level),
  ],
);

/**
 * The administrative units this subgraph has seen, read from the units subgraph (never imported
 * from it): each code with the unit in force today that carries it on, so that dossiers of old
 * units count under their successors.
 */
export const unitDirectory = proceduresSchema.table(
  'unit_directory',
  {
    code: text().primaryKey(),
    level: procedureLevel().notNull(),
    name: text().notNull(),
    provinceCode: text('province_code').notNull(),
    /** First day in force; null when it predates the recorded history. */
    validFrom: date('valid_from', { mode: 'string' }),
    /** First day no longer in force; null while it is. */
    validTo: date('valid_to', { mode: 'string' }),
    /** The commune-level or provincial unit in force today that its dossiers count under. */
    currentCode: text('current_code').notNull(),
    /** The province in force today of `currentCode`. */
    currentProvinceCode: text('current_province_code').notNull(),
  },
  (table) => [index('unit_directory_current_province_idx').on(table.currentProvinceCode)],
);

/**
 * Vietnam's working-day calendar: weekends and public holidays (Labour Code 2019 art. 112, with
 * each year's announced Tết and National Day days) are not working days.
 */
export const workingDays = proceduresSchema.table(
  'working_days',
  {
    day: date({ mode: 'string' }).primaryKey(),
    working: boolean().notNull(),
    /** Working days from the calendar's first day up to and including this one. */
    ordinal: integer().notNull(),
    /** Why a weekday is not a working day, or why a weekend day is one. */
    note: text(),
  },
  (table) => [
    uniqueIndex('working_days_ordinal_key').on(table.ordinal).where(sql`${table.working}`),
  ],
);

/** One dossier (hồ sơ) filed against a procedure. */
export const dossiers = proceduresSchema.table(
  'dossiers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    procedureCode: text('procedure_code').notNull(),
    /** The unit whose one-stop shop received it, as it was on the day. */
    unitCode: text('unit_code').notNull(),
    /** The unit in force today that the dossier counts under (`unit_directory.current_code`). */
    attributedUnitCode: text('attributed_unit_code').notNull(),
    /** The province in force today of the attributed unit. */
    provinceCode: text('province_code').notNull(),
    /** The procedure's field, copied so that rollups need no join. */
    fieldCode: text('field_code').notNull(),
    channel: dossierChannel().notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** Day it was resolved, returned or withdrawn; null while pending. */
    closedOn: date('closed_on', { mode: 'string' }),
    outcome: dossierOutcome().notNull(),
    returnReason: text('return_reason'),
    apologyIssuedOn: date('apology_issued_on', { mode: 'string' }),
    apologyReason: text('apology_reason'),
    /** The new appointment the apology letter gives. */
    apologyNewDueOn: date('apology_new_due_on', { mode: 'string' }),
    /** Its papers were digitised when it was received (số hóa hồ sơ; an online filing always is). */
    digitized: boolean().notNull().default(false),
    /** The procedure charged a fee when it was received (lệ phí, phí). */
    feePayable: boolean('fee_payable').notNull().default(false),
    /** The fee was paid online (thanh toán trực tuyến). */
    feePaidOnline: boolean('fee_paid_online').notNull().default(false),
    /** The result was issued digitised (kết quả giải quyết được số hóa); resolved dossiers only. */
    resultDigitized: boolean('result_digitized').notNull().default(false),
    /** The applicant's rating, 1 (very dissatisfied) to 5 (very satisfied); null when not rated. */
    satisfaction: smallint(),
    synthetic: boolean().notNull(),
  },
  (table) => [
    check(
      'dossiers_satisfaction_check',
      sql`${table.satisfaction} IS NULL OR ${table.satisfaction} BETWEEN 1 AND 5`,
    ),
    check('dossiers_fee_paid_online_check', sql`NOT ${table.feePaidOnline} OR ${table.feePayable}`),
    check(
      'dossiers_closed_after_receipt_check',
      sql`${table.closedOn} IS NULL OR ${table.closedOn} >= ${table.receivedOn}`,
    ),
    check(
      'dossiers_outcome_closed_check',
      sql`(${table.outcome} = 'PENDING') = (${table.closedOn} IS NULL)`,
    ),
  ],
);

/**
 * Daily and monthly counters of dossier events per attributed unit (commune and province alike),
 * field and procedure, with '' standing for "all" in `fieldCode` and `procedureCode`. Kept exact
 * in the same transaction as every dossier write; statistics read only this table.
 */
export const dossierStatistics = proceduresSchema.table(
  'dossier_statistics',
  {
    unitCode: text('unit_code').notNull(),
    fieldCode: text('field_code').notNull(),
    procedureCode: text('procedure_code').notNull(),
    /** `D` for a day, `M` for a month (then `period` is its first day). */
    grain: char({ length: 1 }).notNull(),
    period: date({ mode: 'string' }).notNull(),
    received: integer().notNull().default(0),
    receivedOnline: integer('received_online').notNull().default(0),
    receivedPostal: integer('received_postal').notNull().default(0),
    resolvedOnTime: integer('resolved_on_time').notNull().default(0),
    resolvedLate: integer('resolved_late').notNull().default(0),
    returned: integer().notNull().default(0),
    withdrawn: integer().notNull().default(0),
    /** Dossiers still open at the end of their due day, counted on the day after it. */
    becameOverdue: integer('became_overdue').notNull().default(0),
    /** Overdue dossiers closed, counted on the day they were closed. */
    overdueClosed: integer('overdue_closed').notNull().default(0),
    /** Overdue dossiers with an apology letter, counted on the day after the due day. */
    apologized: integer().notNull().default(0),
    /** Received with their papers digitised, on the receipt day. */
    digitized: integer().notNull().default(0),
    /** Received for a procedure with a fee, on the receipt day. */
    feePayable: integer('fee_payable').notNull().default(0),
    /** Of those, fee paid online, on the receipt day. */
    paidOnline: integer('paid_online').notNull().default(0),
    /** Resolved with a digitised result, on the closing day. */
    resultDigitized: integer('result_digitized').notNull().default(0),
    /** Resolved and rated by the applicant, on the closing day. */
    rated: integer().notNull().default(0),
    /** Of those, rated satisfied (4 or 5), on the closing day. */
    satisfied: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({
      columns: [table.unitCode, table.fieldCode, table.procedureCode, table.grain, table.period],
    }),
    check('dossier_statistics_grain_check', sql`${table.grain} IN ('D', 'M')`),
  ],
);

/**
 * When each province published each change of a procedure (its entry into force, amendments, the
 * two-tier level changes) in its public list of procedures, against the day the change took
 * effect: the "published and updated on time" criterion of the service index (Decision 766).
 */
export const procedurePublications = proceduresSchema.table(
  'procedure_publications',
  {
    provinceCode: text('province_code').notNull(),
    procedureCode: text('procedure_code')
      .notNull()
      .references(() => procedures.code),
    /** The day the change took effect. */
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** The day the province published it; null while it has not. */
    publishedOn: date('published_on', { mode: 'string' }),
    synthetic: boolean().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.provinceCode, table.procedureCode, table.effectiveOn] }),
  ],
);

/** Idempotency keys of the writes (the shared protocol of @home-affairs/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(proceduresSchema);

/** Append-only record of every change (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export const history = proceduresSchema.table(
  'history',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** The identity subject of the writer. */
    actor: text().notNull(),
    ...historyEntryColumns(),
  },
  (table) => [index('history_entity_idx').on(table.entity, table.entityKey)],
);

/** A stored procedure. */
export type ProcedureRow = typeof procedures.$inferSelect;
/** A stored dossier. */
export type DossierRow = typeof dossiers.$inferSelect;
/** A stored directory unit. */
export type UnitDirectoryRow = typeof unitDirectory.$inferSelect;

/** Where this subgraph is in the units subgraph's feed of unit changes (ADR 0011). */
export const unitFeedCursor = unitFeedCursorTable(proceduresSchema);

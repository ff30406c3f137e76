import { historyEntryColumns } from '@home-affairs/db';
import { idempotencyKeysTable } from '@home-affairs/idempotency';
import { unitFeedCursorTable } from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** The personnel subgraph owns this Postgres schema and nothing outside it. */
export const personnelSchema = pgSchema('personnel');

/** What an agency is in the state apparatus. */
export const agencyKind = personnelSchema.enum('agency_kind', [
  'MINISTRY',
  'MINISTRY_LEVEL_AGENCY',
  'GOVERNMENT_AGENCY',
  'PROVINCIAL_PEOPLES_COMMITTEE',
  'PROVINCIAL_DEPARTMENT',
  'DISTRICT_PEOPLES_COMMITTEE',
  'COMMUNE_PEOPLES_COMMITTEE',
  'PUBLIC_SERVICE_UNIT',
]);

/** Tier of government an agency belongs to. */
export const agencyLevel = personnelSchema.enum('agency_level', [
  'CENTRAL',
  'PROVINCIAL',
  'DISTRICT',
  'COMMUNE',
]);

/** Whether an agency still works, or how it ended. */
export const agencyStatus = personnelSchema.enum('agency_status', [
  'ACTIVE',
  'MERGED',
  'DISSOLVED',
]);

/** Staffing period of the quota norms. */
export const staffingPeriod = personnelSchema.enum('staffing_period', ['P2022_2026', 'P2026_2031']);

/** Category of a staffing quota (biên chế). */
export const staffingCategory = personnelSchema.enum('staffing_category', [
  'CIVIL_SERVANT',
  'PUBLIC_EMPLOYEE',
  'COMMUNE_CADRE',
  'CONTRACT_LABOUR',
]);

/** Why a person left under Decree 178/2024/ND-CP. */
export const separationReason = personnelSchema.enum('separation_reason', [
  'EARLY_RETIREMENT',
  'RESIGNATION',
  'TERM_NOT_CONTINUED',
  'NOT_REAPPOINTED',
]);

/** Field of a commune's specialist staff. */
export const specialistField = personnelSchema.enum('specialist_field', [
  'LAND_ADMINISTRATION',
  'CONSTRUCTION',
  'HEALTH',
  'EDUCATION',
  'INFORMATION_TECHNOLOGY',
  'FINANCE',
  'JUSTICE',
  'AGRICULTURE_ENVIRONMENT',
]);

/**
 * This subgraph's copy of the administrative units, read from the units subgraph through the
 * graph: one row per unit and directory day (`2025-06-30` for the three tiers before the reform,
 * the day of the copy for the current list). Agencies and demo data are built from it.
 */
export const unitDirectory = personnelSchema.table(
  'unit_directory',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    code: text().notNull(),
    level: text().notNull(),
    type: text().notNull(),
    name: text().notNull(),
    fullName: text('full_name').notNull(),
    parentCode: text('parent_code'),
    provinceCode: text('province_code').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    /** Units in force on the day of the copy that carry this one on. */
    currentCodes: text('current_codes').array().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.asOf, table.code] }),
    index('unit_directory_province_code_idx').on(table.asOf, table.provinceCode),
  ],
);

/**
 * An agency: ministry, provincial people's committee or department, commune people's committee,
 * public service unit. `endedOn` and `successorCode` record a merger or dissolution.
 */
export const agencies = personnelSchema.table(
  'agencies',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    kind: agencyKind().notNull(),
    level: agencyLevel().notNull(),
    parentCode: text('parent_code'),
    /** The administrative unit served (statistics-office code); null for central agencies. */
    unitCode: text('unit_code'),
    /** Province of the agency, for province-restricted writers and aggregates; null if central. */
    provinceCode: text('province_code'),
    status: agencyStatus().notNull().default('ACTIVE'),
    /** First day in operation; null when it predates the recorded history. */
    establishedOn: date('established_on', { mode: 'string' }),
    /** First day no longer in operation; null while active. */
    endedOn: date('ended_on', { mode: 'string' }),
    successorCode: text('successor_code'),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    index('agencies_parent_code_idx').on(table.parentCode),
    index('agencies_unit_code_idx').on(table.unitCode),
    index('agencies_kind_idx').on(table.kind),
    check(
      'agencies_dates_check',
      sql`${table.endedOn} IS NULL OR ${table.establishedOn} IS NULL OR ${table.endedOn} > ${table.establishedOn}`,
    ),
    check('agencies_status_check', sql`(${table.status} = 'ACTIVE') = (${table.endedOn} IS NULL)`),
  ],
);

/** Dated status changes of agencies: establishment, merger, dissolution. */
export const agencyStatusChanges = personnelSchema.table(
  'agency_status_changes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    agencyCode: text('agency_code').notNull(),
    status: agencyStatus().notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    successorCode: text('successor_code'),
    /** Legal basis, e.g. `Decree 25/2025/ND-CP`. */
    basis: text(),
  },
  (table) => [index('agency_status_changes_agency_code_idx').on(table.agencyCode)],
);

/** The staffing quota (biên chế) an agency was allocated for a period and category. */
export const staffingQuotas = personnelSchema.table(
  'staffing_quotas',
  {
    agencyCode: text('agency_code').notNull(),
    period: staffingPeriod().notNull(),
    category: staffingCategory().notNull(),
    amount: integer().notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.agencyCode, table.period, table.category] }),
    check('staffing_quotas_amount_check', sql`${table.amount} >= 0`),
  ],
);

/** People actually employed by an agency in a category on a day. */
export const headcountSnapshots = personnelSchema.table(
  'headcount_snapshots',
  {
    agencyCode: text('agency_code').notNull(),
    category: staffingCategory().notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    headcount: integer().notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.agencyCode, table.category, table.asOf] }),
    check('headcount_snapshots_headcount_check', sql`${table.headcount} >= 0`),
  ],
);

/**
 * A person who left after restructuring, with the benefit paid under Decree 178/2024/ND-CP (as
 * amended by Decree 67/2025/ND-CP). Full name, ID number and birth date are personal data: served
 * only with `read:personal:personnel`, never logged, never copied into the history.
 */
export const separations = personnelSchema.table(
  'separations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    agencyCode: text('agency_code').notNull(),
    /** Province of the agency on the day, for the public aggregates; null for central ones. */
    provinceCode: text('province_code'),
    reason: separationReason().notNull(),
    category: staffingCategory().notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    /** Benefit paid, in Vietnamese đồng. */
    benefitAmount: bigint('benefit_amount', { mode: 'number' }).notNull(),
    fullName: text('full_name').notNull(),
    /** Citizen identity card number (CCCD), 12 digits. */
    nationalId: text('national_id').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    index('separations_agency_code_idx').on(table.agencyCode),
    index('separations_province_code_idx').on(table.provinceCode),
    check('separations_benefit_amount_check', sql`${table.benefitAmount} >= 0`),
    check('separations_national_id_check', sql`${table.nationalId} ~ '^[0-9]{12}$'`),
  ],
);

/** Specialists a commune-level unit needs and has, per field. */
export const specialistCoverage = personnelSchema.table(
  'specialist_coverage',
  {
    unitCode: text('unit_code').notNull(),
    field: specialistField().notNull(),
    required: integer().notNull(),
    assigned: integer().notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.unitCode, table.field] }),
    check(
      'specialist_coverage_counts_check',
      sql`${table.required} >= 0 AND ${table.assigned} >= 0`,
    ),
  ],
);

/** Every change written through the API: append-only (a trigger refuses UPDATE and DELETE). */
export const history = personnelSchema.table(
  'history',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** Token subject of the writer. */
    actor: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...historyEntryColumns(),
  },
  (table) => [index('history_entity_idx').on(table.entity, table.entityKey)],
);

/** Idempotency keys of mutations (the shared protocol of @home-affairs/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(personnelSchema);

/** Row types of the tables, as drizzle reads them. */
export type AgencyRow = typeof agencies.$inferSelect;
export type StaffingQuotaRow = typeof staffingQuotas.$inferSelect;
export type SeparationRow = typeof separations.$inferSelect;
export type SpecialistCoverageRow = typeof specialistCoverage.$inferSelect;

/** Where this subgraph is in the units subgraph's feed of unit changes (ADR 0011). */
export const unitFeedCursor = unitFeedCursorTable(personnelSchema);

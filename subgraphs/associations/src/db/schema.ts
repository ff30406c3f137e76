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
  unique,
} from 'drizzle-orm/pg-core';

/** The associations subgraph owns this Postgres schema and nothing outside it. */
export const associationsSchema = pgSchema('associations');

/** Association (hội), social fund (quỹ xã hội) or charity fund (quỹ từ thiện). */
export const organizationKind = associationsSchema.enum('organization_kind', [
  'ASSOCIATION',
  'SOCIAL_FUND',
  'CHARITY_FUND',
]);

/** Territory an organisation operates in; it decides who licenses it. */
export const organizationScope = associationsSchema.enum('organization_scope', [
  'NATIONWIDE',
  'INTER_PROVINCIAL',
  'PROVINCIAL',
  'COMMUNE',
]);

/** The tier of government that licensed the organisation. */
export const licensingLevel = associationsSchema.enum('licensing_level', [
  'MINISTRY',
  'PROVINCIAL_PEOPLES_COMMITTEE',
  'COMMUNE_PEOPLES_COMMITTEE',
]);

/** Legal status; DISSOLVED and MERGED are final. */
export const organizationStatus = associationsSchema.enum('organization_status', [
  'ACTIVE',
  'SUSPENDED',
  'DISSOLVED',
  'MERGED',
]);

/** Field of activity, as the registry classifies it. */
export const fieldOfActivity = associationsSchema.enum('field_of_activity', [
  'ECONOMY_AND_TRADE',
  'SCIENCE_AND_TECHNOLOGY',
  'CULTURE_AND_ARTS',
  'SPORTS',
  'EDUCATION',
  'HEALTH',
  'SOCIAL_AND_CHARITY',
  'AGRICULTURE',
  'PROFESSIONAL',
  'FRIENDSHIP',
  'VETERANS_AND_ALUMNI',
  'ENVIRONMENT',
]);

/** Review of a charter for the two-tier local government in force from 1 July 2025. */
export const twoTierReview = associationsSchema.enum('two_tier_review', [
  'NOT_REQUIRED',
  'REVISION_REQUIRED',
  'REVISED',
]);

/** A press agency or legal entity an organisation set up. */
export const affiliatedEntityKind = associationsSchema.enum('affiliated_entity_kind', [
  'PRESS_AGENCY',
  'LEGAL_ENTITY',
]);

/** The heaviest sanction an inspection imposed. */
export const inspectionSanction = associationsSchema.enum('inspection_sanction', [
  'NONE',
  'WARNING',
  'FINE',
  'SUSPENSION',
  'DISSOLUTION_RECOMMENDED',
]);

/**
 * A copy of the administrative units this subgraph seats organisations in, read from the units
 * subgraph: the old three-tier list of 2025-06-30 (`OLD`) and today's two-tier list (`CURRENT`).
 * Old units carry the current unit and province that took them over, so counts by province can
 * follow the 2025 reform without asking another subgraph at query time.
 */
export const unitDirectory = associationsSchema.table(
  'unit_directory',
  {
    /** `OLD` (as of 2025-06-30) or `CURRENT` (as of the day the copy was made). */
    snapshot: text().notNull(),
    code: text().notNull(),
    level: text().notNull(),
    name: text().notNull(),
    /** The name folded for search (foldForSearch). */
    searchName: text('search_name').notNull(),
    parentCode: text('parent_code'),
    provinceCode: text('province_code').notNull(),
    /** The first unit in force today that carries this one on (itself for a current unit). */
    currentCode: text('current_code'),
    /** The province today of `currentCode`. */
    currentProvinceCode: text('current_province_code'),
  },
  (table) => [
    primaryKey({ columns: [table.snapshot, table.code] }),
    check('unit_directory_snapshot_check', sql`${table.snapshot} IN ('OLD', 'CURRENT')`),
  ],
);

/** A registered association or fund. The registration number is its stable key. */
export const organizations = associationsSchema.table(
  'organizations',
  {
    registrationNumber: text('registration_number').primaryKey(),
    kind: organizationKind().notNull(),
    name: text().notNull(),
    abbreviation: text(),
    englishName: text('english_name'),
    /** Case- and diacritic-folded names, for search. */
    searchKey: text('search_key').notNull(),
    scope: organizationScope().notNull(),
    licensingLevel: licensingLevel('licensing_level').notNull(),
    /** Agency code of the licensing authority: `BNV`, `UBND-40`, `UBND-16681`. */
    licensingAgencyCode: text('licensing_agency_code').notNull(),
    /** The commune-level unit of the seat, as registered (an old unit before July 2025). */
    seatCode: text('seat_code').notNull(),
    /** The district of the seat as registered; null for a seat registered after the reform. */
    seatDistrictCode: text('seat_district_code'),
    /** The province of the seat as registered (one of 63 before July 2025). */
    seatProvinceCode: text('seat_province_code').notNull(),
    /** The unit in force today that carries the seat on. */
    seatCurrentCode: text('seat_current_code').notNull(),
    /** The province (one of 34) of the seat today. */
    seatCurrentProvinceCode: text('seat_current_province_code').notNull(),
    fieldOfActivity: fieldOfActivity('field_of_activity').notNull(),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    /** First day the organisation no longer existed (dissolved or merged); null while it does. */
    endedOn: date('ended_on', { mode: 'string' }),
    /** Designated to give policy critique and advice (phản biện, tư vấn chính sách). */
    policyAdvisory: boolean('policy_advisory').notNull().default(false),
    /** Special-character association (hội có tính chất đặc thù). */
    specialCharacter: boolean('special_character').notNull().default(false),
    memberCount: integer('member_count'),
    /** Assets a fund was founded with, in đồng. */
    foundingAssetsVnd: bigint('founding_assets_vnd', { mode: 'number' }),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    index('organizations_seat_code_idx').on(table.seatCode),
    index('organizations_seat_current_code_idx').on(table.seatCurrentCode),
    index('organizations_seat_district_code_idx').on(table.seatDistrictCode),
    check(
      'organizations_dates_check',
      sql`${table.foundedOn} <= ${table.registeredOn} AND (${table.endedOn} IS NULL OR ${table.endedOn} > ${table.registeredOn})`,
    ),
    check(
      'organizations_licensing_check',
      sql`(${table.scope} IN ('NATIONWIDE', 'INTER_PROVINCIAL') AND ${table.licensingLevel} = 'MINISTRY')
        OR (${table.scope} = 'PROVINCIAL' AND ${table.licensingLevel} = 'PROVINCIAL_PEOPLES_COMMITTEE')
        OR (${table.scope} = 'COMMUNE' AND ${table.licensingLevel} = 'COMMUNE_PEOPLES_COMMITTEE')`,
    ),
  ],
);

/**
 * The columns that open every record kept about one organisation (its statuses, leaders,
 * charters, reports, entities, inspections): the record's own id and the organisation's key.
 */
function organizationRecord() {
  return {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    registrationNumber: text('registration_number')
      .notNull()
      .references(() => organizations.registrationNumber),
  };
}

/**
 * A change of an organisation's status, in force until the next one. An organisation is ACTIVE
 * from its registration until its first change; the periods of one organisation never overlap.
 */
export const organizationStatuses = associationsSchema.table(
  'organization_statuses',
  {
    ...organizationRecord(),
    status: organizationStatus().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** First day of the next status; null for the current one. */
    validTo: date('valid_to', { mode: 'string' }),
    decisionNumber: text('decision_number'),
    reason: text(),
    /** The organisation it merged into (status MERGED). */
    mergedInto: text('merged_into'),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    index('organization_statuses_registration_number_idx').on(
      table.registrationNumber,
      table.validFrom,
    ),
    // Ending an organisation looks up those merged into it (a successor outlives them).
    index('organization_statuses_merged_into_idx').on(table.mergedInto),
    check(
      'organization_statuses_period_check',
      sql`${table.validTo} IS NULL OR ${table.validTo} > ${table.validFrom}`,
    ),
  ],
);

/** Office holders of an organisation. Names and contacts are personal data. */
export const organizationLeaders = associationsSchema.table(
  'organization_leaders',
  {
    ...organizationRecord(),
    position: text().notNull(),
    fullName: text('full_name').notNull(),
    phone: text(),
    email: text(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [index('organization_leaders_registration_number_idx').on(table.registrationNumber)],
);

/** A version of an organisation's charter (điều lệ) and its approval. */
export const charters = associationsSchema.table(
  'charters',
  {
    ...organizationRecord(),
    version: integer().notNull(),
    adoptedOn: date('adopted_on', { mode: 'string' }).notNull(),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    decisionNumber: text('decision_number').notNull(),
    approvingAgencyCode: text('approving_agency_code').notNull(),
    twoTierReview: twoTierReview('two_tier_review').notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    unique('charters_registration_number_version_key').on(table.registrationNumber, table.version),
    check('charters_dates_check', sql`${table.adoptedOn} <= ${table.approvedOn}`),
  ],
);

/** An annual financial report (báo cáo tài chính năm), amounts in đồng. */
export const financialReports = associationsSchema.table(
  'financial_reports',
  {
    ...organizationRecord(),
    year: integer().notNull(),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    incomeVnd: bigint('income_vnd', { mode: 'number' }).notNull(),
    expensesVnd: bigint('expenses_vnd', { mode: 'number' }).notNull(),
    domesticSponsorshipVnd: bigint('domestic_sponsorship_vnd', { mode: 'number' }).notNull(),
    foreignAidVnd: bigint('foreign_aid_vnd', { mode: 'number' }).notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [
    unique('financial_reports_registration_number_year_key').on(
      table.registrationNumber,
      table.year,
    ),
    check(
      'financial_reports_amounts_check',
      sql`${table.incomeVnd} >= 0 AND ${table.expensesVnd} >= 0 AND ${table.domesticSponsorshipVnd} >= 0 AND ${table.foreignAidVnd} >= 0`,
    ),
  ],
);

/** A press agency or legal entity set up by an organisation. */
export const affiliatedEntities = associationsSchema.table(
  'affiliated_entities',
  {
    ...organizationRecord(),
    kind: affiliatedEntityKind().notNull(),
    name: text().notNull(),
    establishedOn: date('established_on', { mode: 'string' }).notNull(),
    /** Whether it was set up with the permits the rules require. */
    compliant: boolean().notNull(),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [index('affiliated_entities_registration_number_idx').on(table.registrationNumber)],
);

/** An inspection (thanh tra, kiểm tra) of an organisation, its findings and sanction. */
export const inspections = associationsSchema.table(
  'inspections',
  {
    ...organizationRecord(),
    inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
    inspectingAgencyCode: text('inspecting_agency_code').notNull(),
    findings: text().notNull(),
    sanction: inspectionSanction().notNull(),
    fineVnd: bigint('fine_vnd', { mode: 'number' }),
    synthetic: boolean().notNull().default(false),
  },
  (table) => [index('inspections_registration_number_idx').on(table.registrationNumber)],
);

/**
 * Every change a write made: who, when, what, before and after. Append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE (custom migration `0001_change_history_append_only`).
 */
export const changeHistory = associationsSchema.table(
  'change_history',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** The identity subject (`sub`) of the writer. */
    subject: text(),
    ...historyEntryColumns(),
  },
  (table) => [index('change_history_entity_idx').on(table.entity, table.entityKey)],
);

/** Idempotency keys of the writes (the shared protocol of @home-affairs/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(associationsSchema);

/** Row types of the tables, as drizzle reads them. */
export type OrganizationRow = typeof organizations.$inferSelect;
export type OrganizationStatusRow = typeof organizationStatuses.$inferSelect;
export type OrganizationLeaderRow = typeof organizationLeaders.$inferSelect;
export type CharterRow = typeof charters.$inferSelect;
export type FinancialReportRow = typeof financialReports.$inferSelect;
export type AffiliatedEntityRow = typeof affiliatedEntities.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type UnitDirectoryRow = typeof unitDirectory.$inferSelect;

/** Where this subgraph is in the units subgraph's feed of unit changes (ADR 0011). */
export const unitFeedCursor = unitFeedCursorTable(associationsSchema);

import { idempotencyKeysTable } from '@home-affairs/idempotency';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The units subgraph owns this Postgres schema and nothing outside it. */
export const unitsSchema = pgSchema('units');

/** Tier of the hierarchy. Districts exist only before 1 July 2025. */
export const unitLevel = unitsSchema.enum('unit_level', ['PROVINCE', 'DISTRICT', 'COMMUNE']);

/** Official kind of a unit, pre-2025 and two-tier types together. */
export const unitType = unitsSchema.enum('unit_type', [
  'CENTRALLY_RUN_CITY',
  'PROVINCE',
  'URBAN_DISTRICT',
  'RURAL_DISTRICT',
  'DISTRICT_LEVEL_TOWN',
  'PROVINCIAL_CITY',
  'MUNICIPAL_CITY',
  'WARD',
  'COMMUNE',
  'COMMUNE_LEVEL_TOWN',
  'SPECIAL_ZONE',
]);

/** Whether an old unit went into a new one whole or only in part. */
export const transitionShare = unitsSchema.enum('transition_share', ['WHOLE', 'PART']);

/**
 * One version of an administrative unit: a code with its name, type and parent over a validity
 * period. A statistics-office code outlives reorganisations (the unit that absorbs others usually
 * keeps its code), so the same code has several versions, never overlapping.
 */
export const administrativeUnits = unitsSchema.table(
  'administrative_units',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull(),
    level: unitLevel().notNull(),
    type: unitType().notNull(),
    /** Name without the type word, e.g. "Nghệ An". */
    name: text().notNull(),
    /** Official name with the type word, e.g. "Tỉnh Nghệ An". */
    fullName: text('full_name').notNull(),
    /** Case- and diacritic-folded names and code, for search. */
    searchKey: text('search_key').notNull(),
    parentCode: text('parent_code'),
    /** The province this version belongs to (its own code for a province). */
    provinceCode: text('province_code').notNull(),
    /** First day in force; null when it predates the recorded history. */
    validFrom: date('valid_from', { mode: 'string' }),
    /** First day no longer in force; null while in force. */
    validTo: date('valid_to', { mode: 'string' }),
    /** The import or change set that wrote this version. */
    source: text().notNull(),
  },
  (table) => [
    unique('administrative_units_code_valid_from_key')
      .on(table.code, table.validFrom)
      .nullsNotDistinct(),
    index('administrative_units_parent_code_idx').on(table.parentCode),
    index('administrative_units_province_code_idx').on(table.provinceCode),
    index('administrative_units_level_type_idx').on(table.level, table.type),
    check(
      'administrative_units_validity_check',
      sql`${table.validTo} IS NULL OR ${table.validFrom} IS NULL OR ${table.validTo} > ${table.validFrom}`,
    ),
  ],
);

/**
 * Lineage: the old unit (its version in force the day before `effectiveDate`) went wholly or
 * partly into the new unit (its version in force on `effectiveDate`).
 */
export const unitTransitions = unitsSchema.table(
  'unit_transitions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    predecessorCode: text('predecessor_code').notNull(),
    successorCode: text('successor_code').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    share: transitionShare().notNull(),
    /** The resolution that enacted it, where known (e.g. "202/2025/QH15"). */
    resolution: text(),
    source: text().notNull(),
  },
  (table) => [
    uniqueIndex('unit_transitions_pair_key').on(
      table.predecessorCode,
      table.successorCode,
      table.effectiveDate,
    ),
    index('unit_transitions_successor_idx').on(table.successorCode, table.effectiveDate),
  ],
);

/** Dated change sets applied after the base import (renames, type changes, merges, splits). */
export const changeSets = unitsSchema.table('change_sets', {
  id: text().primaryKey(),
  title: text().notNull(),
  resolution: text(),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  /** SHA-256 of the change set file, so an edited file is noticed instead of silently re-applied. */
  checksum: text().notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One run of the importer. */
export const importRuns = unitsSchema.table('import_runs', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  /** Package names and versions the data came from. */
  sources: jsonb().notNull(),
  /** Counts written per level and type, and defect counts per kind. */
  summary: jsonb().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A defect found in the source data during an import, with what the importer did about it. */
export const importDefects = unitsSchema.table(
  'import_defects',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    runId: integer('run_id')
      .notNull()
      .references(() => importRuns.id, { onDelete: 'cascade' }),
    source: text().notNull(),
    kind: text().notNull(),
    recordKey: text('record_key').notNull(),
    detail: text().notNull(),
    action: text().notNull(),
  },
  (table) => [index('import_defects_run_idx').on(table.runId, table.kind)],
);

/**
 * Append-only history of every change recorded after the import: the corrections and new changes
 * the units ministry records through the graph, and the change set files. Each row keeps who
 * (`subject`, null for a file applied at start-up), why (`legal_basis`), from when
 * (`effective_date`), the input and what it changed in `administrative_units` and
 * `unit_transitions`, with the values before. Triggers refuse UPDATE, DELETE and TRUNCATE.
 */
export const unitCorrections = unitsSchema.table(
  'unit_corrections',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The mutation (`renameUnit`, `mergeUnits`, ...) or `applyChangeSet`. */
    operation: text().notNull(),
    /** The writer's identity subject; null for a change set applied from its file. */
    subject: text(),
    /** The legal basis: the resolution or decision that enacted the change. */
    legalBasis: text('legal_basis').notNull(),
    /** The day the change takes effect. */
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    /** `graph` or `changeset:<id>`. */
    source: text().notNull(),
    /** The operation's input (unit codes, names, dates: public data only). */
    input: jsonb().notNull(),
    /** What it changed: versions closed, opened and amended, links added and amended, with the values before. */
    changes: jsonb().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('unit_corrections_effective_date_idx').on(table.effectiveDate)],
);

/** Idempotency keys of the writes (the shared protocol of @home-affairs/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(unitsSchema);

/** A stored unit version. */
export type AdministrativeUnitRow = typeof administrativeUnits.$inferSelect;
/** A unit version to insert. */
export type NewAdministrativeUnit = typeof administrativeUnits.$inferInsert;
/** A stored lineage link. */
export type UnitTransitionRow = typeof unitTransitions.$inferSelect;
/** A lineage link to insert. */
export type NewUnitTransition = typeof unitTransitions.$inferInsert;
/** A stored correction. */
export type UnitCorrectionRow = typeof unitCorrections.$inferSelect;

/**
 * The feed of unit changes: one row per code and effective date that a transaction touched in
 * `administrative_units` or `unit_transitions`, written by triggers on those tables (migration
 * `0003_unit_changes_triggers`), so every write path (the importer, change sets, corrections) feeds it. The
 * triggers take one advisory lock before writing here, so `id` order is commit order: a reader
 * that has seen id N will never see a smaller id appear later. The entry itself (before, after,
 * links) is read from the versions and links when served.
 */
export const unitChanges = unitsSchema.table(
  'unit_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The writing transaction, so that one transaction's rows for a code and date are one entry. */
    transactionId: text('transaction_id').notNull(),
    code: text().notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('unit_changes_transaction_code_date_key').on(
      table.transactionId,
      table.code,
      table.effectiveDate,
    ),
  ],
);

/** A stored feed row. */
export type UnitChangeRow = typeof unitChanges.$inferSelect;

/**
 * The revision of the unit history: one row, rewritten by triggers on `administrative_units` and
 * `unit_transitions` (migration `0004_history_revision`) in every transaction that writes either
 * table, by whatever path (the importer, change sets, corrections, a test fixture, psql). A reader
 * that finds the same revision as before knows that nothing it read has changed since, so the
 * in-memory unit snapshot (units/unitSnapshot.ts) is reused instead of read again.
 */
export const historyRevision = unitsSchema.table(
  'history_revision',
  {
    /** Always true: the table holds one row. */
    singleton: boolean().primaryKey().default(true),
    /** Counts the writing statements, for people reading it. */
    revision: bigint({ mode: 'number' }).notNull(),
    /**
     * The last writing transaction (`pg_current_xact_id()`, never reused in a cluster), so that
     * the revision differs after any write even if the counter were reset.
     */
    transactionId: text('transaction_id').notNull(),
  },
  (table) => [check('history_revision_singleton_check', sql`${table.singleton}`)],
);

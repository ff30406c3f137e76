import type { Database } from '@home-affairs/db';
import { groupBy } from '@home-affairs/graphql';
import { asc } from 'drizzle-orm';
import {
  type ProcedureRow,
  procedureFields,
  procedureLevels,
  procedureStatusChanges,
  procedures,
} from '../db/schema.ts';

/** A field of procedures. */
export type FieldRow = typeof procedureFields.$inferSelect;
/** A level a procedure is implemented at, over a period. */
export type LevelRow = typeof procedureLevels.$inferSelect;
/** A dated status change. */
export type StatusChangeRow = typeof procedureStatusChanges.$inferSelect;

/** A procedure with its level and status histories. */
export interface CatalogueEntry extends ProcedureRow {
  levels: LevelRow[];
  statusHistory: StatusChangeRow[];
}

/** The whole catalogue, read once: it changes only through migrations and seeds, never at run time. */
export interface Catalogue {
  fields: FieldRow[];
  fieldByCode: Map<string, FieldRow>;
  /** In code order. */
  procedures: CatalogueEntry[];
  procedureByCode: Map<string, CatalogueEntry>;
}

/** Reads the catalogue (four statements). */
export async function readCatalogue(db: Database<Record<string, unknown>>): Promise<Catalogue> {
  const [fields, rows, levels, changes] = await Promise.all([
    db.select().from(procedureFields).orderBy(asc(procedureFields.code)),
    db.select().from(procedures).orderBy(asc(procedures.code)),
    db.select().from(procedureLevels),
    db.select().from(procedureStatusChanges).orderBy(asc(procedureStatusChanges.effectiveOn)),
  ]);
  const levelsByCode = groupBy(levels, (level) => level.procedureCode);
  const changesByCode = groupBy(changes, (change) => change.procedureCode);
  const entries = rows.map((row) => ({
    ...row,
    levels: levelsByCode.get(row.code) ?? [],
    statusHistory: changesByCode.get(row.code) ?? [],
  }));
  return {
    fields,
    fieldByCode: new Map(fields.map((field) => [field.code, field])),
    procedures: entries,
    procedureByCode: new Map(entries.map((entry) => [entry.code, entry])),
  };
}

/** Whether a level assignment is in force on `day`. */
export function levelInForce(level: LevelRow, day: string): boolean {
  return (
    (level.validFrom === null || level.validFrom <= day) &&
    (level.validTo === null || level.validTo > day)
  );
}

/** The status of a procedure on `day`; null before its publication. */
export function statusOn(entry: CatalogueEntry, day: string): StatusChangeRow['status'] | null {
  let status: StatusChangeRow['status'] | null = null;
  for (const change of entry.statusHistory) if (change.effectiveOn <= day) status = change.status;
  return status;
}

/** What an agency code says about the procedures it is competent for. */
export type AgencyCompetence = {
  level: LevelRow['level'];
  agencyKind: LevelRow['agencyKind'];
} | null;

/**
 * Reads an agency code by the platform's convention: `BNV` the ministry, `SNV-<2 digits>` a
 * provincial Department of Home Affairs, `UBND-<2 digits>` a provincial people's committee,
 * `UBND-<3 digits>` a pre-reform district people's committee, `UBND-<5 digits>` a commune
 * people's committee. Any other agency settles no home-affairs procedure.
 */
export function agencyCompetence(code: string): AgencyCompetence {
  if (code === 'BNV') return { level: 'CENTRAL', agencyKind: 'MINISTRY' };
  if (/^SNV-\d{2}$/.test(code)) {
    return { level: 'PROVINCE', agencyKind: 'PROVINCIAL_HOME_AFFAIRS_DEPARTMENT' };
  }
  if (/^UBND-\d{2}$/.test(code))
    return { level: 'PROVINCE', agencyKind: 'PROVINCIAL_PEOPLES_COMMITTEE' };
  if (/^UBND-\d{3}$/.test(code))
    return { level: 'DISTRICT', agencyKind: 'DISTRICT_PEOPLES_COMMITTEE' };
  if (/^UBND-\d{5}$/.test(code))
    return { level: 'COMMUNE', agencyKind: 'COMMUNE_PEOPLES_COMMITTEE' };
  return null;
}

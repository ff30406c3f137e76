import { type Database, selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { UnitChange } from './followUnitChanges.ts';

/** Two columns of one local table that say where a record counts today. */
export interface AttributionColumns {
  /** The unit in force today the record counts under. */
  unit: PgColumn;
  /** That unit's province. */
  province: PgColumn;
}

/** A unit (or province) whose records now count under another: a feed entry's consequence. */
export interface AttributionMove {
  /** `from` is a province: only the province of its records changes, not their unit. */
  province: boolean;
  from: string;
  to: string;
  /** The province of `to` today. */
  provinceCode: string;
}

/** Where a subgraph's records and its directory copy say what they count under today. */
export interface AttributionTables {
  /** The subgraph's own records (organisations' seats, dossiers). */
  records: AttributionColumns;
  /** The subgraph's `unit_directory`: the unit and province each unit counts under today. */
  directory: { currentCode: PgColumn; currentProvinceCode: PgColumn };
}

/** Moves the rows of one table that count under `move.from`; returns how many it moved. */
async function moveRows(
  db: Database<Record<string, unknown>>,
  { unit, province }: AttributionColumns,
  move: AttributionMove,
): Promise<number> {
  const setProvince = sql`${sql.identifier(province.name)} = ${move.provinceCode}`;
  const moved = await selectRows(
    db,
    sql`UPDATE ${unit.table}
      SET ${move.province ? setProvince : sql`${sql.identifier(unit.name)} = ${move.to}, ${setProvince}`}
      WHERE ${move.province ? province : unit} = ${move.from}
      RETURNING 1`,
  );
  return moved.length;
}

/** What `reattribute` moved, and the history entry that records it. */
export interface Reattribution {
  /** Records moved. */
  records: number;
  /**
   * The history entry of the move, the writer column aside (each subgraph names its own):
   * `before` says what moved from `move.from` (`moved`), `after` where to and by which entry.
   */
  history(moved: Record<string, unknown>): {
    operation: string;
    entity: string;
    entityKey: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  };
}

/**
 * Moves what counts today under `move.from` to `move.to` and its province (for a province, what
 * counts under its province to `provinceCode`), as feed entry `change` says: the subgraph's
 * records, then the directory rows of the old units `from` carried on.
 */
export async function reattribute(
  db: Database<Record<string, unknown>>,
  change: UnitChange,
  move: AttributionMove,
  tables: AttributionTables,
): Promise<Reattribution> {
  const { currentCode, currentProvinceCode } = tables.directory;
  const records = await moveRows(db, tables.records, move);
  await moveRows(db, { unit: currentCode, province: currentProvinceCode }, move);
  return {
    records,
    history: (moved) => ({
      operation: 'followUnitChange',
      entity: 'AdministrativeUnit',
      entityKey: move.from,
      before: { code: move.from, ...moved },
      after: {
        code: move.to,
        provinceCode: move.provinceCode,
        kind: change.kind,
        effectiveDate: change.effectiveDate,
        feedSequence: change.sequence,
      },
    }),
  };
}

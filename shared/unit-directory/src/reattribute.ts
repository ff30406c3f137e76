import { type Database, selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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

/**
 * Moves the records of one table that count today under `move.from` to `move.to` and its
 * province (for a province, the records whose province is `from` to `provinceCode`), in one
 * statement. Returns the number of records moved.
 */
export async function reattribute(
  db: Database<Record<string, unknown>>,
  columns: AttributionColumns,
  move: AttributionMove,
): Promise<number> {
  const { unit, province } = columns;
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

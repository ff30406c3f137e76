import { type Database, selectRows } from '@home-affairs/db';
import { reattribute, type UnitChange, versionInForce } from '@home-affairs/unit-directory';
import { eq, sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { dossiers, history, unitDirectory } from '../db/schema.ts';
import { counterNames } from '../statistics/dossierEvents.ts';

/** What applying a page of feed entries changed. */
export interface AppliedUnitChanges {
  /** Directory rows written. */
  directoryRows: number;
  /** Dossiers now counted under a successor. */
  dossiersMoved: number;
  /** Counter rows merged into a successor's. */
  countersMoved: number;
}

type ProceduresDatabase = Database<typeof schema>;

const counterColumns = counterNames.map((name) =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
);

/**
 * Applies feed entries to the directory and the dossier counters, in order, incrementally:
 * - a unit in force today that was established or changed is written into the directory;
 * - an abolished commune-level unit or province hands what counts under it today to its first
 *   successor in code order (the unit the directory copy would give): its dossiers, the old
 *   units it carried on, and its counters, added to the successor's row by row (day and month,
 *   field and procedure); a commune that lands in another province also moves its share of the
 *   provinces' counters. Totals are unchanged; nothing is recounted from the dossiers.
 * - a lineage correction moves nothing (which part of a split unit a dossier came from is not
 *   known from the unit alone).
 * Each move is written to the history. Entries already reflected in the directory change nothing.
 */
export async function applyUnitChanges(
  db: ProceduresDatabase,
  changes: UnitChange[],
  today: string,
): Promise<AppliedUnitChanges> {
  const applied: AppliedUnitChanges = { directoryRows: 0, dossiersMoved: 0, countersMoved: 0 };
  for (const change of changes) {
    const { code } = change;
    if (change.after?.level === 'DISTRICT' || change.before?.level === 'DISTRICT') continue;
    const after = versionInForce(change, today);
    if (after) {
      const row = {
        code,
        level: after.level as 'PROVINCE' | 'COMMUNE',
        name: after.name,
        provinceCode: after.provinceCode,
        validFrom: after.validFrom,
        validTo: null,
        currentCode: code,
        currentProvinceCode: after.provinceCode,
      };
      const [existing] = await db.select().from(unitDirectory).where(eq(unitDirectory.code, code));
      await db
        .insert(unitDirectory)
        .values(existing ? { ...row, validFrom: existing.validFrom } : row)
        .onConflictDoUpdate({
          target: unitDirectory.code,
          set: {
            name: row.name,
            level: row.level,
            provinceCode: row.provinceCode,
            validTo: null,
            currentCode: code,
            currentProvinceCode: row.provinceCode,
          },
        });
      applied.directoryRows += 1;
      const before = change.before;
      if (before && after.level === 'COMMUNE' && before.provinceCode !== after.provinceCode) {
        const moved = await moveAttribution(
          db,
          change,
          code,
          code,
          after.provinceCode,
          before.provinceCode,
        );
        applied.dossiersMoved += moved.dossiers;
        applied.countersMoved += moved.counters;
      }
    }
    if (change.kind !== 'ABOLISHED') continue;
    await db
      .update(unitDirectory)
      .set({ validTo: change.effectiveDate })
      .where(eq(unitDirectory.code, code));
    const successor = change.successors[0];
    if (!successor?.provinceCode || !change.before) continue;
    const moved = await moveAttribution(
      db,
      change,
      code,
      successor.code,
      successor.provinceCode,
      change.before.provinceCode,
    );
    applied.dossiersMoved += moved.dossiers;
    applied.countersMoved += moved.counters;
  }
  return applied;
}

/** Adds the counter rows of `from` into those of `to` (row by row) and deletes them; `sign` -1 subtracts. */
async function addCounters(
  db: ProceduresDatabase,
  source: string,
  target: string,
  sign: 1 | -1,
  remove: boolean,
) {
  const columns = sql.raw(counterColumns.join(', '));
  const values = sql.raw(counterColumns.map((column) => `${sign} * ${column}`).join(', '));
  const sums = sql.raw(
    counterColumns
      .map((column) => `${column} = procedures.dossier_statistics.${column} + excluded.${column}`)
      .join(', '),
  );
  const [row] = await selectRows<{ count: number }>(
    db,
    sql`WITH added AS (
      INSERT INTO procedures.dossier_statistics (unit_code, field_code, procedure_code, grain, period, ${columns})
      SELECT ${target}, field_code, procedure_code, grain, period, ${values}
      FROM procedures.dossier_statistics WHERE unit_code = ${source}
      ON CONFLICT (unit_code, field_code, procedure_code, grain, period) DO UPDATE SET ${sums}
      RETURNING 1)
    SELECT count(*)::int AS count FROM added`,
  );
  if (remove)
    await db.execute(sql`DELETE FROM procedures.dossier_statistics WHERE unit_code = ${source}`);
  return row?.count ?? 0;
}

/**
 * Moves what counts under `from` today to `to` in `toProvince`: a commune's counters (and, when
 * it lands in another province, its share of the two provinces' counters), or a province's; its
 * dossiers and the directory rows that point at it.
 */
async function moveAttribution(
  db: ProceduresDatabase,
  change: UnitChange,
  from: string,
  to: string,
  toProvince: string,
  fromProvince: string,
): Promise<{ dossiers: number; counters: number }> {
  const province = change.before?.level === 'PROVINCE';
  let counters = 0;
  if (!province && fromProvince !== toProvince) {
    counters += await addCounters(db, from, fromProvince, -1, false);
    counters += await addCounters(db, from, toProvince, 1, false);
  }
  if (from !== to) counters += await addCounters(db, from, to, 1, true);
  const move = { province, from, to, provinceCode: toProvince };
  const moved = await reattribute(db, change, move, {
    records: { unit: dossiers.attributedUnitCode, province: dossiers.provinceCode },
    directory: unitDirectory,
  });
  if (moved.records > 0 || counters > 0) {
    await db.insert(history).values({
      actor: 'unit-feed',
      ...moved.history({ provinceCode: fromProvince, dossiers: moved.records }),
    });
  }
  return { dossiers: moved.records, counters };
}

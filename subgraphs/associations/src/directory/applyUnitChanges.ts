import { foldForSearch } from '@home-affairs/graphql';
import { reattribute, type UnitChange, versionInForce } from '@home-affairs/unit-directory';
import { and, eq } from 'drizzle-orm';
import { changeHistory, organizations, unitDirectory } from '../db/schema.ts';
import type { AssociationsDatabase } from '../organizations/queries.ts';

/** What applying a page of feed entries changed. */
export interface AppliedUnitChanges {
  /** Units added, changed or removed in today's list. */
  directoryRows: number;
  /** Organisations whose seat today (and its province) moved to a successor. */
  seatsMoved: number;
}

/**
 * Applies feed entries to this subgraph's copy, in order, incrementally: a unit in force today
 * that was established or changed is written into today's list; an abolished one leaves it, and
 * the organisations seated in it today, and the old units it carried on, go to its first
 * successor in code order (the unit the directory copy would give them), with that successor's
 * province. A lineage correction moves nothing: which part of a split unit a seat lies in is not
 * known from the unit alone. Each move is written to the change history. Entries already
 * reflected in the copy (read after them) change nothing.
 */
export async function applyUnitChanges(
  db: AssociationsDatabase,
  changes: UnitChange[],
  today: string,
): Promise<AppliedUnitChanges> {
  const applied: AppliedUnitChanges = { directoryRows: 0, seatsMoved: 0 };
  for (const change of changes) {
    const { code } = change;
    const after = versionInForce(change, today);
    if (after) {
      const row = {
        snapshot: 'CURRENT',
        code,
        level: after.level,
        name: after.name,
        searchName: foldForSearch(after.name),
        parentCode: after.parentCode,
        provinceCode: after.provinceCode,
        currentCode: code,
        currentProvinceCode: after.provinceCode,
      };
      await db
        .insert(unitDirectory)
        .values(row)
        .onConflictDoUpdate({ target: [unitDirectory.snapshot, unitDirectory.code], set: row });
      applied.directoryRows += 1;
      if (change.before && change.before.provinceCode !== after.provinceCode) {
        await moveSeats(db, change, code, code, after.provinceCode);
      }
    }
    if (change.kind !== 'ABOLISHED') continue;
    const removed = await db
      .delete(unitDirectory)
      .where(and(eq(unitDirectory.snapshot, 'CURRENT'), eq(unitDirectory.code, code)))
      .returning({ code: unitDirectory.code });
    applied.directoryRows += removed.length;
    const successor = change.successors[0];
    if (!successor?.provinceCode) continue;
    applied.seatsMoved += await moveSeats(db, change, code, successor.code, successor.provinceCode);
  }
  return applied;
}

/** Moves what is attributed today to `from` over to `to` in `provinceCode`; returns the seats moved. */
async function moveSeats(
  db: AssociationsDatabase,
  change: UnitChange,
  from: string,
  to: string,
  provinceCode: string,
): Promise<number> {
  const move = { province: change.before?.level === 'PROVINCE', from, to, provinceCode };
  const seats = await reattribute(db, change, move, {
    records: {
      unit: organizations.seatCurrentCode,
      province: organizations.seatCurrentProvinceCode,
    },
    directory: unitDirectory,
  });
  if (seats.records > 0) {
    await db.insert(changeHistory).values({
      subject: 'unit-feed',
      ...seats.history({ organizations: seats.records }),
    });
  }
  return seats.records;
}

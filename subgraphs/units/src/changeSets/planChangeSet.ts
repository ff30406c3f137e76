import { and, inArray } from 'drizzle-orm';
import { administrativeUnits } from '../db/schema.ts';
import { findVersions, inForceOn, type UnitsDatabase } from '../units/queries.ts';
import { type ChangeSetPlan, ChangeSetPlanner } from './ChangeSetPlanner.ts';
import type { ChangeSet } from './parseChangeSet.ts';

export type { ChangeSetPlan } from './ChangeSetPlanner.ts';

/** Checks a parsed change set against the versions in the database and plans its writes. */
export async function planChangeSet(
  db: UnitsDatabase,
  changeSet: ChangeSet,
): Promise<ChangeSetPlan> {
  const referenced = new Set<string>();
  for (const operation of changeSet.operations) {
    referenced.add(operation.code);
    if (operation.op === 'update' && operation.set.parentCode)
      referenced.add(operation.set.parentCode);
    if (operation.op === 'establish') {
      if (operation.parentCode) referenced.add(operation.parentCode);
      for (const link of operation.predecessors ?? []) referenced.add(link.code);
    }
    if (operation.op === 'abolish')
      for (const link of operation.successors) referenced.add(link.code);
  }
  const rows = await findVersions(db, [...referenced]);
  const planner = new ChangeSetPlanner(changeSet, rows);
  const children = await db
    .select({
      code: administrativeUnits.code,
      parentCode: administrativeUnits.parentCode,
      fullName: administrativeUnits.fullName,
    })
    .from(administrativeUnits)
    .where(
      and(
        inArray(administrativeUnits.parentCode, [...planner.movedOrAbolished, '']),
        inForceOn(changeSet.effectiveDate),
      ),
    );
  return planner.plan(children);
}

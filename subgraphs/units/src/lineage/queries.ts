import { and, inArray } from 'drizzle-orm';
import { unitTransitions as transitions } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';

/** Lineage links whose successor is one of `codes` and which took effect on one of `dates`. */
export function findTransitionsInto(
  db: UnitsDatabase,
  codes: readonly string[],
  dates: readonly string[],
) {
  return db
    .select()
    .from(transitions)
    .where(
      and(
        inArray(transitions.successorCode, [...codes]),
        inArray(transitions.effectiveDate, [...dates]),
      ),
    )
    .orderBy(transitions.predecessorCode);
}

/** Lineage links whose predecessor is one of `codes` and which took effect on one of `dates`. */
export function findTransitionsFrom(
  db: UnitsDatabase,
  codes: readonly string[],
  dates: readonly string[],
) {
  return db
    .select()
    .from(transitions)
    .where(
      and(
        inArray(transitions.predecessorCode, [...codes]),
        inArray(transitions.effectiveDate, [...dates]),
      ),
    )
    .orderBy(transitions.successorCode);
}

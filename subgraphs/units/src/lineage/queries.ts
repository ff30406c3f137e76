import { and, inArray } from 'drizzle-orm';
import { unitTransitions as transitions } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';

/** Which end of a lineage link a lookup matches: the old unit or the new one. */
export type LinkSide = 'predecessorCode' | 'successorCode';

/**
 * Lineage links whose `side` is one of `codes` and which took effect on one of `dates`, ordered
 * by the code at the other end. One statement.
 */
export function findTransitions(
  db: UnitsDatabase,
  side: LinkSide,
  codes: readonly string[],
  dates: readonly string[],
) {
  const otherSide = side === 'successorCode' ? 'predecessorCode' : 'successorCode';
  return db
    .select()
    .from(transitions)
    .where(
      and(inArray(transitions[side], [...codes]), inArray(transitions.effectiveDate, [...dates])),
    )
    .orderBy(transitions[otherSide]);
}

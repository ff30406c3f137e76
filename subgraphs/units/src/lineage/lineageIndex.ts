import type { UnitTransitionRow } from '../db/schema.ts';

/** Which end of a lineage link a lookup matches: the old unit or the new one. */
export type LinkSide = 'predecessorCode' | 'successorCode';

/** Code order, as the database sorts codes (digits only, so character order). */
function byCode(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Every lineage link of one revision of the unit history, indexed in memory by the code at one
 * end and the day it took effect: what a statement per batch of versions answered (links whose
 * `side` is one of the codes and which took effect on one of the days, ordered by the code at the
 * other end), without a round trip. A currentUnits list of 10,000 ended versions had cost a
 * statement of 5,000 parameters per page (about 0.15 s of CPU each, half of it building and
 * parsing it); the index is built once per revision (unitSnapshotCache).
 */
export class LineageIndex {
  private readonly bySide: Record<LinkSide, Map<string, UnitTransitionRow[]>> = {
    predecessorCode: new Map(),
    successorCode: new Map(),
  };

  constructor(links: readonly UnitTransitionRow[]) {
    for (const side of ['predecessorCode', 'successorCode'] as const) {
      const other = side === 'successorCode' ? 'predecessorCode' : 'successorCode';
      const index = this.bySide[side];
      for (const link of links) {
        const key = `${link.effectiveDate}|${link[side]}`;
        const found = index.get(key);
        if (found) found.push(link);
        else index.set(key, [link]);
      }
      // One link per pair and day (unit_transitions_pair_key): the other end orders them fully.
      for (const found of index.values()) {
        if (found.length > 1) found.sort((left, right) => byCode(left[other], right[other]));
      }
    }
  }

  /** The links whose `side` is `code` and which took effect on `date`, by the other end's code. */
  links(side: LinkSide, code: string, date: string): UnitTransitionRow[] {
    return this.bySide[side].get(`${date}|${code}`) ?? [];
  }
}

import { dayBefore } from '@home-affairs/graphql';
import type { AdministrativeUnitRow } from '../db/schema.ts';
import type { UnitSnapshot } from './unitSnapshot.ts';

/** A unit version as served: the stored row and the day the client asked about. */
export interface UnitNode extends AdministrativeUnitRow {
  /** The day asked for (`asOf`, or today). */
  requestedOn: string;
  /**
   * The snapshot the version was read from, when it was: its parent and province are then read
   * from the same snapshot, without a promise per field (the 3,321 provinces of a commune list).
   */
  snapshot: UnitSnapshot | null;
}

/**
 * Wraps a stored version for serving as of `requestedOn`. Written out property by property: the
 * driver's rows are built key by key, and spreading thousands of them per list cost more than
 * the rest of the list's execution (--cpu-prof); a literal gives every node one shape.
 */
export function toUnitNode(
  row: AdministrativeUnitRow,
  requestedOn: string,
  snapshot: UnitSnapshot | null = null,
): UnitNode {
  return {
    id: row.id,
    code: row.code,
    level: row.level,
    type: row.type,
    name: row.name,
    fullName: row.fullName,
    searchKey: row.searchKey,
    parentCode: row.parentCode,
    provinceCode: row.provinceCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
    source: row.source,
    requestedOn,
    snapshot,
  };
}

type Validity = Pick<AdministrativeUnitRow, 'validFrom' | 'validTo'>;

/** Whether a version is in force on `day`: `inForceOn` for a row already in memory. */
export function isInForce(row: Validity, day: string): boolean {
  return (
    (row.validFrom === null || row.validFrom <= day) && (row.validTo === null || row.validTo > day)
  );
}

/** Whether a version is in force on `day` or starts after it: one that a new unit's code clashes with. */
export function isInForceFrom(row: Validity, day: string): boolean {
  return isInForce(row, day) || (row.validFrom !== null && row.validFrom > day);
}

/**
 * The day on which a node's parent, province and children are read: the day asked for when the
 * version was in force then, otherwise the nearest day on which it was (its last day for a version
 * that had ended, its first day for one not yet in force).
 */
export function relationsDay(node: UnitNode): string {
  if (isInForce(node, node.requestedOn)) return node.requestedOn;
  if (node.validTo !== null && node.validTo <= node.requestedOn) return dayBefore(node.validTo);
  return node.validFrom ?? node.requestedOn;
}

import type { Database } from '@home-affairs/db';
import { and, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { type AdministrativeUnitRow, administrativeUnits as units } from '../db/schema.ts';

/** The units subgraph's database. */
export type UnitsDatabase = Database<typeof schema>;

/** Level of the hierarchy, as stored. */
export type UnitLevel = AdministrativeUnitRow['level'];
/** Official unit type, as stored. */
export type UnitType = AdministrativeUnitRow['type'];

/** Depth of each level: a parent's rank is below its children's. */
export const levelRank: Record<UnitLevel, number> = { PROVINCE: 0, DISTRICT: 1, COMMUNE: 2 };

/** SQL condition: the version is in force on `asOf`. */
export function inForceOn(asOf: string): SQL {
  return and(
    or(isNull(units.validFrom), lte(units.validFrom, asOf)),
    or(isNull(units.validTo), gt(units.validTo, asOf)),
  ) as SQL;
}

/** Every version of each code, oldest first. One statement. */
export function findVersions(db: UnitsDatabase, codes: readonly string[]) {
  return db
    .select()
    .from(units)
    .where(inArray(units.code, [...codes]))
    .orderBy(units.code, sql`${units.validFrom} ASC NULLS FIRST`);
}

/** Filter of the `units` list. */
export interface UnitFilter {
  level?: UnitLevel | null;
  type?: UnitType | null;
  parentCode?: string | null;
  provinceCode?: string | null;
  search?: string | null;
}

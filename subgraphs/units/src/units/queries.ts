import type { Database } from '@home-affairs/db';
import { foldForSearch } from '@home-affairs/graphql';
import {
  and,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  like,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { type AdministrativeUnitRow, administrativeUnits as units } from '../db/schema.ts';

/** The units subgraph's database. */
export type UnitsDatabase = Database<typeof schema>;

/** Level of the hierarchy, as stored. */
export type UnitLevel = AdministrativeUnitRow['level'];
/** Official unit type, as stored. */
export type UnitType = AdministrativeUnitRow['type'];

/** SQL condition: the version is in force on `asOf`. */
export function inForceOn(asOf: string): SQL {
  return and(
    or(isNull(units.validFrom), lte(units.validFrom, asOf)),
    or(isNull(units.validTo), gt(units.validTo, asOf)),
  ) as SQL;
}

/**
 * For each code, the version in force on `asOf`, or else the last version that ended before it.
 * Codes that did not exist yet on `asOf` are absent from the result. One statement.
 */
export function findLatestVersions(db: UnitsDatabase, codes: readonly string[], asOf: string) {
  return db
    .selectDistinctOn([units.code])
    .from(units)
    .where(
      and(inArray(units.code, [...codes]), or(isNull(units.validFrom), lte(units.validFrom, asOf))),
    )
    .orderBy(units.code, sql`${units.validFrom} DESC NULLS LAST`);
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function filterConditions(filter: UnitFilter, asOf: string): SQL[] {
  const conditions = [inForceOn(asOf)];
  if (filter.level) conditions.push(eq(units.level, filter.level));
  if (filter.type) conditions.push(eq(units.type, filter.type));
  if (filter.parentCode) conditions.push(eq(units.parentCode, filter.parentCode));
  if (filter.provinceCode) conditions.push(eq(units.provinceCode, filter.provinceCode));
  const search = filter.search?.trim();
  if (search) {
    conditions.push(
      /^\d+$/.test(search)
        ? like(units.code, `${escapeLike(search)}%`)
        : like(units.searchKey, `%${escapeLike(foldForSearch(search))}%`),
    );
  }
  return conditions;
}

/**
 * One page of units in force on `asOf`, in code order, starting after code `after`, with the total
 * count of matches over all pages. Fetches `first + 1` rows to detect a next page. One statement.
 */
export async function findUnitPage(
  db: UnitsDatabase,
  filter: UnitFilter,
  asOf: string,
  first: number,
  after: string | undefined,
): Promise<{ rows: AdministrativeUnitRow[]; totalCount: number }> {
  // The window count runs before the cursor condition, so it counts every match, not just the
  // rows after the cursor.
  const matches = db
    .select({
      ...getTableColumns(units),
      totalCount: sql<number>`count(*) OVER ()`.as('total_count'),
    })
    .from(units)
    .where(and(...filterConditions(filter, asOf)))
    .as('matches');
  const rows = await db
    .select()
    .from(matches)
    .where(after ? gt(matches.code, after) : undefined)
    .orderBy(matches.code)
    .limit(first + 1);
  // An empty page (past the end, or first: 0 after a cursor) carries no window count.
  const totalCount =
    rows.length > 0 ? Number(rows[0]!.totalCount) : await countUnits(db, filter, asOf);
  return { rows: rows.map(({ totalCount: _total, ...row }) => row), totalCount };
}

async function countUnits(db: UnitsDatabase, filter: UnitFilter, asOf: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)` })
    .from(units)
    .where(and(...filterConditions(filter, asOf)));
  return Number(row?.count ?? 0);
}

/**
 * The first `first + 1` children of each parent in force on `asOf`, in code order, with each
 * parent's child count: the first page of many `children` connections in one statement.
 */
export async function findFirstChildren(
  db: UnitsDatabase,
  parentCodes: readonly string[],
  asOf: string,
  type: UnitType | null,
  first: number,
) {
  const ranked = db
    .select({
      ...getTableColumns(units),
      position:
        sql<number>`row_number() OVER (PARTITION BY ${units.parentCode} ORDER BY ${units.code})`.as(
          'position',
        ),
      siblingCount: sql<number>`count(*) OVER (PARTITION BY ${units.parentCode})`.as(
        'sibling_count',
      ),
    })
    .from(units)
    .where(
      and(
        inArray(units.parentCode, [...parentCodes]),
        inForceOn(asOf),
        type ? eq(units.type, type) : undefined,
      ),
    )
    .as('ranked');
  return db
    .select()
    .from(ranked)
    .where(lte(ranked.position, first + 1))
    .orderBy(ranked.parentCode, ranked.code);
}

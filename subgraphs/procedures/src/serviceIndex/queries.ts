import { addDays } from '@home-affairs/graphql';
import { and, inArray, sql } from 'drizzle-orm';
import { procedurePublications, unitDirectory } from '../db/schema.ts';
import type { StatisticsDatabase } from '../statistics/queries.ts';

/** How far back publications count for a period: the year up to its last day. */
export const publicationWindowDays = 365;

/** Publication counts of one province, for one procedure or all (`procedureCode` ''). */
export interface PublicationRow {
  provinceCode: string;
  procedureCode: string;
  due: number;
  onTime: number;
}

/**
 * Counts, in ONE statement, the publications of procedure changes that took effect in the
 * `publicationWindowDays` up to `to`, and those published on or before that day, for each
 * province and procedure and for each province over all procedures.
 */
export async function readPublicationCounts(
  db: StatisticsDatabase,
  provinceCodes: string[],
  to: string,
): Promise<PublicationRow[]> {
  if (provinceCodes.length === 0) return [];
  const since = addDays(to, -publicationWindowDays);
  const rows = await db
    .select({
      provinceCode: procedurePublications.provinceCode,
      procedureCode: sql<string>`coalesce(${procedurePublications.procedureCode}, '')`,
      due: sql<number>`count(*)::int`,
      onTime: sql<number>`(count(*) FILTER (WHERE ${procedurePublications.publishedOn} <= ${procedurePublications.effectiveOn}))::int`,
    })
    .from(procedurePublications)
    .where(
      and(
        inArray(procedurePublications.provinceCode, provinceCodes),
        sql`${procedurePublications.effectiveOn} > ${since}::date`,
        sql`${procedurePublications.effectiveOn} <= ${to}::date`,
      ),
    )
    .groupBy(
      sql`GROUPING SETS ((${procedurePublications.provinceCode}, ${procedurePublications.procedureCode}), (${procedurePublications.provinceCode}))`,
    );
  return rows;
}

/** What the index needs of a directory unit. */
export interface IndexedUnit {
  code: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'CENTRAL';
  /** Province in force today that the unit's dossiers count under. */
  provinceCode: string;
  inForce: boolean;
}

/** Reads directory units by code, in one statement. */
export async function readIndexedUnits(
  db: StatisticsDatabase,
  codes: readonly string[],
): Promise<IndexedUnit[]> {
  const rows = await db
    .select({
      code: unitDirectory.code,
      level: unitDirectory.level,
      provinceCode: unitDirectory.currentProvinceCode,
      validTo: unitDirectory.validTo,
    })
    .from(unitDirectory)
    .where(inArray(unitDirectory.code, [...codes]));
  return rows.map(({ validTo, ...row }) => ({ ...row, inForce: validTo === null }));
}

/** Codes of the commune-level units in force today in each of `provinceCodes`, in one statement. */
export async function readCommuneCodes(
  db: StatisticsDatabase,
  provinceCodes: readonly string[],
): Promise<{ provinceCode: string; code: string }[]> {
  return db
    .select({ provinceCode: unitDirectory.currentProvinceCode, code: unitDirectory.code })
    .from(unitDirectory)
    .where(
      and(
        inArray(unitDirectory.currentProvinceCode, [...provinceCodes]),
        sql`${unitDirectory.level} = 'COMMUNE' AND ${unitDirectory.validTo} IS NULL`,
      ),
    )
    .orderBy(unitDirectory.code);
}

import { selectRows } from '@home-affairs/db';
import type { UnitChangeLink, UnitVersion } from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import { unitChanges, administrativeUnits as units, unitTransitions } from '../db/schema.ts';
import type { UnitLevel, UnitsDatabase, UnitType } from '../units/queries.ts';

/** A unit as it stood on one side of a change, with the units subgraph's own level and type. */
export type UnitChangeState = UnitVersion<UnitLevel, UnitType>;

/** What a feed entry did to its code. */
export type UnitChangeKind =
  | 'ESTABLISHED'
  | 'ABOLISHED'
  | 'CHANGED'
  | 'LINEAGE_CHANGED'
  | 'WITHDRAWN';

/** One feed entry, read from the versions and links of its code and date. */
export interface UnitChangeEntry {
  sequence: number;
  code: string;
  kind: UnitChangeKind;
  effectiveDate: string;
  recordedAt: string;
  before: UnitChangeState | null;
  after: UnitChangeState | null;
  successors: UnitChangeLink[];
  predecessors: UnitChangeLink[];
}

/** The version of `code` in force on `day`, as JSON: one correlated subquery. */
function stateOn(code: unknown, dayCondition: ReturnType<typeof sql>) {
  return sql`(SELECT json_build_object('level', v.level, 'type', v.type, 'name', v.name,
      'fullName', v.full_name, 'parentCode', v.parent_code, 'provinceCode', v.province_code,
      'validFrom', v.valid_from, 'validTo', v.valid_to)
    FROM ${units} v WHERE v.code = ${code} AND ${dayCondition}
    ORDER BY v.valid_from DESC NULLS LAST LIMIT 1)`;
}

const stateFields = ['level', 'type', 'name', 'fullName', 'parentCode', 'provinceCode'] as const;

/** The kind of an entry from the versions on either side of its date. */
export function changeKind(
  before: UnitChangeState | null,
  after: UnitChangeState | null,
): UnitChangeKind {
  if (!before) return after ? 'ESTABLISHED' : 'WITHDRAWN';
  if (!after) return 'ABOLISHED';
  return stateFields.some((field) => before[field] !== after[field])
    ? 'CHANGED'
    : 'LINEAGE_CHANGED';
}

/**
 * The feed entries after `afterSequence` (from the start when undefined), oldest first, up to
 * `limit`, each with the versions in force the day before and on its date and its links of that
 * date; with the number of entries after `afterSequence` and the last sequence recorded. Three
 * statements whatever the page size.
 */
export async function findUnitChanges(
  db: UnitsDatabase,
  afterSequence: number | undefined,
  limit: number,
): Promise<{ entries: UnitChangeEntry[]; totalCount: number; headSequence: number | null }> {
  const after = afterSequence ?? 0;
  const [[counts], rows] = await Promise.all([
    selectRows<{ totalCount: number; headSequence: string | null }>(
      db,
      sql`SELECT count(*) FILTER (WHERE ${unitChanges.id} > ${after})::int AS "totalCount",
        max(${unitChanges.id}) AS "headSequence" FROM ${unitChanges}`,
    ),
    limit === 0
      ? Promise.resolve([])
      : selectRows<{
          sequence: string;
          code: string;
          effectiveDate: string;
          recordedAt: string | Date;
          before: UnitChangeState | null;
          after: UnitChangeState | null;
          successors: UnitChangeLink[] | null;
          predecessors: UnitChangeLink[] | null;
        }>(
          db,
          sql`
          SELECT c.id AS sequence, c.code, c.effective_date::text AS "effectiveDate",
            c.recorded_at AS "recordedAt",
            ${stateOn(sql`c.code`, sql`(v.valid_from IS NULL OR v.valid_from < c.effective_date) AND (v.valid_to IS NULL OR v.valid_to >= c.effective_date)`)} AS before,
            ${stateOn(sql`c.code`, sql`(v.valid_from IS NULL OR v.valid_from <= c.effective_date) AND (v.valid_to IS NULL OR v.valid_to > c.effective_date)`)} AS after,
            (SELECT json_agg(json_build_object('code', t.successor_code, 'share', t.share,
                'resolution', t.resolution, 'provinceCode',
                (SELECT s.province_code FROM ${units} s WHERE s.code = t.successor_code
                  AND (s.valid_from IS NULL OR s.valid_from <= t.effective_date)
                  AND (s.valid_to IS NULL OR s.valid_to > t.effective_date) LIMIT 1))
              ORDER BY t.successor_code COLLATE "C")
              FROM ${unitTransitions} t
              WHERE t.predecessor_code = c.code AND t.effective_date = c.effective_date) AS successors,
            (SELECT json_agg(json_build_object('code', t.predecessor_code, 'share', t.share,
                'resolution', t.resolution, 'provinceCode',
                (SELECT p.province_code FROM ${units} p WHERE p.code = t.predecessor_code
                  AND (p.valid_from IS NULL OR p.valid_from < t.effective_date)
                  AND (p.valid_to IS NULL OR p.valid_to >= t.effective_date)
                  ORDER BY p.valid_from DESC NULLS LAST LIMIT 1))
              ORDER BY t.predecessor_code COLLATE "C")
              FROM ${unitTransitions} t
              WHERE t.successor_code = c.code AND t.effective_date = c.effective_date) AS predecessors
          FROM ${unitChanges} c
          WHERE c.id > ${after}
          ORDER BY c.id
          LIMIT ${limit}`,
        ),
  ]);
  const entries = rows.map((row) => ({
    sequence: Number(row.sequence),
    code: row.code,
    kind: changeKind(row.before, row.after),
    effectiveDate: row.effectiveDate,
    recordedAt: new Date(row.recordedAt).toISOString(),
    before: row.before,
    after: row.after,
    successors: row.successors ?? [],
    predecessors: row.predecessors ?? [],
  }));
  return {
    entries,
    totalCount: counts?.totalCount ?? 0,
    headSequence: counts?.headSequence == null ? null : Number(counts.headSequence),
  };
}

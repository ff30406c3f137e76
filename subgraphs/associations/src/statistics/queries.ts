import { selectRows } from '@home-affairs/db';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { organizationStatuses } from '../db/schema.ts';
import {
  type AssociationsDatabase,
  filterConditions,
  inList,
  joinedStatusOn,
  latestChangesOn,
  type OrganizationFilter,
  o,
  organizationsAsO,
  provinceOn,
} from '../organizations/queries.ts';

const s = alias(organizationStatuses, 's');

/**
 * What each value of the SDL's `OrganizationStatisticsDimension` groups by on `day`: the kind,
 * scope, status or province of the organisation.
 */
function dimensionExpressions(day: string) {
  return {
    KIND: sql`${o.kind}::text`,
    SCOPE: sql`${o.scope}::text`,
    STATUS: joinedStatusOn(day),
    PROVINCE: provinceOn(day),
  } satisfies Record<string, SQL>;
}

/** What statistics can be grouped by (`OrganizationStatisticsDimension`). */
export type StatisticsDimension = keyof ReturnType<typeof dimensionExpressions>;

/** One group of a count. */
interface StatisticsGroup {
  kind: string | null;
  scope: string | null;
  status: string | null;
  provinceCode: string | null;
  count: number;
}

/**
 * Counts organisations matching `filter` on `day`, grouped by `dimensions`: one statement. The
 * province is the one of that day (63 before the reform, 34 after), see `provinceOn`.
 */
export async function countOrganizationGroups(
  db: AssociationsDatabase,
  filter: OrganizationFilter | null | undefined,
  day: string,
  dimensions: readonly StatisticsDimension[],
): Promise<StatisticsGroup[]> {
  const expressions = dimensionExpressions(day);
  const positions = sql.join(
    dimensions.map((_, index) => sql.raw(String(index + 1))),
    sql`, `,
  );
  const grouped = dimensions.length ? sql`GROUP BY ${positions} ORDER BY ${positions}` : sql``;
  const selected = dimensions.map(
    (dimension) => sql`${expressions[dimension]} AS "${sql.raw(dimension)}"`,
  );
  const result = await selectRows<Record<string, string | number | null>>(
    db,
    sql`
    SELECT ${sql.join([...selected, sql`count(*)::int AS count`], sql`, `)}
    FROM ${organizationsAsO}
    LEFT JOIN ${latestChangesOn(day)} AS latest ON latest.registration_number = ${o.registrationNumber}
    WHERE ${sql.join(filterConditions(filter, day, joinedStatusOn(day)), sql` AND `)}
    ${grouped}`,
  );
  return result.map((row) => ({
    kind: (row.KIND as string | undefined) ?? null,
    scope: (row.SCOPE as string | undefined) ?? null,
    status: (row.STATUS as string | undefined) ?? null,
    provinceCode: (row.PROVINCE as string | undefined) ?? null,
    count: row.count as number,
  }));
}

/** Registrations, dissolutions, mergers and year-end totals per year: one statement. */
export async function countByYear(
  db: AssociationsDatabase,
  fromYear: number,
  toYear: number,
  filter: Pick<OrganizationFilter, 'kind' | 'scope'>,
) {
  const conditions: SQL[] = [sql`true`];
  if (filter.kind?.length) conditions.push(inList(sql`${o.kind}::text`, filter.kind));
  if (filter.scope?.length) conditions.push(inList(sql`${o.scope}::text`, filter.scope));
  const where = sql.join(conditions, sql` AND `);
  return selectRows<{
    year: number;
    registered: number;
    dissolved: number;
    merged: number;
    existingAtYearEnd: number;
  }>(
    db,
    sql`
    WITH selected AS (
      SELECT ${o.registrationNumber}, ${o.registeredOn}, ${o.endedOn}
      FROM ${organizationsAsO} WHERE ${where}
    ),
    registrations AS (
      SELECT extract(year FROM registered_on)::int AS year, count(*)::int AS count
      FROM selected GROUP BY 1
    ),
    ends AS (
      SELECT extract(year FROM ended_on)::int AS year, count(*)::int AS count
      FROM selected WHERE ended_on IS NOT NULL GROUP BY 1
    ),
    endings AS (
      SELECT extract(year FROM ${s.validFrom})::int AS year,
        count(*) FILTER (WHERE ${s.status} = 'DISSOLVED')::int AS dissolved,
        count(*) FILTER (WHERE ${s.status} = 'MERGED')::int AS merged
      FROM ${organizationStatuses} ${s} JOIN selected USING (registration_number)
      WHERE ${s.status} IN ('DISSOLVED', 'MERGED') GROUP BY 1
    ),
    years AS (
      SELECT generate_series(
        least(${fromYear}::int, coalesce((SELECT min(year) FROM registrations), ${fromYear}::int)),
        ${toYear}::int) AS year
    ),
    running AS (
      -- In existence on 31 December: registered by then, less those that ended by then.
      SELECT y.year, coalesce(r.count, 0) AS registered,
        sum(coalesce(r.count, 0) - coalesce(e.count, 0)) OVER (ORDER BY y.year)::int AS existing
      FROM years y
      LEFT JOIN registrations r ON r.year = y.year
      LEFT JOIN ends e ON e.year = y.year
    )
    SELECT y.year, y.registered, coalesce(n.dissolved, 0) AS dissolved,
      coalesce(n.merged, 0) AS merged, y.existing AS "existingAtYearEnd"
    FROM running y LEFT JOIN endings n ON n.year = y.year
    WHERE y.year >= ${fromYear}::int
    ORDER BY y.year`,
  );
}

import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { foldForSearch, reformDate } from '@home-affairs/graphql';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type * as schema from '../db/schema.ts';
import {
  type organizationKind,
  type organizationScope,
  type organizationStatus,
  organizationStatuses,
  organizations,
} from '../db/schema.ts';

/** The database of this subgraph, on either driver. */
export type AssociationsDatabase = Database<typeof schema>;

/** Kinds of organisation, as the database and the schema spell them. */
export type OrganizationKind = (typeof organizationKind.enumValues)[number];
/** Scopes of operation. */
export type OrganizationScope = (typeof organizationScope.enumValues)[number];
/** Statuses; DISSOLVED and MERGED are final. */
export type OrganizationStatus = (typeof organizationStatus.enumValues)[number];

/**
 * `associations.organizations` as `o`, the alias every query of this module reads it under:
 * `${o.kind}` renders `"o"."kind"`, and `FROM ${organizations} ${o}` the schema-qualified table.
 */
export const o = alias(organizations, 'o');
/** `organizations` as `o` in a FROM or JOIN clause. */
export const organizationsAsO = sql`${organizations} ${o}`;
const s = alias(organizationStatuses, 's');

/** The `OrganizationFilter` input. */
export interface OrganizationFilter {
  kind?: OrganizationKind[] | null;
  scope?: OrganizationScope[] | null;
  status?: OrganizationStatus[] | null;
  provinceCode?: string | null;
  fieldOfActivity?: string[] | null;
  policyAdvisory?: boolean | null;
  search?: string | null;
}

/** The columns of `OrganizationRecord`, read from `o` (dates as text, enums as their names). */
const recordColumns = {
  registrationNumber: sql`${o.registrationNumber}`,
  kind: sql`${o.kind}::text`,
  name: sql`${o.name}`,
  abbreviation: sql`${o.abbreviation}`,
  englishName: sql`${o.englishName}`,
  scope: sql`${o.scope}::text`,
  licensingLevel: sql`${o.licensingLevel}::text`,
  licensingAgencyCode: sql`${o.licensingAgencyCode}`,
  seatCode: sql`${o.seatCode}`,
  seatProvinceCode: sql`${o.seatProvinceCode}`,
  seatCurrentProvinceCode: sql`${o.seatCurrentProvinceCode}`,
  fieldOfActivity: sql`${o.fieldOfActivity}::text`,
  foundedOn: sql`${o.foundedOn}::text`,
  registeredOn: sql`${o.registeredOn}::text`,
  endedOn: sql`${o.endedOn}::text`,
  policyAdvisory: sql`${o.policyAdvisory}`,
  specialCharacter: sql`${o.specialCharacter}`,
  memberCount: sql`${o.memberCount}`,
  foundingAssetsVnd: sql`${o.foundingAssetsVnd}::float8`,
  synthetic: sql`${o.synthetic}`,
} satisfies Partial<Record<keyof typeof organizations.$inferSelect, SQL>>;

/** One organisation as the resolvers read it (dates as `YYYY-MM-DD`, amounts as numbers). */
export type OrganizationRecord = Pick<
  typeof organizations.$inferSelect,
  keyof typeof recordColumns
>;

/** The columns of `OrganizationRecord`, selected from `o`. */
const organizationColumns = sql.join(
  Object.entries(recordColumns).map(([key, column]) => sql`${column} AS ${sql.identifier(key)}`),
  sql`, `,
);

/**
 * The latest status change of each organisation on or before `day`, as a relation to join on
 * `registration_number`: one pass over the changes instead of one lookup per organisation.
 */
export function latestChangesOn(day: string): SQL {
  return sql`(SELECT DISTINCT ON (${s.registrationNumber}) ${s.registrationNumber}, ${s.status}
    FROM ${organizationStatuses} ${s} WHERE ${s.validFrom} <= ${day}::date
    ORDER BY ${s.registrationNumber}, ${s.validFrom} DESC, ${s.id} DESC)`;
}

/** The status of organisation `o` on `day` when `latest` is joined from `latestChangesOn`. */
export function joinedStatusOn(day: string): SQL {
  return sql`CASE WHEN ${o.registeredOn} > ${day}::date THEN NULL
    ELSE coalesce(latest.status::text, 'ACTIVE') END`;
}

/** The status of organisation `o` on `day` (null before its registration). */
export function statusOn(day: string): SQL {
  return sql`CASE WHEN ${o.registeredOn} > ${day}::date THEN NULL ELSE coalesce(
    (SELECT ${s.status}::text FROM ${organizationStatuses} ${s}
      WHERE ${s.registrationNumber} = ${o.registrationNumber} AND ${s.validFrom} <= ${day}::date
      ORDER BY ${s.validFrom} DESC LIMIT 1), 'ACTIVE') END`;
}

/**
 * The province of organisation `o` on `day`: before the 2025 reform the province it registered in
 * (one of 63), from 1 July 2025 the province of today that took its seat over (one of 34).
 */
export function provinceOn(day: string): SQL {
  return day < reformDate ? sql`${o.seatProvinceCode}` : sql`${o.seatCurrentProvinceCode}`;
}

/** The condition that `expression` is one of `values`. */
export function inList(expression: SQL, values: readonly string[]): SQL {
  return sql`(${expression}) IN (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * SQL conditions on `associations.organizations o` for `filter` on `day`. `status` is the SQL of
 * each organisation's status that day (a query that joins the latest changes passes its own).
 */
export function filterConditions(
  filter: OrganizationFilter | null | undefined,
  day: string,
  status: SQL = statusOn(day),
): SQL[] {
  const conditions: SQL[] = [sql`${o.registeredOn} <= ${day}::date`];
  if (filter?.status?.length) conditions.push(inList(status, filter.status));
  else conditions.push(sql`(${o.endedOn} IS NULL OR ${o.endedOn} > ${day}::date)`);
  if (filter?.kind?.length) conditions.push(inList(sql`${o.kind}::text`, filter.kind));
  if (filter?.scope?.length) conditions.push(inList(sql`${o.scope}::text`, filter.scope));
  if (filter?.fieldOfActivity?.length) {
    conditions.push(inList(sql`${o.fieldOfActivity}::text`, filter.fieldOfActivity));
  }
  if (filter?.policyAdvisory != null) {
    conditions.push(sql`${o.policyAdvisory} = ${filter.policyAdvisory}`);
  }
  if (filter?.provinceCode != null) {
    // After the reform, an old province abolished in 2025 keeps the organisations recorded in it.
    conditions.push(seatedIn(sql`${filter.provinceCode}`, 2, day));
  }
  if (filter?.search != null && filter.search.trim() !== '') {
    conditions.push(sql`${o.searchKey} LIKE ${likePattern(foldForSearch(filter.search))}`);
  }
  return conditions;
}

/**
 * The condition that organisation `o` is seated in the unit `unit` (an SQL expression giving a
 * unit code) on `day`, for units of one tier, told by the code's length: 2 digits a province, 3 a
 * district, 5 a commune-level unit.
 */
export function seatedIn(unit: SQL, codeLength: number, day: string): SQL {
  const afterReform = day >= reformDate;
  if (codeLength === 2) {
    return afterReform
      ? sql`(${o.seatCurrentProvinceCode} = ${unit} OR ${o.seatProvinceCode} = ${unit})`
      : sql`${o.seatProvinceCode} = ${unit}`;
  }
  if (codeLength === 3) return sql`${o.seatDistrictCode} = ${unit}`;
  return afterReform
    ? sql`(${o.seatCurrentCode} = ${unit} OR ${o.seatCode} = ${unit})`
    : sql`${o.seatCode} = ${unit}`;
}

/**
 * A page of organisations matching `conditions`, after the registration number `after`, with the
 * count of all matches: one statement (the count is an uncorrelated subquery, run once).
 */
export async function findOrganizationPage(
  db: AssociationsDatabase,
  conditions: SQL[],
  first: number,
  after: string | undefined,
): Promise<{ rows: OrganizationRecord[]; totalCount: number }> {
  const where = sql.join(conditions, sql` AND `);
  if (first === 0) return { rows: [], totalCount: await countOrganizations(db, conditions) };
  const rows = await selectRows<OrganizationRecord & { totalCount: number }>(
    db,
    sql`
    SELECT ${organizationColumns},
      (SELECT count(*)::int FROM ${organizationsAsO} WHERE ${where}) AS "totalCount"
    FROM ${organizationsAsO}
    WHERE ${where}${after === undefined ? sql`` : sql` AND ${o.registrationNumber} > ${after}`}
    ORDER BY ${o.registrationNumber} LIMIT ${first + 1}`,
  );
  if (rows.length === 0) {
    return {
      rows: [],
      totalCount: after === undefined ? 0 : await countOrganizations(db, conditions),
    };
  }
  return {
    rows: rows.map(({ totalCount: _total, ...row }) => row),
    totalCount: rows[0]!.totalCount,
  };
}

/** How many organisations match `conditions`. */
async function countOrganizations(db: AssociationsDatabase, conditions: SQL[]) {
  const result = await selectRows<{ count: number }>(
    db,
    sql`SELECT count(*)::int AS count FROM ${organizationsAsO} WHERE ${sql.join(conditions, sql` AND `)}`,
  );
  return result[0]!.count;
}

/** Organisations by registration number. */
export async function findOrganizations(
  db: AssociationsDatabase,
  registrationNumbers: readonly string[],
) {
  return selectRows<OrganizationRecord>(
    db,
    sql`
    SELECT ${organizationColumns} FROM ${organizationsAsO}
    WHERE ${o.registrationNumber} IN (SELECT json_array_elements_text(${JSON.stringify(registrationNumbers)}::json))`,
  );
}

/** The status of each organisation on `day` (absent before its registration). */
export async function findStatusesOn(
  db: AssociationsDatabase,
  registrationNumbers: readonly string[],
  day: string,
) {
  return selectRows<{
    registrationNumber: string;
    status: OrganizationStatus | null;
  }>(
    db,
    sql`
    SELECT ${o.registrationNumber} AS "registrationNumber", ${statusOn(day)} AS status
    FROM ${organizationsAsO}
    WHERE ${o.registrationNumber} IN (SELECT json_array_elements_text(${JSON.stringify(registrationNumbers)}::json))`,
  );
}

/**
 * The first page of organisations seated in each unit (all of one tier, see `seatedIn`), with
 * each unit's total: one statement for the whole batch.
 */
export async function findFirstPagesByUnit(
  db: AssociationsDatabase,
  unitCodes: readonly string[],
  codeLength: number,
  filter: OrganizationFilter | null | undefined,
  day: string,
  first: number,
) {
  const conditions = [seatedIn(sql`u.code`, codeLength, day), ...filterConditions(filter, day)];
  const where = sql.join(conditions, sql` AND `);
  return selectRows<Partial<OrganizationRecord> & { unitCode: string; totalCount: number }>(
    db,
    sql`
    SELECT u.code AS "unitCode", counted.total AS "totalCount", page.*
    FROM json_array_elements_text(${JSON.stringify(unitCodes)}::json) AS u(code)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS total FROM ${organizationsAsO} WHERE ${where}
    ) AS counted
    LEFT JOIN LATERAL (
      SELECT ${organizationColumns} FROM ${organizationsAsO} WHERE ${where}
      ORDER BY ${o.registrationNumber} LIMIT ${first + 1}
    ) AS page ON true
    ORDER BY u.code, page."registrationNumber"`,
  );
}

/** Counts by kind and scope of the organisations seated in each unit (all of one tier). */
export async function findCountsByUnit(
  db: AssociationsDatabase,
  unitCodes: readonly string[],
  codeLength: number,
  day: string,
) {
  const conditions = [seatedIn(sql`u.code`, codeLength, day), ...filterConditions(null, day)];
  return selectRows<{
    unitCode: string;
    kind: string;
    scope: string;
    count: number;
  }>(
    db,
    sql`
    SELECT u.code AS "unitCode", ${o.kind}::text AS kind, ${o.scope}::text AS scope, count(*)::int AS count
    FROM json_array_elements_text(${JSON.stringify(unitCodes)}::json) AS u(code)
    JOIN ${organizationsAsO} ON ${sql.join(conditions, sql` AND `)}
    GROUP BY 1, 2, 3`,
  );
}

import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { foldForSearch, reformDate } from '@home-affairs/graphql';
import { type SQL, sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';

/** The database of this subgraph, on either driver. */
export type AssociationsDatabase = Database<typeof schema>;

/** Kinds of organisation, as the database and the schema spell them. */
export type OrganizationKind = 'ASSOCIATION' | 'SOCIAL_FUND' | 'CHARITY_FUND';
/** Scopes of operation. */
export type OrganizationScope = 'NATIONWIDE' | 'INTER_PROVINCIAL' | 'PROVINCIAL' | 'COMMUNE';
/** Statuses; DISSOLVED and MERGED are final. */
export type OrganizationStatus = 'ACTIVE' | 'SUSPENDED' | 'DISSOLVED' | 'MERGED';

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

/** One organisation as the resolvers read it (dates as `YYYY-MM-DD`, amounts as numbers). */
export interface OrganizationRecord {
  registrationNumber: string;
  kind: OrganizationKind;
  name: string;
  abbreviation: string | null;
  englishName: string | null;
  scope: OrganizationScope;
  licensingLevel: string;
  licensingAgencyCode: string;
  seatCode: string;
  seatProvinceCode: string;
  seatCurrentProvinceCode: string;
  fieldOfActivity: string;
  foundedOn: string;
  registeredOn: string;
  endedOn: string | null;
  policyAdvisory: boolean;
  specialCharacter: boolean;
  memberCount: number | null;
  foundingAssetsVnd: number | null;
  synthetic: boolean;
}

/** The columns of `OrganizationRecord`, selected from `associations.organizations o`. */
const organizationColumns = sql.raw(`o.registration_number AS "registrationNumber",
  o.kind::text AS "kind", o.name, o.abbreviation, o.english_name AS "englishName",
  o.scope::text AS "scope", o.licensing_level::text AS "licensingLevel",
  o.licensing_agency_code AS "licensingAgencyCode", o.seat_code AS "seatCode",
  o.seat_province_code AS "seatProvinceCode",
  o.seat_current_province_code AS "seatCurrentProvinceCode",
  o.field_of_activity::text AS "fieldOfActivity", o.founded_on::text AS "foundedOn",
  o.registered_on::text AS "registeredOn", o.ended_on::text AS "endedOn",
  o.policy_advisory AS "policyAdvisory", o.special_character AS "specialCharacter",
  o.member_count AS "memberCount", o.founding_assets_vnd::float8 AS "foundingAssetsVnd",
  o.synthetic`);

/**
 * The latest status change of each organisation on or before `day`, as a relation to join on
 * `registration_number`: one pass over the changes instead of one lookup per organisation.
 */
export function latestChangesOn(day: string): SQL {
  return sql`(SELECT DISTINCT ON (s.registration_number) s.registration_number, s.status
    FROM associations.organization_statuses s WHERE s.valid_from <= ${day}::date
    ORDER BY s.registration_number, s.valid_from DESC, s.id DESC)`;
}

/** The status of organisation `o` on `day` when `latest` is joined from `latestChangesOn`. */
export function joinedStatusOn(day: string): SQL {
  return sql`CASE WHEN o.registered_on > ${day}::date THEN NULL
    ELSE coalesce(latest.status::text, 'ACTIVE') END`;
}

/** The status of organisation `o` on `day` (null before its registration). */
export function statusOn(day: string): SQL {
  return sql`CASE WHEN o.registered_on > ${day}::date THEN NULL ELSE coalesce(
    (SELECT s.status::text FROM associations.organization_statuses s
      WHERE s.registration_number = o.registration_number AND s.valid_from <= ${day}::date
      ORDER BY s.valid_from DESC LIMIT 1), 'ACTIVE') END`;
}

/**
 * The province of organisation `o` on `day`: before the 2025 reform the province it registered in
 * (one of 63), from 1 July 2025 the province of today that took its seat over (one of 34).
 */
export function provinceOn(day: string): SQL {
  return day < reformDate ? sql`o.seat_province_code` : sql`o.seat_current_province_code`;
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
  const conditions: SQL[] = [sql`o.registered_on <= ${day}::date`];
  if (filter?.status?.length) conditions.push(inList(status, filter.status));
  else conditions.push(sql`(o.ended_on IS NULL OR o.ended_on > ${day}::date)`);
  if (filter?.kind?.length) conditions.push(inList(sql`o.kind::text`, filter.kind));
  if (filter?.scope?.length) conditions.push(inList(sql`o.scope::text`, filter.scope));
  if (filter?.fieldOfActivity?.length) {
    conditions.push(inList(sql`o.field_of_activity::text`, filter.fieldOfActivity));
  }
  if (filter?.policyAdvisory != null) {
    conditions.push(sql`o.policy_advisory = ${filter.policyAdvisory}`);
  }
  if (filter?.provinceCode != null) {
    // After the reform, an old province abolished in 2025 keeps the organisations recorded in it.
    conditions.push(seatedIn(sql`${filter.provinceCode}`, 2, day));
  }
  if (filter?.search != null && filter.search.trim() !== '') {
    conditions.push(sql`o.search_key LIKE ${likePattern(foldForSearch(filter.search))}`);
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
      ? sql`(o.seat_current_province_code = ${unit} OR o.seat_province_code = ${unit})`
      : sql`o.seat_province_code = ${unit}`;
  }
  if (codeLength === 3) return sql`o.seat_district_code = ${unit}`;
  return afterReform
    ? sql`(o.seat_current_code = ${unit} OR o.seat_code = ${unit})`
    : sql`o.seat_code = ${unit}`;
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
      (SELECT count(*)::int FROM associations.organizations o WHERE ${where}) AS "totalCount"
    FROM associations.organizations o
    WHERE ${where}${after === undefined ? sql`` : sql` AND o.registration_number > ${after}`}
    ORDER BY o.registration_number LIMIT ${first + 1}`,
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
    sql`SELECT count(*)::int AS count FROM associations.organizations o WHERE ${sql.join(conditions, sql` AND `)}`,
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
    SELECT ${organizationColumns} FROM associations.organizations o
    WHERE o.registration_number IN (SELECT json_array_elements_text(${JSON.stringify(registrationNumbers)}::json))`,
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
    SELECT o.registration_number AS "registrationNumber", ${statusOn(day)} AS status
    FROM associations.organizations o
    WHERE o.registration_number IN (SELECT json_array_elements_text(${JSON.stringify(registrationNumbers)}::json))`,
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
      SELECT count(*)::int AS total FROM associations.organizations o WHERE ${where}
    ) AS counted
    LEFT JOIN LATERAL (
      SELECT ${organizationColumns} FROM associations.organizations o WHERE ${where}
      ORDER BY o.registration_number LIMIT ${first + 1}
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
    SELECT u.code AS "unitCode", o.kind::text AS kind, o.scope::text AS scope, count(*)::int AS count
    FROM json_array_elements_text(${JSON.stringify(unitCodes)}::json) AS u(code)
    JOIN associations.organizations o ON ${sql.join(conditions, sql` AND `)}
    GROUP BY 1, 2, 3`,
  );
}

import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { foldForSearch } from '@home-affairs/graphql';
import { sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { organizationTemplates } from './organizationTemplates.ts';
import { insertOrganizations, insertRecords } from './registryRecords.ts';
import { integer } from './sqlLiterals.ts';

/**
 * The figures the demo registry reproduces from its own records, as of 2024-12-31: the Ministry of
 * Home Affairs' count of associations (hội) and of social and charity funds at the end of 2024,
 * and how many of them operate nationwide or across provinces.
 */
export const registryCalibration = {
  day: '2024-12-31',
  associations: 70_096,
  funds: 3_081,
  nationwideOrInterProvincialAssociations: 609,
  nationwideOrInterProvincialFunds: 101,
} as const;

/** How the demo registry is laid out beyond the calibrated figures. */
export interface RegistryLayout {
  /** Associations in existence on 2024-12-31. @default 70,096 */
  associations: number;
  /** Funds in existence on 2024-12-31. @default 3,081 */
  funds: number;
  /** Of those associations, nationwide or inter-provincial. @default 609 */
  wideAssociations: number;
  /** Of those funds, nationwide or inter-provincial. @default 101 */
  wideFunds: number;
  /** Organisations dissolved or merged before 2025, which no longer count. @default 700 */
  endedBefore2025: number;
  /** Organisations registered from 2025-01-01 on, across the reform. @default 900 */
  registeredFrom2025: number;
}

/** The full national registry. */
export const fullRegistry: RegistryLayout = {
  associations: registryCalibration.associations,
  funds: registryCalibration.funds,
  wideAssociations: registryCalibration.nationwideOrInterProvincialAssociations,
  wideFunds: registryCalibration.nationwideOrInterProvincialFunds,
  endedBefore2025: 700,
  registeredFrom2025: 900,
};

/** Row counts the generator wrote. */
export interface GeneratedRegistry {
  organizations: number;
  statuses: number;
  leaders: number;
  charters: number;
  financialReports: number;
  affiliatedEntities: number;
  inspections: number;
}

/** The working tables of a generation, dropped before it starts and when it ends. */
const seedTables = ['seed_communes', 'seed_provinces', 'seed_base', 'seed_placed', 'seed_plan'];

/**
 * Generates the demo registry over the unit directory already stored, set-based: one
 * `INSERT ... SELECT` per table from `generate_series`, every choice drawn from an md5 of the
 * organisation's ordinal, so that every machine gets the same records. Run it in a transaction.
 *
 * Layout, by ordinal: first the associations in existence on 2024-12-31 (the first
 * `wideAssociations` of them nationwide or inter-provincial), then the funds in existence on that
 * day (the first `wideFunds` wide), then organisations that ended before 2025, then registrations
 * from 2025 on. So the records themselves give the published figures as of 2024-12-31, and every
 * later event (suspensions, dissolutions, mergers in 2025-2026) happens after that day.
 * Organisations registered before 1 July 2025 are seated in an old (three-tier) commune, later
 * ones in a current one.
 */
export async function generateRegistry(
  db: Database<typeof schema>,
  layout: RegistryLayout = fullRegistry,
): Promise<GeneratedRegistry> {
  for (const table of seedTables) {
    await db.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
  }
  const provinces = await numberUnits(db);
  await drawOrganizations(db, layout, provinces);
  await placeOrganizations(db);
  await insertOrganizations(db);
  await insertRecords(db);

  const [counts] = await selectRows<Record<keyof GeneratedRegistry, number>>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM associations.organizations) AS "organizations",
      (SELECT count(*)::int FROM associations.organization_statuses) AS "statuses",
      (SELECT count(*)::int FROM associations.organization_leaders) AS "leaders",
      (SELECT count(*)::int FROM associations.charters) AS "charters",
      (SELECT count(*)::int FROM associations.financial_reports) AS "financialReports",
      (SELECT count(*)::int FROM associations.affiliated_entities) AS "affiliatedEntities",
      (SELECT count(*)::int FROM associations.inspections) AS "inspections"`,
  );
  for (const table of seedTables) {
    await db.execute(sql.raw(`DROP TABLE ${table}`));
  }
  return counts!;
}

/**
 * Numbers the communes nationwide (key '*') and within their province, and the provinces, of
 * each snapshot, to draw a seat by number; returns the provinces of each snapshot.
 */
async function numberUnits(db: Database<typeof schema>) {
  await db.execute(sql`
    CREATE TEMP TABLE seed_communes AS
    SELECT d.*, '*' AS province_key,
      row_number() OVER (PARTITION BY snapshot ORDER BY code)::int AS k,
      count(*) OVER (PARTITION BY snapshot)::int AS of_key
    FROM associations.unit_directory d WHERE level = 'COMMUNE'
    UNION ALL
    SELECT d.*, province_code,
      row_number() OVER (PARTITION BY snapshot, province_code ORDER BY code)::int,
      count(*) OVER (PARTITION BY snapshot, province_code)::int
    FROM associations.unit_directory d WHERE level = 'COMMUNE'`);
  await db.execute(sql`
    CREATE TEMP TABLE seed_provinces AS
    SELECT snapshot, code, name, search_name,
      row_number() OVER (PARTITION BY snapshot ORDER BY code)::int AS n
    FROM associations.unit_directory WHERE level = 'PROVINCE'`);
  const provinces = Object.fromEntries(
    (
      await selectRows<{ snapshot: string; count: number }>(
        db,
        sql`SELECT snapshot, count(*)::int AS count FROM seed_provinces GROUP BY snapshot`,
      )
    ).map((row) => [row.snapshot, row.count]),
  ) as Record<string, number>;
  await db.execute(sql`ANALYZE seed_communes`);
  await db.execute(sql`ANALYZE seed_provinces`);
  return provinces;
}

/**
 * Draws every organisation's kind, scope, days and province from its ordinal (`seed_base`): the
 * layout's segments in order, each choice from an md5 of the ordinal.
 */
async function drawOrganizations(
  db: Database<typeof schema>,
  layout: RegistryLayout,
  provinces: Record<string, number>,
) {
  const a = layout.associations;
  const b = layout.funds;
  const c = layout.endedBefore2025;
  const total = a + b + c + layout.registeredFrom2025;
  await db.execute(sql`
    CREATE TEMP TABLE seed_base AS
    WITH
    hashed AS (
      SELECT i,
        ('x' || substr(m, 1, 7))::bit(28)::int AS h1,
        ('x' || substr(m, 8, 7))::bit(28)::int AS h2,
        ('x' || substr(m, 15, 7))::bit(28)::int AS h3,
        ('x' || substr(m, 22, 7))::bit(28)::int AS h4
      FROM (SELECT i, md5('associations-demo:' || i) AS m FROM generate_series(1, ${integer(total)}) AS i) AS numbered
    ),
    segmented AS (
      SELECT *,
        CASE WHEN i <= ${integer(a)} THEN 'A' WHEN i <= ${integer(a + b)} THEN 'B'
             WHEN i <= ${integer(a + b + c)} THEN 'C' ELSE 'D' END AS segment,
        CASE WHEN i <= ${integer(a)} THEN i WHEN i <= ${integer(a + b)} THEN i - ${integer(a)} ELSE 0 END AS rank
      FROM hashed
    ),
    kinded AS (
      SELECT *,
        CASE WHEN segment = 'A' THEN 'ASSOCIATION'
             WHEN segment = 'B' THEN CASE WHEN h1 % 100 < 55 THEN 'SOCIAL_FUND' ELSE 'CHARITY_FUND' END
             WHEN h1 % 100 < 90 THEN 'ASSOCIATION'
             WHEN h1 % 100 < 95 THEN 'SOCIAL_FUND' ELSE 'CHARITY_FUND' END AS kind,
        CASE WHEN segment IN ('A', 'B') THEN date '1990-01-01' + h3 % 12784
             WHEN segment = 'C' THEN date '1990-01-01' + h3 % 11300
             ELSE date '2025-01-01' + h3 % 690 END AS registered_on
      FROM segmented
    ),
    scoped AS (
      SELECT *,
        CASE WHEN segment = 'A' AND rank <= ${integer(layout.wideAssociations)} THEN
               CASE WHEN rank % 4 = 0 THEN 'INTER_PROVINCIAL' ELSE 'NATIONWIDE' END
             WHEN segment = 'B' AND rank <= ${integer(layout.wideFunds)} THEN
               CASE WHEN rank % 3 = 0 THEN 'INTER_PROVINCIAL' ELSE 'NATIONWIDE' END
             WHEN h2 % 100 < CASE WHEN kind = 'ASSOCIATION' THEN 35 ELSE 60 END THEN 'PROVINCIAL'
             ELSE 'COMMUNE' END AS scope,
        CASE WHEN registered_on < date '2025-07-01' THEN 'OLD' ELSE 'CURRENT' END AS era,
        CASE WHEN segment = 'C' THEN
               registered_on + 365 + h4 % greatest(1, date '2024-12-31' - registered_on - 364)
             WHEN segment IN ('A', 'B') AND h4 % 100 < 4 THEN date '2025-01-01' + h1 % 690
             END AS ended_on,
        CASE WHEN segment IN ('A', 'B') AND h4 % 100 IN (4, 5) THEN
               greatest(registered_on + 1, date '2024-01-01' + h1 % 365) END AS suspended_on,
        CASE WHEN segment IN ('A', 'B') AND h4 % 100 = 4 THEN date '2025-03-01' + h2 % 400 END AS resumed_on
      FROM kinded
    )
    SELECT s.*,
      -- Most nationwide organisations sit in the capital, the first province by code (01, Hà Nội).
      CASE WHEN s.scope = 'NATIONWIDE' AND s.h2 % 4 <> 0 THEN 1
           ELSE s.h1 % CASE s.era WHEN 'OLD' THEN ${integer(provinces.OLD ?? 0)}
                                  ELSE ${integer(provinces.CURRENT ?? 0)} END + 1
      END AS province_n
    FROM scoped s`);
}

/** Seats every organisation in a commune and names it from a template (`seed_plan`). */
async function placeOrganizations(db: Database<typeof schema>) {
  const templates = organizationTemplates.map((template) => ({
    ...template,
    search: foldForSearch(template.name),
  }));
  await db.execute(sql`
    CREATE TEMP TABLE seed_placed AS
    WITH provinced AS (
      SELECT b.*, p.name AS province_name, p.search_name AS province_search,
        CASE WHEN b.scope = 'COMMUNE' THEN '*' ELSE p.code END AS province_key
      FROM seed_base b JOIN seed_provinces p ON p.snapshot = b.era AND p.n = b.province_n
    )
    SELECT pv.*, (pv.h2 / 100) % cc.of_key + 1 AS commune_k
    FROM provinced pv
    JOIN (SELECT DISTINCT snapshot, province_key, of_key FROM seed_communes) cc
      ON cc.snapshot = pv.era AND cc.province_key = pv.province_key`);
  await db.execute(sql`ANALYZE seed_placed`);

  await db.execute(sql`
    CREATE TEMP TABLE seed_plan AS
    WITH
    templates AS (
      SELECT t.*, row_number() OVER (PARTITION BY t.kind ORDER BY t.name)::int AS position,
        count(*) OVER (PARTITION BY t.kind)::int AS of_kind
      FROM json_to_recordset(${JSON.stringify(templates)}::json)
        AS t(kind text, field text, name text, "englishName" text, abbreviation text, search text)
    ),
    seated AS (
      SELECT pl.*, c.code AS seat_code,
        CASE WHEN pl.era = 'OLD' THEN c.parent_code END AS seat_district_code,
        c.province_code AS seat_province_code,
        coalesce(c.current_code, c.code) AS seat_current_code,
        coalesce(c.current_province_code, c.province_code) AS seat_current_province_code,
        c.name AS seat_name, c.search_name AS seat_search
      FROM seed_placed pl
      JOIN seed_communes c ON c.snapshot = pl.era AND c.province_key = pl.province_key
        AND c.k = pl.commune_k
    ),
    named AS (
      SELECT s.*, t.field, t.name AS stem, t.search AS stem_search, t."englishName" AS english_stem,
        t.abbreviation AS stem_abbreviation,
        CASE s.scope WHEN 'NATIONWIDE' THEN 'Việt Nam'
                     WHEN 'INTER_PROVINCIAL' THEN 'khu vực ' || s.province_name
                     WHEN 'PROVINCIAL' THEN s.province_name ELSE s.seat_name END AS place,
        CASE s.scope WHEN 'NATIONWIDE' THEN 'viet nam'
                     WHEN 'INTER_PROVINCIAL' THEN 'khu vuc ' || s.province_search
                     WHEN 'PROVINCIAL' THEN s.province_search ELSE s.seat_search END AS place_search
      FROM seated s
      JOIN templates t ON t.kind = s.kind AND t.position = (s.h4 / 100) % t.of_kind + 1
    )
    SELECT n.*,
      CASE n.kind WHEN 'ASSOCIATION' THEN 'HOI-' WHEN 'SOCIAL_FUND' THEN 'QXH-' ELSE 'QTT-' END
        || lpad(n.i::text, 6, '0') AS registration_number,
      -- A merger needs a partner of the same kind that outlives it; otherwise it is a dissolution.
      CASE WHEN n.ended_on IS NOT NULL AND n.h4 % 100 = 3 AND lead(n.kind) OVER w = n.kind
             AND lead(n.h4) OVER w % 100 >= 10 AND lead(n.registered_on) OVER w < n.ended_on
           THEN CASE n.kind WHEN 'ASSOCIATION' THEN 'HOI-' WHEN 'SOCIAL_FUND' THEN 'QXH-' ELSE 'QTT-' END
             || lpad((n.i + 1)::text, 6, '0') END AS merged_into
    FROM named n
    WINDOW w AS (ORDER BY n.i)`);
}

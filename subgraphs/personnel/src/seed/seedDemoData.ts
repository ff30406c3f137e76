import { copyRows, loadBeforeIndexes } from '@home-affairs/bulk-load';
import { selectRows } from '@home-affairs/db';
import { reformDate } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import { sql } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import { agencies, headcountSnapshots, separations, staffingQuotas } from '../db/schema.ts';
import { beforeReformDay } from '../directory/unitDirectoryFromGraph.ts';
import {
  centralAgencies,
  governmentReorganisation,
  provincialDepartments,
} from './centralAgencies.ts';
import { hash, hashText, lowerFirst, type Step, stepRunner } from './seedSql.ts';
import { type EligibleAgency, separationColumns, separationRows } from './separationRows.ts';

/** Published figures the demo data is calibrated to. */
export const calibration = {
  /** People who left with benefits under Decree 178/2024/ND-CP. */
  separations: 146_836,
  /** Public service units under ministries and branches in 2021. */
  publicServiceUnits2021: 1_035,
  /** ... and at the end of 2024, 140 fewer. */
  publicServiceUnits2024: 895,
  /** Demo public service units of each provincial people's committee. */
  provincialPublicServiceUnits: 8,
};

/** The central agencies, from their table. */
async function seedCentralAgencies(db: PersonnelDatabase) {
  await db.insert(agencies).values(
    centralAgencies.map((agency) => ({
      code: agency.code,
      name: agency.name,
      kind: agency.kind,
      level: 'CENTRAL' as const,
      status: agency.endedOn ? ('MERGED' as const) : ('ACTIVE' as const),
      establishedOn: agency.establishedOn ?? null,
      endedOn: agency.endedOn ?? null,
      successorCode: agency.successorCode ?? null,
    })),
  );
}

/**
 * Committees of every unit of both directories. A unit in force today keeps its code and its
 * committee; an old unit's committee ended on the reform day, merged into the committee of the
 * first unit carrying it on (districts: dissolved, their tasks to the province).
 */
async function seedUnitCommittees(step: Step, currentDay: string) {
  await step(
    'unit committees',
    sql`
    WITH cur AS (SELECT * FROM personnel.unit_directory WHERE as_of = ${currentDay}::date),
    old AS (SELECT * FROM personnel.unit_directory WHERE as_of = ${beforeReformDay}::date),
    units AS (
      SELECT coalesce(cur.code, old.code) AS code, coalesce(cur.level, old.level) AS level,
        coalesce(cur.full_name, old.full_name) AS full_name,
        coalesce(cur.province_code, old.province_code) AS province_code,
        old.parent_code AS old_parent_code, cur.code IS NOT NULL AS current,
        old.code IS NOT NULL AS existed, cur.valid_from, old.valid_to, old.current_codes
      FROM cur FULL JOIN old ON old.code = cur.code
    )
    INSERT INTO personnel.agencies (code, name, kind, level, parent_code, unit_code, province_code,
      status, established_on, ended_on, successor_code)
    SELECT 'UBND-' || u.code,
      'Ủy ban nhân dân ' || ${sql.raw(lowerFirst('u.full_name'))},
      (CASE u.level WHEN 'PROVINCE' THEN 'PROVINCIAL_PEOPLES_COMMITTEE'
        WHEN 'DISTRICT' THEN 'DISTRICT_PEOPLES_COMMITTEE' ELSE 'COMMUNE_PEOPLES_COMMITTEE' END)::personnel.agency_kind,
      (CASE u.level WHEN 'PROVINCE' THEN 'PROVINCIAL' WHEN 'DISTRICT' THEN 'DISTRICT' ELSE 'COMMUNE' END)::personnel.agency_level,
      CASE WHEN u.level = 'PROVINCE' THEN NULL
        WHEN u.level = 'DISTRICT' OR u.current THEN 'UBND-' || u.province_code
        ELSE 'UBND-' || u.old_parent_code END,
      u.code, u.province_code,
      (CASE WHEN u.current THEN 'ACTIVE' WHEN u.level = 'DISTRICT' OR s.code IS NULL THEN 'DISSOLVED'
        ELSE 'MERGED' END)::personnel.agency_status,
      CASE WHEN NOT u.existed THEN u.valid_from END,
      CASE WHEN NOT u.current THEN coalesce(u.valid_to, ${reformDate}::date) END,
      CASE WHEN u.current OR s.code IS NULL THEN NULL
        WHEN u.level = 'COMMUNE' AND s.level = 'COMMUNE' THEN 'UBND-' || s.code
        ELSE 'UBND-' || s.province_code END
    FROM units u
    LEFT JOIN LATERAL (
      SELECT c.code, c.level, c.province_code FROM personnel.unit_directory c
      WHERE NOT u.current AND c.as_of = ${currentDay}::date AND c.code = ANY(u.current_codes)
      ORDER BY c.code COLLATE "C" LIMIT 1
    ) s ON true`,
  );
}

/** The departments and public service units of every province in force today. */
async function seedProvincialAgencies(step: Step, currentDay: string) {
  await step(
    'provincial departments and public service units',
    sql`
    WITH departments(code, name, established_on) AS (VALUES ${sql.join(
      provincialDepartments.map(
        (department) =>
          sql`(${department.code}, ${department.name}, ${department.establishedOn ?? null}::date)`,
      ),
      sql`, `,
    )}),
    provinces AS (SELECT * FROM personnel.unit_directory WHERE as_of = ${currentDay}::date AND level = 'PROVINCE')
    INSERT INTO personnel.agencies (code, name, kind, level, parent_code, unit_code, province_code,
      established_on, synthetic)
    SELECT d.code || '-' || p.code, d.name || ' ' || ${sql.raw(lowerFirst('p.full_name'))},
      'PROVINCIAL_DEPARTMENT'::personnel.agency_kind, 'PROVINCIAL'::personnel.agency_level,
      'UBND-' || p.code, p.code, p.code, d.established_on, false
    FROM provinces p CROSS JOIN departments d
    UNION ALL
    SELECT 'DVSN-' || p.code || '-' || n,
      (ARRAY['Trung tâm Dịch vụ công', 'Trung tâm Kiểm soát bệnh tật', 'Trường Cao đẳng',
        'Ban Quản lý dự án', 'Trung tâm Lưu trữ lịch sử', 'Trung tâm Khuyến nông',
        'Bệnh viện Đa khoa', 'Trung tâm Công nghệ thông tin'])[n] || ' ' || ${sql.raw(lowerFirst('p.full_name'))},
      'PUBLIC_SERVICE_UNIT', 'PROVINCIAL', 'UBND-' || p.code, p.code, p.code, NULL, true
    FROM provinces p CROSS JOIN generate_series(1, ${calibration.provincialPublicServiceUnits}::int) n`,
  );
}

/**
 * 1,035 public service units under ministries in 2021, 140 of them merged into the first unit
 * of their ministry between 2022 and 2024, leaving 895 at the end of 2024.
 */
async function seedMinistryServiceUnits(step: Step) {
  await step(
    'public service units under ministries',
    sql`
    WITH ministries AS (
      SELECT code, name, row_number() OVER (ORDER BY code COLLATE "C") - 1 AS i, count(*) OVER () AS n
      FROM personnel.agencies
      WHERE kind IN ('MINISTRY', 'MINISTRY_LEVEL_AGENCY') AND ended_on IS NULL
    ),
    units AS MATERIALIZED (
      SELECT g, m.code AS ministry, m.name AS ministry_name, md5('dvsn' || g) AS digest,
        row_number() OVER (PARTITION BY m.code ORDER BY g) AS n
      FROM generate_series(1, ${calibration.publicServiceUnits2021}) g
      JOIN ministries m ON m.i = (g - 1) % m.n
    ),
    ranked AS (
      SELECT *, row_number() OVER (ORDER BY n = 1, digest COLLATE "C") <=
        ${calibration.publicServiceUnits2021 - calibration.publicServiceUnits2024} AS ends
      FROM units
    )
    INSERT INTO personnel.agencies (code, name, kind, level, parent_code, status, ended_on,
      successor_code, synthetic)
    SELECT 'DVSN-' || ministry || '-' || n,
      (ARRAY['Trung tâm', 'Viện', 'Trường', 'Bệnh viện', 'Tạp chí', 'Nhà xuất bản'])[1 + ${hash('digest')} % 6]
        || ' số ' || n || ' thuộc ' || ministry_name,
      'PUBLIC_SERVICE_UNIT', 'CENTRAL', ministry,
      (CASE WHEN ends THEN 'MERGED' ELSE 'ACTIVE' END)::personnel.agency_status,
      CASE WHEN ends THEN DATE '2022-01-02' + ${hash('digest', 1)} % 1095 END,
      CASE WHEN ends THEN 'DVSN-' || ministry || '-1' END, true
    FROM ranked`,
  );
}

/** The status changes of every agency that was established or ended. */
async function seedStatusChanges(step: Step) {
  await step(
    'status changes',
    sql`
    INSERT INTO personnel.agency_status_changes (agency_code, status, effective_date, successor_code, basis)
    SELECT code, 'ACTIVE', established_on, NULL,
      CASE kind WHEN 'MINISTRY' THEN ${governmentReorganisation.basis}
        WHEN 'PROVINCIAL_DEPARTMENT' THEN 'Decree 150/2025/ND-CP'
        ELSE 'Resolutions of the National Assembly Standing Committee on commune-level units (2025)' END
    FROM personnel.agencies WHERE established_on IS NOT NULL
    UNION ALL
    SELECT code, status, ended_on, successor_code,
      CASE WHEN level = 'CENTRAL' AND kind <> 'PUBLIC_SERVICE_UNIT' THEN ${governmentReorganisation.basis}
        WHEN kind = 'PUBLIC_SERVICE_UNIT' THEN 'Decree 120/2020/ND-CP'
        WHEN kind = 'PROVINCIAL_PEOPLES_COMMITTEE' THEN 'Resolution 202/2025/QH15'
        WHEN kind = 'DISTRICT_PEOPLES_COMMITTEE' THEN 'Law on Organisation of Local Government 2025 (72/2025/QH15)'
        ELSE 'Resolutions of the National Assembly Standing Committee on commune-level units (2025)' END
    FROM personnel.agencies WHERE ended_on IS NOT NULL`,
  );
}

/**
 * Generates the demo data on an empty schema in set-based SQL (a handful of statements, no
 * per-row round trips), from the unit directory copy: agencies of every unit of both
 * directories, the central agencies, public service units, staffing quotas and headcounts of
 * both periods, specialist coverage and the 146,836 separations. Every generated figure and
 * every made-up agency is marked synthetic.
 */
export async function seedDemoData(db: PersonnelDatabase, currentDay: string, logger: Logger) {
  const started = performance.now();
  const step = stepRunner(db, logger);

  // Room to sort the separations in memory (the default 4 MB spills to disk).
  await db.execute(sql`SET LOCAL work_mem = '64MB'`);
  await seedCentralAgencies(db);
  await seedUnitCommittees(step, currentDay);
  await seedProvincialAgencies(step, currentDay);
  await seedMinistryServiceUnits(step);
  await seedStatusChanges(step);
  await seedStaffing(db, step);
  await seedSpecialists(step, currentDay);
  await seedSeparations(db, currentDay, logger);

  const durationMs = Math.round(performance.now() - started);
  logger.info({ durationMs }, 'personnel demo data: done');
}

/**
 * Quotas and headcounts. Each agency's own posts are generated per kind; an agency's quota is its
 * own posts plus everything below it (at most three tiers: province, district, commune), so
 * children never exceed their parent. 2022–2026 goes to the agencies operating on 2025-01-01,
 * 2026–2031 to those operating today; the two-tier model has no districts, which with the merged
 * communes and public service units makes 2026–2031 about 20% smaller nationwide.
 */
async function seedStaffing(db: PersonnelDatabase, step: Step) {
  await step(
    'own posts',
    sql.raw(`
    CREATE TEMPORARY TABLE seed_own_posts ON COMMIT DROP AS
    WITH eligible AS (
      SELECT a.code, a.kind, 'P2022_2026' AS period FROM personnel.agencies a
        WHERE (a.established_on IS NULL OR a.established_on <= DATE '2025-01-01')
          AND (a.ended_on IS NULL OR a.ended_on > DATE '2025-01-01')
      UNION ALL
      SELECT a.code, a.kind, 'P2026_2031' FROM personnel.agencies a WHERE a.ended_on IS NULL
    ),
    posts AS (
      SELECT e.code, e.period, c.category, md5(e.code || e.period || c.category) AS digest, e.kind
      FROM eligible e CROSS JOIN unnest(enum_range(NULL::personnel.staffing_category)) AS c(category)
    ),
    own AS (
      SELECT code, period, category, digest, kind, ${hashText('digest')} AS h FROM posts
    )
    SELECT code AS agency_code, period::personnel.staffing_period AS period, category,
      (CASE
        WHEN kind IN ('MINISTRY', 'MINISTRY_LEVEL_AGENCY', 'GOVERNMENT_AGENCY') THEN
          CASE category WHEN 'CIVIL_SERVANT' THEN 400 + h % 800 WHEN 'CONTRACT_LABOUR' THEN 20 + h % 40 ELSE 0 END
        WHEN kind IN ('PROVINCIAL_PEOPLES_COMMITTEE', 'PROVINCIAL_DEPARTMENT') THEN
          CASE category WHEN 'CIVIL_SERVANT' THEN 50 + h % 50 WHEN 'CONTRACT_LABOUR' THEN 4 + h % 8 ELSE 0 END
        WHEN kind = 'DISTRICT_PEOPLES_COMMITTEE' THEN
          CASE category WHEN 'CIVIL_SERVANT' THEN 70 + h % 50 WHEN 'PUBLIC_EMPLOYEE' THEN 500 + h % 700
            WHEN 'CONTRACT_LABOUR' THEN 10 + h % 10 ELSE 0 END
        WHEN kind = 'COMMUNE_PEOPLES_COMMITTEE' AND period = 'P2022_2026' THEN
          CASE category WHEN 'COMMUNE_CADRE' THEN 19 + h % 5 WHEN 'CONTRACT_LABOUR' THEN 1 + h % 3 ELSE 0 END
        WHEN kind = 'COMMUNE_PEOPLES_COMMITTEE' THEN
          CASE category WHEN 'COMMUNE_CADRE' THEN 30 + h % 14 WHEN 'PUBLIC_EMPLOYEE' THEN 120 + h % 100
            WHEN 'CONTRACT_LABOUR' THEN 2 + h % 3 ELSE 0 END
        WHEN kind = 'PUBLIC_SERVICE_UNIT' THEN
          CASE category WHEN 'PUBLIC_EMPLOYEE' THEN 80 + h % 400 WHEN 'CONTRACT_LABOUR' THEN 2 + h % 10 ELSE 0 END
        ELSE 0 END)
      -- The 2026–2031 norms of agencies that stay are cut by 15 to 20%.
      * (CASE WHEN period = 'P2026_2031' AND kind <> 'COMMUNE_PEOPLES_COMMITTEE'
          THEN 0.80 + (h / 7 % 6) / 100.0 ELSE 1 END) AS amount,
      (0.86 + (h / 11 % 20) / 100.0) AS staffed
    FROM own`),
  );
  // Each quota and headcount is the agency's own plus those of every agency below it, up to three
  // tiers, summed once for both tables. Headcounts: at the end of 2024 for 2022–2026, mid-2026
  // for 2026–2031 (some agencies are still over their new norm: negative vacancies).
  // Both primary keys are built after the rows (one sort each instead of 39,593 insertions).
  const loadBeforeKeys = (load: () => Promise<void>) =>
    loadBeforeIndexes(db, [staffingQuotas, headcountSnapshots], load);
  await loadBeforeKeys(() =>
    step(
      'quotas and headcounts',
      sql.raw(`
    WITH rolled_up AS MATERIALIZED (
      SELECT ancestor.code AS agency_code, o.period, o.category,
        sum(floor(o.amount))::int AS quota,
        sum(floor(floor(o.amount) * CASE o.period WHEN 'P2022_2026' THEN o.staffed - 0.05 ELSE o.staffed + 0.04 END))::int AS headcount
      FROM seed_own_posts o
      JOIN personnel.agencies a ON a.code = o.agency_code
      LEFT JOIN personnel.agencies p ON p.code = a.parent_code
      CROSS JOIN LATERAL (VALUES (a.code), (a.parent_code), (p.parent_code)) AS ancestor(code)
      WHERE ancestor.code IS NOT NULL AND o.amount >= 1
      GROUP BY ancestor.code, o.period, o.category
    ),
    quotas AS (
      INSERT INTO personnel.staffing_quotas (agency_code, period, category, amount, synthetic)
      SELECT agency_code, period, category, quota, true FROM rolled_up
    )
    INSERT INTO personnel.headcount_snapshots (agency_code, category, as_of, headcount, synthetic)
    SELECT agency_code, category,
      CASE period WHEN 'P2022_2026' THEN DATE '2024-12-31' ELSE DATE '2026-06-30' END, headcount, true
    FROM rolled_up`),
    ),
  );
}

/** Required and assigned specialists of every commune-level unit in force today. */
async function seedSpecialists(step: Step, currentDay: string) {
  // Shares of communes short in each field, highest for land administration and IT, as the
  // communes of the two-tier model reported in 2025.
  await step(
    'specialists',
    sql`
    WITH fields(field, base, short_percent) AS (VALUES
      ('LAND_ADMINISTRATION', 2, 45), ('CONSTRUCTION', 1, 40), ('HEALTH', 1, 25),
      ('EDUCATION', 1, 20), ('INFORMATION_TECHNOLOGY', 1, 55), ('FINANCE', 2, 15),
      ('JUSTICE', 1, 10), ('AGRICULTURE_ENVIRONMENT', 1, 30)),
    coverage AS MATERIALIZED (
      SELECT u.code, f.field, f.base, f.short_percent, md5(u.code || f.field) AS digest
      FROM personnel.unit_directory u CROSS JOIN fields f
      WHERE u.as_of = ${currentDay}::date AND u.level = 'COMMUNE'
    ),
    counted AS (
      SELECT code, field, base + ${hash('digest')} % 2 AS required,
        CASE WHEN ${hash('digest', 1)} % 100 < short_percent THEN 1 + ${hash('digest', 2)} % 2 ELSE 0 END AS missing
      FROM coverage
    )
    INSERT INTO personnel.specialist_coverage (unit_code, field, required, assigned, synthetic)
    SELECT code, field::personnel.specialist_field, required, greatest(required - missing, 0), true
    FROM counted`,
  );
}

/**
 * The 146,836 separations under Decree 178/2024/ND-CP, spread over the agencies operating on
 * 2025-01-01 and dated before each agency ended, with made-up names and ID numbers. Provinces
 * are today's: an old province's separations count under the province that absorbed it. The
 * agencies are read in one statement; the rows are generated in JavaScript (`separationRows`) and
 * bulk-loaded with COPY, in the order of their ids.
 */
async function seedSeparations(db: PersonnelDatabase, currentDay: string, logger: Logger) {
  const stepStarted = performance.now();
  const eligible = await selectRows<EligibleAgency>(
    db,
    sql`
    WITH province_today AS (
      SELECT old.code, coalesce((SELECT c.province_code FROM personnel.unit_directory c
        WHERE c.as_of = ${currentDay}::date AND c.code = ANY(old.current_codes)
        ORDER BY c.code COLLATE "C" LIMIT 1), old.code) AS today_code
      FROM personnel.unit_directory old
      WHERE old.as_of = ${beforeReformDay}::date AND old.level = 'PROVINCE'
    )
    SELECT a.code, a.kind, a.province_code AS "provinceCode",
      coalesce(t.today_code, a.province_code) AS "todayProvince",
      least(coalesce(a.ended_on, DATE '2026-01-01'), DATE '2026-01-01') - DATE '2025-01-01' AS days
    FROM personnel.agencies a
    LEFT JOIN province_today t ON t.code = a.province_code
    WHERE (a.established_on IS NULL OR a.established_on <= DATE '2025-01-01')
      AND (a.ended_on IS NULL OR a.ended_on > DATE '2025-01-01')
    ORDER BY a.code COLLATE "C"`,
  );
  // The key and the two secondary indexes are built after the rows: one sort each instead of
  // 146,836 insertions.
  await loadBeforeIndexes(db, [separations], () =>
    copyRows(db, separations, separationColumns, separationRows(calibration.separations, eligible)),
  );
  logger.debug(
    { step: 'separations', durationMs: Math.round(performance.now() - stepStarted) },
    'seed step',
  );
}

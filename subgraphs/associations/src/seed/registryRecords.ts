import type { Database } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { familyNames, givenNames, middleNames } from './personNames.ts';
import { integer, textArray } from './sqlLiterals.ts';

// The demo registry's rows, from the plan `generateRegistry` draws (the temporary `seed_plan`).

/** The organisations themselves, from the plan. */
export async function insertOrganizations(db: Database<typeof schema>) {
  await db.execute(sql`
    INSERT INTO associations.organizations (registration_number, kind, name, abbreviation,
      english_name, search_key, scope, licensing_level, licensing_agency_code, seat_code,
      seat_district_code, seat_province_code, seat_current_code, seat_current_province_code,
      field_of_activity, founded_on, registered_on, ended_on, policy_advisory, special_character,
      member_count, founding_assets_vnd, synthetic)
    SELECT registration_number, kind::associations.organization_kind, stem || ' ' || place,
      CASE WHEN scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') THEN stem_abbreviation || 'VN' END,
      CASE WHEN scope = 'NATIONWIDE' THEN english_stem || ' of Vietnam' END,
      stem_search || ' ' || place_search || ' ' || lower(registration_number),
      scope::associations.organization_scope,
      (CASE scope WHEN 'PROVINCIAL' THEN 'PROVINCIAL_PEOPLES_COMMITTEE'
                  WHEN 'COMMUNE' THEN 'COMMUNE_PEOPLES_COMMITTEE' ELSE 'MINISTRY' END)::associations.licensing_level,
      CASE scope WHEN 'PROVINCIAL' THEN 'UBND-' || seat_province_code
                 WHEN 'COMMUNE' THEN 'UBND-' || seat_code ELSE 'BNV' END,
      seat_code, seat_district_code, seat_province_code, seat_current_code,
      seat_current_province_code, field::associations.field_of_activity,
      registered_on - h2 % 365, registered_on, ended_on,
      kind = 'ASSOCIATION' AND scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') AND h1 % 5 = 0,
      kind = 'ASSOCIATION' AND (h1 % 97 = 0 OR (scope = 'NATIONWIDE' AND h1 % 7 = 0)),
      CASE WHEN kind = 'ASSOCIATION' THEN
        CASE scope WHEN 'NATIONWIDE' THEN 2000 + h3 % 98000 WHEN 'INTER_PROVINCIAL' THEN 500 + h3 % 20000
                   WHEN 'PROVINCIAL' THEN 100 + h3 % 5000 ELSE 15 + h3 % 300 END END,
      -- Decree 93/2019/ND-CP: at least 5 billion đồng for a nationwide or inter-provincial fund,
      -- 1 billion for a provincial one, 50 million for a commune one.
      CASE WHEN kind <> 'ASSOCIATION' THEN
        CASE scope WHEN 'PROVINCIAL' THEN 1000000000::bigint + (h3 % 40) * 50000000::bigint
                   WHEN 'COMMUNE' THEN 50000000::bigint + (h3 % 20) * 10000000::bigint
                   ELSE 5000000000::bigint + (h3 % 50) * 100000000::bigint END END,
      true
    FROM seed_plan`);
}

/** Statuses, leaders, charters, financial reports, affiliated entities and inspections, in this order. */
export async function insertRecords(db: Database<typeof schema>) {
  await db.execute(sql`
    INSERT INTO associations.organization_statuses
      (registration_number, status, valid_from, valid_to, decision_number, reason, merged_into, synthetic)
    SELECT registration_number, 'SUSPENDED'::associations.organization_status, suspended_on, resumed_on,
      'QĐ-ĐC-' || substr(registration_number, 5), 'Operations suspended after an inspection', NULL::text, true
    FROM seed_plan WHERE suspended_on IS NOT NULL
    UNION ALL
    SELECT registration_number, 'ACTIVE'::associations.organization_status, resumed_on, NULL::date,
      'QĐ-HĐ-' || substr(registration_number, 5), 'Operations resumed', NULL, true
    FROM seed_plan WHERE resumed_on IS NOT NULL
    UNION ALL
    SELECT registration_number, CASE WHEN merged_into IS NULL THEN 'DISSOLVED' ELSE 'MERGED' END::associations.organization_status,
      ended_on, NULL::date, 'QĐ-GT-' || substr(registration_number, 5),
      CASE WHEN merged_into IS NULL THEN 'Dissolved' ELSE 'Merged' END, merged_into, true
    FROM seed_plan WHERE ended_on IS NOT NULL`);

  await db.execute(sql`
    INSERT INTO associations.organization_leaders
      (registration_number, position, full_name, phone, email, term_start, term_end, synthetic)
    SELECT registration_number,
      CASE WHEN kind = 'ASSOCIATION' THEN 'PRESIDENT' ELSE 'CHAIR_OF_MANAGEMENT_BOARD' END,
      (${textArray(familyNames)})[h1 % ${integer(familyNames.length)} + 1] || ' ' ||
        (${textArray(middleNames)})[h2 % ${integer(middleNames.length)} + 1] || ' ' ||
        (${textArray(givenNames)})[h3 % ${integer(givenNames.length)} + 1],
      '09' || lpad((h4 % 100000000)::text, 8, '0'),
      'leader.' || lower(registration_number) || '@example.org',
      greatest(registered_on, date '2020-01-01' + h1 % 1400), ended_on, true
    FROM seed_plan WHERE scope <> 'COMMUNE'`);

  await db.execute(sql`
    INSERT INTO associations.charters (registration_number, version, adopted_on, approved_on,
      decision_number, approving_agency_code, two_tier_review, synthetic)
    SELECT registration_number, 1, registered_on - h1 % 30, registered_on,
      'QĐ-ĐL-' || substr(registration_number, 5) || '/1',
      CASE scope WHEN 'PROVINCIAL' THEN 'UBND-' || seat_province_code
                 WHEN 'COMMUNE' THEN 'UBND-' || seat_code ELSE 'BNV' END,
      -- A charter in force on 1 July 2025 names old units and district bodies: it needs revising.
      (CASE WHEN era = 'CURRENT' OR ended_on < date '2025-07-01' THEN 'NOT_REQUIRED'
            ELSE 'REVISION_REQUIRED' END)::associations.two_tier_review, true
    FROM seed_plan WHERE scope <> 'COMMUNE'
    UNION ALL
    SELECT registration_number, 2, date '2025-08-01' + h3 % 450 - 20, date '2025-08-01' + h3 % 450,
      'QĐ-ĐL-' || substr(registration_number, 5) || '/2',
      CASE scope WHEN 'PROVINCIAL' THEN 'UBND-' || seat_current_province_code
                 WHEN 'COMMUNE' THEN 'UBND-' || seat_current_code ELSE 'BNV' END,
      'REVISED'::associations.two_tier_review, true
    FROM seed_plan WHERE scope <> 'COMMUNE' AND era = 'OLD' AND ended_on IS NULL AND (h4 / 7) % 100 < 40`);

  await db.execute(sql`
    INSERT INTO associations.financial_reports (registration_number, year, filed_on, income_vnd,
      expenses_vnd, domestic_sponsorship_vnd, foreign_aid_vnd, synthetic)
    SELECT registration_number, year, make_date(year + 1, 3, 1) + (h1 + year) % 60, income,
      income * (70 + (h2 + year) % 35) / 100, income * ((h3 + year) % 50) / 100,
      CASE WHEN (h4 + year) % 20 = 0 THEN income * ((h1 + year) % 30) / 100 ELSE 0 END, true
    FROM (
      SELECT p.*, year,
        (CASE scope WHEN 'NATIONWIDE' THEN 2000 WHEN 'INTER_PROVINCIAL' THEN 800
                    WHEN 'PROVINCIAL' THEN 200 ELSE 20 END)::bigint
          * (10 + (h1 + year * 7919) % 90) * 1000000::bigint AS income
      FROM seed_plan p CROSS JOIN generate_series(2024, 2025) AS year
      WHERE (kind <> 'ASSOCIATION' OR scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') OR h1 % 10 = 0)
        AND extract(year FROM registered_on) < year
        AND (ended_on IS NULL OR ended_on > make_date(year + 1, 5, 1))
    ) AS reporting`);

  await db.execute(sql`
    INSERT INTO associations.affiliated_entities
      (registration_number, kind, name, established_on, compliant, synthetic)
    SELECT registration_number,
      (CASE WHEN scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') THEN 'PRESS_AGENCY' ELSE 'LEGAL_ENTITY' END)::associations.affiliated_entity_kind,
      CASE WHEN scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') THEN 'Tạp chí ' || stem || ' ' || place
           ELSE 'Trung tâm Tư vấn thuộc ' || stem || ' ' || place END,
      registered_on + 200 + h3 % 1500, h3 % 5 <> 0, true
    FROM seed_plan
    WHERE (scope IN ('NATIONWIDE', 'INTER_PROVINCIAL') AND h2 % 3 = 0)
       OR (scope = 'PROVINCIAL' AND h2 % 50 = 0)`);

  await db.execute(sql`
    INSERT INTO associations.inspections (registration_number, inspected_on, inspecting_agency_code,
      findings, sanction, fine_vnd, synthetic)
    SELECT registration_number, inspected_on,
      CASE scope WHEN 'NATIONWIDE' THEN 'BNV' WHEN 'INTER_PROVINCIAL' THEN 'BNV'
                 ELSE 'SNV-' || CASE WHEN inspected_on < date '2025-07-01' THEN seat_province_code
                                     ELSE seat_current_province_code END END,
      (${textArray([
        'No violation found',
        'Annual financial report filed late',
        'Sponsorship received without disclosure',
        'Foreign aid received without approval',
        'Affiliated entity set up without a permit',
        'Charter not revised for the two-tier local government',
      ])})[CASE WHEN h2 % 10 < 5 THEN 1 ELSE 2 + h3 % 5 END],
      (CASE WHEN h2 % 10 < 5 THEN 'NONE' WHEN h2 % 10 < 7 THEN 'WARNING' WHEN h2 % 10 < 9 THEN 'FINE'
            ELSE 'SUSPENSION' END)::associations.inspection_sanction,
      CASE WHEN h2 % 10 IN (7, 8) THEN (5 + h3 % 45) * 1000000::bigint END, true
    FROM (
      SELECT p.*, greatest(registered_on + 30, date '2023-01-01' + h1 % 1300) AS inspected_on
      FROM seed_plan p WHERE h4 % 50 = 0
    ) AS inspected
    WHERE (ended_on IS NULL OR inspected_on < ended_on) AND inspected_on <= date '2026-11-01'`);
}

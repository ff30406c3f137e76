import type { Database } from '@home-affairs/db';
import { reformDate } from '@home-affairs/graphql';
import { sql } from 'drizzle-orm';
import { workingDayCalendar } from '../workingDays/workingDayCalendar.ts';
import { procedureWeights } from './seedCatalogue.ts';

/** A deterministic dossier data set. */
export interface DossierProfile {
  name: string;
  /** Dossiers to generate. */
  count: number;
  /** Receipts spread over the working days of this span. */
  firstDay: string;
  lastDay: string;
  /** Dossiers whose closing day falls after this day are still pending. */
  cutoff: string;
}

/** `demo`: what `pnpm start` loads on first start (PGlite included). */
export const demoProfile: DossierProfile = {
  name: 'demo',
  count: 300_000,
  firstDay: '2025-01-01',
  lastDay: '2026-10-31',
  cutoff: '2026-11-20',
};

/** `national`: the benchmark's national scale (≥ 10 million dossiers), for real Postgres. */
export const nationalProfile: DossierProfile = {
  ...demoProfile,
  name: 'national',
  count: 10_000_000,
};

// New salts go at the end: a salt's numbers depend on its position, and the first seven give the
// published figures the tests check.
const salts = [
  'day',
  'slot',
  'unit',
  'channel',
  'outcome',
  'speed',
  'apology',
  'digitize',
  'pay',
  'result',
  'rate',
  'satisfy',
] as const;

/**
 * Uniform numbers in [0, 1), one per salt, from an integer column: a 32-bit mix computed in
 * bigint arithmetic (the same on every Postgres and PGlite, unlike built-in hashes), in three
 * nested selects so that each step is computed once per row.
 */
function mixedColumns(source: string, column: string): string {
  const step1 = salts
    .map(
      (salt, index) =>
        `((${column}::bigint * 2654435761 + ${index * 40503 + 12345}) % 4294967296) AS ${salt}`,
    )
    .join(', ');
  const step2 = salts
    .map((salt) => `(((${salt} # (${salt} >> 15)) * 1597334677) % 4294967296) AS ${salt}`)
    .join(', ');
  const step3 = salts
    .map((salt) => `((${salt} # (${salt} >> 13))::float8 / 4294967296.0) AS h_${salt}`)
    .join(', ');
  return `SELECT ${column}, ${step3} FROM (SELECT ${column}, ${step2} FROM (SELECT ${column}, ${step1} FROM ${source}) AS s1) AS s2`;
}

/** One uniform number in [0, 1) from an integer expression and a salt (same mix as above). */
export function hashUnit(expression: string, salt: number): string {
  const a = `((((${expression})::bigint * 2654435761 + ${salt * 40503 + 12345}) % 4294967296))`;
  const b = `((((${a}) # ((${a}) >> 15)) * 1597334677) % 4294967296)`;
  return `(((${b}) # ((${b}) >> 13))::float8 / 4294967296.0)`;
}

/**
 * Inserts dossiers `firstId` to `firstId + count - 1` in one set-based statement (no row-by-row
 * work), deterministic in their ids: procedure by weight among those implemented on the receipt
 * day, receiving unit among the units in force that day at the procedure's level (old communes
 * and districts before 2025-07-01), channel and outcome by per-province propensities, due day
 * from the working-day calendar. Statistics are not touched: call `rebuildStatistics` after.
 */
export async function generateDossiers(
  db: Database<Record<string, unknown>>,
  profile: DossierProfile,
  firstId: number,
  count: number,
) {
  const calendar = workingDayCalendar();
  const working = calendar.filter(
    (day) => day.working && day.day >= profile.firstDay && day.day <= profile.lastDay,
  );
  const firstOrdinal = working[0]!.ordinal;
  const weights = procedureWeights();
  await db.transaction(async (tx) => {
    await tx.execute(
      sql.raw(`
      CREATE TEMP TABLE seed_units ON COMMIT DROP AS
      SELECT e.era, u.level,
        (row_number() OVER (PARTITION BY e.era, u.level ORDER BY u.code) - 1)::int AS n,
        u.code, u.current_code, u.current_province_code,
        -- Nghệ An's one-stop shops reported online rates above 47%; others vary by province.
        CASE WHEN u.current_province_code = '40' THEN 0.68
             ELSE 0.25 + 0.45 * ${hashUnit('u.current_province_code::int', 11)} END AS online_rate,
        0.86 + 0.13 * ${hashUnit('u.current_province_code::int', 12)} AS on_time_rate,
        0.75 + 0.2 * ${hashUnit('u.current_province_code::int', 13)} AS apology_rate,
        -- Service-index propensities (Decision 766): digitised papers of in-person dossiers, fees
        -- paid online, digitised results, dossiers rated, and satisfied ratings, by province.
        0.35 + 0.6 * ${hashUnit('u.current_province_code::int', 14)} AS digitize_rate,
        0.2 + 0.7 * ${hashUnit('u.current_province_code::int', 15)} AS pay_rate,
        0.5 + 0.45 * ${hashUnit('u.current_province_code::int', 16)} AS result_rate,
        0.3 + 0.5 * ${hashUnit('u.current_province_code::int', 17)} AS rating_rate,
        0.78 + 0.2 * ${hashUnit('u.current_province_code::int', 18)} AS satisfied_rate
      FROM procedures.unit_directory u
      CROSS JOIN (VALUES ('old', DATE '${reformDate}' - 1), ('new', DATE '${reformDate}')) AS e(era, day)
      WHERE (u.valid_from IS NULL OR u.valid_from <= e.day)
        AND (u.valid_to IS NULL OR u.valid_to > e.day)`),
    );
    await tx.execute(sql`
      CREATE TEMP TABLE seed_unit_counts ON COMMIT DROP AS
      SELECT era, level, count(*)::int AS total FROM seed_units GROUP BY era, level`);
    await tx.execute(
      sql.raw(`
      CREATE TEMP TABLE seed_slots ON COMMIT DROP AS
      SELECT e.era, (row_number() OVER (PARTITION BY e.era ORDER BY p.code, l.level, s) - 1)::int AS n,
        p.code, l.level, p.field_code, p.processing_days, p.online_availability, p.fee_vnd
      FROM procedures.procedures p
      JOIN (VALUES ${weights.map((w) => `('${w.code}', ${w.weight})`).join(', ')}) AS w(code, weight)
        ON w.code = p.code
      CROSS JOIN (VALUES ('old', DATE '${reformDate}' - 1), ('new', DATE '${reformDate}')) AS e(era, day)
      JOIN procedures.procedure_levels l ON l.procedure_code = p.code
        AND l.level IN ('COMMUNE', 'DISTRICT', 'PROVINCE')
        AND (l.valid_from IS NULL OR l.valid_from <= e.day)
        AND (l.valid_to IS NULL OR l.valid_to > e.day)
      CROSS JOIN generate_series(1, w.weight) AS s
      WHERE (SELECT c.status FROM procedures.procedure_status_changes c
             WHERE c.procedure_code = p.code AND c.effective_on <= e.day
             ORDER BY c.effective_on DESC LIMIT 1) <> 'ABOLISHED'
        AND EXISTS (SELECT 1 FROM seed_unit_counts uc WHERE uc.era = e.era AND uc.level = l.level)`),
    );
    await tx.execute(sql`
      CREATE TEMP TABLE seed_slot_counts ON COMMIT DROP AS
      SELECT era, count(*)::int AS total FROM seed_slots GROUP BY era`);
    // Fresh temp tables have no statistics: without them the planner picks nested loops.
    await tx.execute(sql`ANALYZE seed_units, seed_unit_counts, seed_slots, seed_slot_counts`);
    await tx.execute(
      sql.raw(`
      INSERT INTO procedures.dossiers (id, procedure_code, unit_code, attributed_unit_code,
        province_code, field_code, channel, received_on, due_on, closed_on, outcome,
        apology_issued_on, apology_reason, apology_new_due_on, digitized, fee_payable,
        fee_paid_online, result_digitized, satisfaction, synthetic)
      WITH base AS MATERIALIZED (
        ${mixedColumns(`generate_series(${firstId}::bigint, ${firstId + count - 1}::bigint) AS g(id)`, 'id')}
      ), dated AS (
        SELECT b.*, w.day AS received_on, w.ordinal,
          CASE WHEN w.day < DATE '${reformDate}' THEN 'old' ELSE 'new' END AS era
        FROM base b
        JOIN procedures.working_days w
          ON w.working AND w.ordinal = ${firstOrdinal} + floor(b.h_day * ${working.length})::int
      ), picked AS (
        SELECT d.*, s.code AS procedure_code, s.level, s.field_code, s.processing_days,
          s.online_availability, s.fee_vnd, u.code AS unit_code, u.current_code,
          u.current_province_code, u.online_rate, u.on_time_rate, u.apology_rate, u.digitize_rate,
          u.pay_rate, u.result_rate, u.rating_rate, u.satisfied_rate
        FROM dated d
        JOIN seed_slot_counts sc ON sc.era = d.era
        JOIN seed_slots s ON s.era = d.era AND s.n = floor(d.h_slot * sc.total)::int
        JOIN seed_unit_counts uc ON uc.era = d.era AND uc.level = s.level
        JOIN seed_units u ON u.era = d.era AND u.level = s.level AND u.n = floor(d.h_unit * uc.total)::int
      ), timed AS (
        SELECT p.*, due.day AS due_on
        FROM picked p
        JOIN procedures.working_days due ON due.working AND due.ordinal = p.ordinal + p.processing_days
      ), decided AS (
        SELECT t.*,
          CASE WHEN t.online_availability <> 'NONE' AND t.h_channel <
                 t.online_rate * (CASE WHEN t.online_availability = 'PARTIAL' THEN 0.8 ELSE 1 END)
               THEN 'ONLINE'
               WHEN t.h_channel > 0.97 THEN 'POSTAL' ELSE 'IN_PERSON' END AS channel,
          CASE WHEN t.h_outcome < 0.01 THEN 'WITHDRAWN' WHEN t.h_outcome < 0.04 THEN 'RETURNED'
               WHEN t.h_outcome < 0.04 + 0.96 * t.on_time_rate THEN 'ON_TIME' ELSE 'LATE' END AS planned
        FROM timed t
      ), scheduled AS (
        SELECT d.*,
          CASE WHEN d.planned = 'LATE' THEN d.due_on + 1 + floor(d.h_speed * 20)::int
               ELSE d.received_on + floor(d.h_speed * (d.due_on - d.received_on + 1))::int
          END AS planned_close
        FROM decided d
      ), settled AS (
        SELECT s.*, s.planned_close <= DATE '${profile.cutoff}' AS closed,
          (s.planned_close > s.due_on AND s.due_on < DATE '${profile.cutoff}'
           AND s.h_apology < s.apology_rate) AS apology
        FROM scheduled s
      )
      SELECT id, procedure_code, unit_code, current_code, current_province_code, field_code,
        channel::procedures.dossier_channel, received_on, due_on,
        CASE WHEN closed THEN planned_close END,
        (CASE WHEN closed THEN planned ELSE 'PENDING' END)::procedures.dossier_outcome,
        CASE WHEN apology THEN due_on END,
        CASE WHEN apology THEN 'Hồ sơ cần xác minh thêm (synthetic)' END,
        CASE WHEN apology THEN due_on + 15 END,
        channel = 'ONLINE' OR h_digitize < digitize_rate,
        fee_vnd > 0,
        -- Online filings pay online at the portal's rate; at the counter, a tenth of that.
        fee_vnd > 0 AND h_pay < pay_rate * (CASE WHEN channel = 'ONLINE' THEN 1 ELSE 0.1 END),
        closed AND planned IN ('ON_TIME', 'LATE') AND h_result < result_rate,
        CASE WHEN closed AND planned IN ('ON_TIME', 'LATE') AND h_rate < rating_rate THEN
          -- Late dossiers are rated satisfied less often.
          CASE WHEN h_satisfy < satisfied_rate * (CASE WHEN planned = 'LATE' THEN 0.6 ELSE 1 END)
               THEN 4 + floor(h_rate / rating_rate * 2)::int
               ELSE 1 + floor(h_speed * 3)::int END
        END::smallint,
        true
      FROM settled`),
    );
  });
}

/** Moves the dossier id sequence past the generated ids. */
export async function syncDossierIds(db: Database<Record<string, unknown>>) {
  await db.execute(sql`
    SELECT setval(pg_get_serial_sequence('procedures.dossiers', 'id'),
      greatest((SELECT max(id) FROM procedures.dossiers), 1))`);
}

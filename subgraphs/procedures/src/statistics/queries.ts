import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { type SQL, sql } from 'drizzle-orm';
import { dossierStatistics, dossiers } from '../db/schema.ts';
import { type CounterName, counterNames, type StatisticsDelta } from './dossierEvents.ts';
import { type DaySpan, monthStart, periodSegments } from './periodSegments.ts';

/**
 * The database the statistics queries run on, on either driver: the subgraph's handle or a
 * write's transaction, both typed without relational queries, which these statements do not use.
 */
export type StatisticsDatabase = Database<Record<string, unknown>>;

/** The column of each counter in `dossier_statistics`, as the schema names it. */
export const counterColumns = Object.fromEntries(
  counterNames.map((name) => [name, dossierStatistics[name].name]),
) as Record<CounterName, string>;

/** The primary key of a counter row, the order its rows are written in. */
function counterKey(delta: StatisticsDelta): string[] {
  return [delta.unitCode, delta.fieldCode, delta.procedureCode, delta.grain, delta.period];
}

/**
 * Adds a write's counter changes to `dossier_statistics` in one statement (run it in the
 * write's transaction, so the counters are never out of step with the dossiers). The rows are
 * upserted in key order: concurrent writes share counter rows (a province's, a busy day's), and
 * an upsert locks its rows one by one in the order given, so one order for every write means they
 * queue on the first shared row instead of deadlocking (a resolution touches its overdue day
 * before its closing day, a receipt the other way round).
 */
export async function applyStatisticsDeltas(db: StatisticsDatabase, deltas: StatisticsDelta[]) {
  if (deltas.length === 0) return;
  const ordered = [...deltas].sort((a, b) => {
    const [left, right] = [counterKey(a), counterKey(b)];
    const index = left.findIndex((part, position) => part !== right[position]);
    return index === -1 ? 0 : left[index]! < right[index]! ? -1 : 1;
  });
  const values = sql.join(
    ordered.map(
      (delta) =>
        sql`(${delta.unitCode}, ${delta.fieldCode}, ${delta.procedureCode}, ${delta.grain}, ${delta.period}::date, ${sql.join(
          counterNames.map((name) => sql`${delta.counters[name]}::int`),
          sql`, `,
        )})`,
    ),
    sql`, `,
  );
  const names = sql.raw(counterNames.map((name) => counterColumns[name]).join(', '));
  const updates = sql.raw(
    counterNames
      .map(
        (name) =>
          `${counterColumns[name]} = s.${counterColumns[name]} + excluded.${counterColumns[name]}`,
      )
      .join(', '),
  );
  await db.execute(sql`
    INSERT INTO ${dossierStatistics} AS s
      (unit_code, field_code, procedure_code, grain, period, ${names})
    VALUES ${values}
    ON CONFLICT (unit_code, field_code, procedure_code, grain, period) DO UPDATE SET ${updates}`);
}

/**
 * Rebuilds every counter from the dossiers, set-based, with the same rules as `dossierEvents`.
 * Used after a bulk load and to check the counters.
 */
export async function rebuildStatistics(db: StatisticsDatabase) {
  await db.execute(sql`TRUNCATE ${dossierStatistics}`);
  await insertStatistics(db, null);
}

/**
 * Inserts the daily and monthly counters of the dossiers counted under `provinceCodes` (all when
 * null) in one statement: the dossiers' events, summed per unit, procedure and day, then rolled
 * up to the field and all-procedures scopes, to the province, and to months in one grouping-sets
 * pass. Disjoint province sets can run at once on separate connections. `ordered` writes the
 * rows in key order, so that a unit's rows share pages and a read touches few of them (worth its
 * sort after a bulk load).
 */
export async function insertStatistics(
  db: StatisticsDatabase,
  provinceCodes: string[] | null,
  ordered = false,
) {
  const provinces =
    provinceCodes === null
      ? sql`true`
      : sql`d.province_code IN (${sql.join(
          provinceCodes.map((code) => sql`${code}`),
          sql`, `,
        )})`;
  await db.execute(sql`
    INSERT INTO ${dossierStatistics}
      (unit_code, field_code, procedure_code, grain, period,
       received, received_online, received_postal, resolved_on_time, resolved_late,
       returned, withdrawn, became_overdue, overdue_closed, apologized,
       digitized, fee_payable, paid_online, result_digitized, rated, satisfied)
    WITH events AS (
      SELECT d.attributed_unit_code, d.province_code, d.field_code, d.procedure_code, e.*
      FROM ${dossiers} d
      CROSS JOIN LATERAL (VALUES
        (d.received_on, 1, (d.channel = 'ONLINE')::int, (d.channel = 'POSTAL')::int,
         0, 0, 0, 0, 0, 0, 0,
         d.digitized::int, d.fee_payable::int, d.fee_paid_online::int, 0, 0, 0),
        (d.closed_on, 0, 0, 0, (d.outcome = 'ON_TIME')::int, (d.outcome = 'LATE')::int,
         (d.outcome = 'RETURNED')::int, (d.outcome = 'WITHDRAWN')::int, 0,
         (d.closed_on > d.due_on)::int, 0,
         0, 0, 0,
         (d.outcome IN ('ON_TIME', 'LATE') AND d.result_digitized)::int,
         (d.outcome IN ('ON_TIME', 'LATE') AND d.satisfaction IS NOT NULL)::int,
         (d.outcome IN ('ON_TIME', 'LATE') AND coalesce(d.satisfaction, 0) >= 4)::int),
        (CASE WHEN d.closed_on IS NULL OR d.closed_on > d.due_on THEN d.due_on + 1 END,
         0, 0, 0, 0, 0, 0, 0, 1, 0, (d.apology_issued_on IS NOT NULL)::int, 0, 0, 0, 0, 0, 0)
      ) AS e(day, received, received_online, received_postal, resolved_on_time, resolved_late,
             returned, withdrawn, became_overdue, overdue_closed, apologized,
             digitized, fee_payable, paid_online, result_digitized, rated, satisfied)
      WHERE e.day IS NOT NULL AND ${provinces}
    ), base AS (
      SELECT attributed_unit_code, province_code, field_code, procedure_code, day,
        sum(received)::int AS received, sum(received_online)::int AS received_online,
        sum(received_postal)::int AS received_postal, sum(resolved_on_time)::int AS resolved_on_time,
        sum(resolved_late)::int AS resolved_late, sum(returned)::int AS returned,
        sum(withdrawn)::int AS withdrawn, sum(became_overdue)::int AS became_overdue,
        sum(overdue_closed)::int AS overdue_closed, sum(apologized)::int AS apologized,
        sum(digitized)::int AS digitized, sum(fee_payable)::int AS fee_payable,
        sum(paid_online)::int AS paid_online, sum(result_digitized)::int AS result_digitized,
        sum(rated)::int AS rated, sum(satisfied)::int AS satisfied
      FROM events
      GROUP BY attributed_unit_code, province_code, field_code, procedure_code, day
    ), exploded AS (
      SELECT u.code, b.field_code, b.procedure_code, b.day,
        date_trunc('month', b.day)::date AS month, b.received, b.received_online,
        b.received_postal, b.resolved_on_time, b.resolved_late, b.returned, b.withdrawn,
        b.became_overdue, b.overdue_closed, b.apologized, b.digitized, b.fee_payable,
        b.paid_online, b.result_digitized, b.rated, b.satisfied
      FROM base b
      CROSS JOIN LATERAL (VALUES (b.attributed_unit_code),
        (CASE WHEN b.province_code <> b.attributed_unit_code THEN b.province_code END)) AS u(code)
      WHERE u.code IS NOT NULL
    )
    SELECT code, coalesce(field_code, ''), coalesce(procedure_code, ''),
      CASE WHEN GROUPING(day) = 0 THEN 'D' ELSE 'M' END, coalesce(day, month),
      sum(received), sum(received_online), sum(received_postal), sum(resolved_on_time),
      sum(resolved_late), sum(returned), sum(withdrawn), sum(became_overdue),
      sum(overdue_closed), sum(apologized), sum(digitized), sum(fee_payable), sum(paid_online),
      sum(result_digitized), sum(rated), sum(satisfied)
    FROM exploded
    GROUP BY GROUPING SETS (
      (code, field_code, procedure_code, day), (code, field_code, day), (code, day),
      (code, field_code, procedure_code, month), (code, field_code, month), (code, month))
    ${ordered ? sql`ORDER BY 1, 2, 3, 4, 5` : sql``}`);
}

/** What a statistics read asks for: units, (field, procedure) scopes, and a period. */
export interface StatisticsRequest {
  unitCodes: string[];
  /** `[fieldCode, procedureCode]` pairs, '' for all. */
  scopes: [string, string][];
  from: string;
  to: string;
  /** The day the statistics are read: overdue counters and stocks stop there. */
  today: string;
}

/** Raw counters of one unit and scope over one period. */
export interface StatisticsCounts {
  unitCode: string;
  fieldCode: string;
  procedureCode: string;
  received: number;
  receivedOnline: number;
  receivedPostal: number;
  resolvedOnTime: number;
  resolvedLate: number;
  returned: number;
  withdrawn: number;
  /** Dossiers that were still open after their due day, that day falling in the period (up to today). */
  becameOverdue: number;
  /** Of those, the ones with an apology letter. */
  apologized: number;
  /** Received with digitised papers. */
  digitized: number;
  /** Received for a procedure with a fee. */
  feePayable: number;
  /** Of those, fee paid online. */
  paidOnline: number;
  /** Resolved with a digitised result. */
  resultDigitized: number;
  /** Resolved and rated by the applicant. */
  rated: number;
  /** Of those, rated 4 or 5. */
  satisfied: number;
  /** Open at the end of the period (or today, if earlier). */
  pending: number;
  /** Open and past their due day at the end of the period (or today, if earlier). */
  overduePending: number;
}

/** One index range of `dossier_statistics` to read, and which sums it feeds (bit mask). */
interface Segment {
  condition: SQL;
  /** 1: flows of the period, 2: overdue flows (up to today), 4: stocks at the end. */
  kinds: number;
}

function spanSegments(span: DaySpan, kinds: number): Segment[] {
  const { months, days } = periodSegments(span);
  const segments: Segment[] = days.map((day) => ({
    condition: sql`grain = 'D' AND period BETWEEN ${day.from}::date AND ${day.to}::date`,
    kinds,
  }));
  if (months.length > 0) {
    segments.push({
      condition: sql`grain = 'M' AND period BETWEEN ${months[0]!}::date AND ${months.at(-1)!}::date`,
      kinds,
    });
  }
  return segments;
}

/** Rows up to and including `day`: whole months before its month, then its month's days. */
function cumulativeSegments(day: string): Segment[] {
  const first = monthStart(day);
  return [
    { condition: sql`grain = 'M' AND period < ${first}::date`, kinds: 4 },
    { condition: sql`grain = 'D' AND period BETWEEN ${first}::date AND ${day}::date`, kinds: 4 },
  ];
}

/**
 * Reads the statistics of many units and scopes over one period in ONE statement, from the
 * counters only (never the dossiers): a year is about 12 monthly rows, the ragged ends' daily
 * rows, and the monthly rows before the period's end (for what is still open) per unit and scope.
 */
export async function readStatistics(
  db: StatisticsDatabase,
  request: StatisticsRequest,
): Promise<StatisticsCounts[]> {
  if (request.unitCodes.length === 0 || request.scopes.length === 0) return [];
  const until = request.to < request.today ? request.to : request.today;
  // When the period ends before today, its overdue flows are read with its other flows.
  const segments =
    until === request.to
      ? [...spanSegments(request, 3), ...cumulativeSegments(until)]
      : [
          ...spanSegments(request, 1),
          ...spanSegments({ from: request.from, to: until }, 2),
          ...cumulativeSegments(until),
        ];
  const scopes = sql.join(
    request.scopes.map(([field, procedure]) => sql`(${field}, ${procedure})`),
    sql`, `,
  );
  // One index range scan per unit, scope and segment; the sums pick their segments by kind.
  const ranges = sql.join(
    segments.map(
      (segment) => sql`
      SELECT ${segment.kinds}::int AS kinds, s.* FROM ${dossierStatistics} s
      WHERE s.unit_code IN (SELECT code FROM units)
        AND (s.field_code, s.procedure_code) IN (SELECT field, procedure FROM scopes)
        AND ${segment.condition}`,
    ),
    sql` UNION ALL `,
  );
  const flow = sql.raw('kinds & 1 <> 0');
  const overdueFlow = sql.raw('kinds & 2 <> 0');
  const stock = sql.raw('kinds & 4 <> 0');
  return selectRows<StatisticsCounts>(
    db,
    sql`
    WITH units(code) AS (VALUES ${sql.join(
      request.unitCodes.map((code) => sql`(${code})`),
      sql`, `,
    )}),
    scopes(field, procedure) AS (VALUES ${scopes})
    SELECT unit_code AS "unitCode", field_code AS "fieldCode", procedure_code AS "procedureCode",
      coalesce(sum(received) FILTER (WHERE ${flow}), 0)::int AS "received",
      coalesce(sum(received_online) FILTER (WHERE ${flow}), 0)::int AS "receivedOnline",
      coalesce(sum(received_postal) FILTER (WHERE ${flow}), 0)::int AS "receivedPostal",
      coalesce(sum(resolved_on_time) FILTER (WHERE ${flow}), 0)::int AS "resolvedOnTime",
      coalesce(sum(resolved_late) FILTER (WHERE ${flow}), 0)::int AS "resolvedLate",
      coalesce(sum(returned) FILTER (WHERE ${flow}), 0)::int AS "returned",
      coalesce(sum(withdrawn) FILTER (WHERE ${flow}), 0)::int AS "withdrawn",
      coalesce(sum(became_overdue) FILTER (WHERE ${overdueFlow}), 0)::int AS "becameOverdue",
      coalesce(sum(apologized) FILTER (WHERE ${overdueFlow}), 0)::int AS "apologized",
      coalesce(sum(digitized) FILTER (WHERE ${flow}), 0)::int AS "digitized",
      coalesce(sum(fee_payable) FILTER (WHERE ${flow}), 0)::int AS "feePayable",
      coalesce(sum(paid_online) FILTER (WHERE ${flow}), 0)::int AS "paidOnline",
      coalesce(sum(result_digitized) FILTER (WHERE ${flow}), 0)::int AS "resultDigitized",
      coalesce(sum(rated) FILTER (WHERE ${flow}), 0)::int AS "rated",
      coalesce(sum(satisfied) FILTER (WHERE ${flow}), 0)::int AS "satisfied",
      coalesce(sum(received - resolved_on_time - resolved_late - returned - withdrawn)
        FILTER (WHERE ${stock}), 0)::int AS "pending",
      coalesce(sum(became_overdue - overdue_closed) FILTER (WHERE ${stock}), 0)::int
        AS "overduePending"
    FROM (${ranges}) AS segments
    GROUP BY unit_code, field_code, procedure_code`,
  );
}

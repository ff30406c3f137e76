import { openDatabase, selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import type { ProceduresDatabaseHandle } from '../server.ts';
import { insertStatistics } from '../statistics/queries.ts';
import { generateDossiers, nationalProfile, syncDossierIds } from './generateDossiers.ts';

/**
 * Creates database `name` on the Postgres server of `serverUrl` unless it exists (dropping it
 * first when `fresh`) and returns its URL and whether it is new. For benchmarks.
 */
export async function ensureDatabase(serverUrl: string, name: string, fresh: boolean) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = await openDatabase({ name: 'procedures', url: serverUrl, poolSize: 1 }, {});
  try {
    if (fresh) await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const found = await selectRows(
      admin.db,
      sql`SELECT 1 FROM pg_database WHERE datname = ${name}`,
    );
    if (found.length === 0) await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), created: found.length === 0 };
  } finally {
    await admin.close();
  }
}

/**
 * Loads `count` national-profile dossiers into an empty, prepared database as a bulk load: keys
 * dropped, dossiers generated (`generateDossiers`: in JavaScript, copied) in chunks of a million, then the dossier key, the
 * counters from the dossiers, the counters' key, and fresh planner statistics.
 */
export async function loadNationalProfile(
  database: ProceduresDatabaseHandle,
  count: number,
  log: (step: string, milliseconds: number) => void,
) {
  const { db } = database;
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    log(name, performance.now() - started);
  };
  await db.execute(sql`ALTER TABLE procedures.dossiers DROP CONSTRAINT dossiers_pkey`);
  await db.execute(sql`ALTER TABLE procedures.dossier_statistics
    DROP CONSTRAINT dossier_statistics_unit_code_field_code_procedure_code_grain_period_pk`);
  const chunk = 1_000_000;
  for (let first = 1; first <= count; first += chunk) {
    const size = Math.min(chunk, count - first + 1);
    await step(
      `dossiers ${(first + size - 1).toLocaleString('en')} / ${count.toLocaleString('en')}`,
      () => generateDossiers(db, nationalProfile, first, size),
    );
  }
  await step('dossier primary key', async () => {
    await db.execute(sql`ALTER TABLE procedures.dossiers ADD PRIMARY KEY (id)`);
    await syncDossierIds(db);
  });
  // Two halves of the provinces at once: one per core of a small server.
  const provinces = (
    await selectRows<{ code: string }>(
      db,
      sql`SELECT DISTINCT province_code AS code FROM procedures.dossiers ORDER BY code`,
    )
  ).map((row) => row.code);
  const halves = [
    provinces.filter((_, index) => index % 2 === 0),
    provinces.filter((_, index) => index % 2 === 1),
  ];
  await step('counters from the dossiers', async () => {
    await db.execute(sql`TRUNCATE procedures.dossier_statistics`);
    await Promise.all(
      halves.map((half) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL work_mem = '2GB'`);
          await insertStatistics(tx, half, true);
        }),
      ),
    );
  });
  await step('counters key', () =>
    db.execute(sql`ALTER TABLE procedures.dossier_statistics
      ADD CONSTRAINT dossier_statistics_unit_code_field_code_procedure_code_grain_period_pk
      PRIMARY KEY (unit_code, field_code, procedure_code, grain, period)`),
  );
  await step('vacuum analyze', async () => {
    await db.execute(sql`VACUUM ANALYZE procedures.dossiers`);
    await db.execute(sql`VACUUM ANALYZE procedures.dossier_statistics`);
  });
}

/** Rows and sizes of the dossiers and of their counters. */
export async function datasetSize(database: ProceduresDatabaseHandle) {
  const result = (await database.db.execute(sql`
    SELECT (SELECT count(*) FROM procedures.dossiers)::bigint AS dossiers,
      (SELECT count(*) FROM procedures.dossier_statistics)::bigint AS counters,
      pg_size_pretty(pg_total_relation_size('procedures.dossiers')) AS "dossiersSize",
      pg_size_pretty(pg_total_relation_size('procedures.dossier_statistics')) AS "countersSize"`)) as unknown as {
    rows: { dossiers: string; counters: string; dossiersSize: string; countersSize: string }[];
  };
  return result.rows[0]!;
}

/** Per-province statistics computed by a plain scan of the dossiers (the baseline). */
export interface ScannedStatistics {
  code: string;
  received: number;
  resolved: number;
  resolvedOnTime: number;
  receivedOnline: number;
  pending: number;
  overduePending: number;
  becameOverdue: number;
  apologized: number;
}

/**
 * The statistics of every province from `from` to `to` by scanning every dossier, with the same
 * definitions as the counters (stocks and overdue counts stop at `today` when it is earlier).
 */
export async function scanProvinceStatistics(
  database: ProceduresDatabaseHandle,
  period: { from: string; to: string },
  today: string,
): Promise<ScannedStatistics[]> {
  const { from, to } = period;
  const until = to < today ? to : today;
  const result = (await database.db.execute(sql`
    SELECT province_code AS code,
      count(*) FILTER (WHERE received_on BETWEEN ${from} AND ${to})::int AS received,
      count(*) FILTER (WHERE outcome IN ('ON_TIME', 'LATE') AND closed_on BETWEEN ${from} AND ${to})::int AS resolved,
      count(*) FILTER (WHERE outcome = 'ON_TIME' AND closed_on BETWEEN ${from} AND ${to})::int AS "resolvedOnTime",
      count(*) FILTER (WHERE channel = 'ONLINE' AND received_on BETWEEN ${from} AND ${to})::int AS "receivedOnline",
      count(*) FILTER (WHERE received_on <= ${until} AND (closed_on IS NULL OR closed_on > ${until}))::int AS pending,
      count(*) FILTER (WHERE received_on <= ${until} AND due_on < ${until}
        AND (closed_on IS NULL OR closed_on > ${until}))::int AS "overduePending",
      count(*) FILTER (WHERE due_on + 1 BETWEEN ${from} AND ${until}
        AND (closed_on IS NULL OR closed_on > due_on))::int AS "becameOverdue",
      count(*) FILTER (WHERE due_on + 1 BETWEEN ${from} AND ${until}
        AND (closed_on IS NULL OR closed_on > due_on) AND apology_issued_on IS NOT NULL)::int AS apologized
    FROM procedures.dossiers GROUP BY province_code ORDER BY province_code`)) as unknown as {
    rows: ScannedStatistics[];
  };
  return result.rows;
}

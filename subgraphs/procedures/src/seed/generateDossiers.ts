import { copyRows } from '@home-affairs/bulk-load';
import type { Database } from '@home-affairs/db';
import { isoDay } from '@home-affairs/graphql';
import { sql } from 'drizzle-orm';
import { dossiers } from '../db/schema.ts';
import { readDraws } from './dossierDraws.ts';
import { type DossierRow, dossierRow } from './dossierRows.ts';

export { hashUnit } from './mix32.ts';

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

/** The `procedures.dossiers` columns a `DossierRow` fills, in order. */
export const dossierColumns = [
  dossiers.id,
  dossiers.procedureCode,
  dossiers.unitCode,
  dossiers.attributedUnitCode,
  dossiers.provinceCode,
  dossiers.fieldCode,
  dossiers.channel,
  dossiers.receivedOn,
  dossiers.dueOn,
  dossiers.closedOn,
  dossiers.outcome,
  dossiers.apologyIssuedOn,
  dossiers.apologyReason,
  dossiers.apologyNewDueOn,
  dossiers.digitized,
  dossiers.feePayable,
  dossiers.feePaidOnline,
  dossiers.resultDigitized,
  dossiers.satisfaction,
  dossiers.synthetic,
];

/** A generated dossier as COPY values: days as ISO text. */
export function copyValues(row: DossierRow) {
  const values: (string | number | boolean | null)[] = [...row];
  for (const index of [7, 8, 9, 11, 13]) {
    const day = row[index] as number | null;
    values[index] = day === null ? null : isoDay(day);
  }
  return values;
}

/**
 * Inserts dossiers `firstId` to `firstId + count - 1`, deterministic in their ids (`dossierRow`):
 * what the draws choose among (units in force on each side of the two-tier day with their
 * province's propensities, weighted procedure slots, working days) is read in three queries, the
 * rows are generated in JavaScript and bulk-loaded with COPY, each passed to `onRow` too.
 * Statistics are not touched: call `rebuildStatistics` after, or count the rows given to `onRow`.
 */
export async function generateDossiers(
  db: Database<Record<string, unknown>>,
  profile: DossierProfile,
  firstId: number,
  count: number,
  onRow: (row: DossierRow) => void = () => {},
) {
  const draws = await readDraws(db, profile);
  const rows = function* () {
    for (let id = firstId; id < firstId + count; id += 1) {
      const row = dossierRow(id, draws);
      if (!row) continue;
      onRow(row);
      yield copyValues(row);
    }
  };
  await copyRows(db, dossiers, dossierColumns, rows());
}

/** Moves the dossier id sequence past the generated ids. */
export async function syncDossierIds(db: Database<Record<string, unknown>>) {
  await db.execute(sql`
    SELECT setval(pg_get_serial_sequence('procedures.dossiers', 'id'),
      greatest((SELECT max(id) FROM procedures.dossiers), 1))`);
}

import { copyRows } from '@home-affairs/bulk-load';
import type { Database } from '@home-affairs/db';
import { counterNames, type DossierFacts } from '../statistics/dossierEvents.ts';
import { counterColumns } from '../statistics/queries.ts';
import { isoDay } from './dossierDraws.ts';
import type { DossierRow } from './dossierRows.ts';
import { type DossierProfile, generateDossiers, syncDossierIds } from './generateDossiers.ts';
import { sumDossierCounters } from './sumDossierCounters.ts';

const statisticsColumns = [
  'unit_code',
  'field_code',
  'procedure_code',
  'grain',
  'period',
  ...counterNames.map((name) => counterColumns[name]),
];

/** What the counters need of a generated dossier (`DossierFacts`, days as ISO text). */
function factsOf(row: DossierRow): DossierFacts {
  const day = (value: number | null) => (value === null ? null : isoDay(value));
  return {
    procedureCode: row[1],
    attributedUnitCode: row[3],
    provinceCode: row[4],
    fieldCode: row[5],
    channel: row[6],
    receivedOn: isoDay(row[7]),
    dueOn: isoDay(row[8]),
    closedOn: day(row[9]),
    outcome: row[10],
    apologyIssuedOn: day(row[11]),
    digitized: row[14],
    feePayable: row[15],
    feePaidOnline: row[16],
    resultDigitized: row[17],
    satisfaction: row[18],
  };
}

/**
 * Loads the demo dossiers `1` to `count` of `profile` and their counters into empty tables: the
 * dossiers generated in JavaScript and copied (`generateDossiers`), then the counters summed in
 * JavaScript with the write path's own rules (`sumDossierCounters`, ADR 0005) and copied too,
 * one province at a time (a province's counters come from its own dossiers only), instead of
 * being rebuilt from the stored dossiers in SQL (`rebuildStatistics`, the same rows).
 */
export async function loadDemoDossiers(
  db: Database<Record<string, unknown>>,
  profile: DossierProfile,
  count: number,
) {
  const byProvince = new Map<string, DossierFacts[]>();
  await generateDossiers(db, profile, 1, count, (row) => {
    const facts = factsOf(row);
    const list = byProvince.get(facts.provinceCode) ?? [];
    list.push(facts);
    byProvince.set(facts.provinceCode, list);
  });
  await syncDossierIds(db);
  let counters = 0;
  for (const code of [...byProvince.keys()].sort()) {
    const rows = sumDossierCounters(byProvince.get(code)!);
    counters += await copyRows(db, 'procedures.dossier_statistics', statisticsColumns, rows);
    byProvince.delete(code);
  }
  return { counters };
}

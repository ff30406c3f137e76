import { copyText } from '@home-affairs/bulk-load';
import { isoDay } from '@home-affairs/graphql';
import type { DossierFacts } from '../statistics/dossierEvents.ts';
import { type DossierDraws, type DossierRow, dossierRow } from './dossierRows.ts';
import { copyValues } from './generateDossiers.ts';
import { sumDossierCounters } from './sumDossierCounters.ts';

/** A piece of the demo data: COPY text of dossiers or counters, or the end of either. */
export type DemoDataMessage =
  | { kind: 'dossiers' | 'counters'; chunk: Uint8Array }
  | { kind: 'dossiers done' }
  | { kind: 'counters done'; counters: number }
  | { kind: 'failed'; message: string };

/** What the counters need of a generated dossier (`DossierFacts`, days as ISO text). */
export function factsOf(row: DossierRow): DossierFacts {
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
 * Makes the demo data of dossiers `firstId` to `firstId + count - 1` as COPY text, giving each
 * chunk (100,000 rows, UTF-8 bytes) to `send` as soon as it is made: the dossiers (`dossierRow`), then
 * their counters, summed one province at a time (`sumDossierCounters`, a province's counters come
 * from its own dossiers only) and sent in key order once every province is summed. The same rows
 * as the dossiers and counters copied one by one.
 */
export function makeDemoData(
  draws: DossierDraws,
  firstId: number,
  count: number,
  send: (message: DemoDataMessage) => void,
) {
  const byProvince = new Map<string, DossierFacts[]>();
  const dossiers = function* () {
    for (let id = firstId; id < firstId + count; id += 1) {
      const row = dossierRow(id, draws);
      if (!row) continue;
      const facts = factsOf(row);
      const list = byProvince.get(facts.provinceCode) ?? [];
      list.push(facts);
      byProvince.set(facts.provinceCode, list);
      yield copyValues(row);
    }
  };
  for (const chunk of copyText(dossiers())) send({ kind: 'dossiers', chunk });
  send({ kind: 'dossiers done' });
  let counters = 0;
  const provinces = function* () {
    for (const code of [...byProvince.keys()].sort()) {
      yield byProvince.get(code)!;
      byProvince.delete(code);
    }
  };
  const counted = function* () {
    for (const row of sumDossierCounters(provinces())) {
      counters += 1;
      yield row;
    }
  };
  for (const chunk of copyText(counted())) send({ kind: 'counters', chunk });
  send({ kind: 'counters done', counters });
}

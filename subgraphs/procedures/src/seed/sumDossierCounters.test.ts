import { isoDay } from '@home-affairs/graphql';
import { describe, expect, it } from 'vitest';
import {
  addDossierCounters,
  type CounterRows,
  counterNames,
  type DossierFacts,
} from '../statistics/dossierEvents.ts';
import { mix32 } from './mix32.ts';
import { inOrder, sumDossierCounters } from './sumDossierCounters.ts';

const outcomes = ['PENDING', 'ON_TIME', 'LATE', 'RETURNED', 'WITHDRAWN'] as const;
const channels = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;

/** A dossier of every kind by turns, drawn from its number: units of two provinces, across months. */
function dossier(n: number): DossierFacts {
  const draw = (salt: number, count: number) => Math.floor(mix32(n, salt) * count);
  const provinceCode = ['01', '40'][draw(1, 2)]!;
  const received = 20_240 + draw(2, 90);
  const due = received + 5 + draw(3, 20);
  const outcome = outcomes[draw(4, outcomes.length)]!;
  const closed = outcome === 'PENDING' ? null : received + draw(5, 40);
  return {
    attributedUnitCode: [provinceCode, `${provinceCode}1`, `${provinceCode}10`][draw(6, 3)]!,
    provinceCode,
    fieldCode: ['HT', 'TDKT'][draw(7, 2)]!,
    procedureCode: ['1.001', '1.0010', '2.5'][draw(8, 3)]!,
    channel: channels[draw(9, channels.length)]!,
    receivedOn: isoDay(received),
    dueOn: isoDay(due),
    closedOn: closed === null ? null : isoDay(closed),
    outcome,
    apologyIssuedOn: draw(10, 3) === 0 ? isoDay(due) : null,
    digitized: draw(11, 2) === 0,
    feePayable: draw(12, 2) === 0,
    feePaidOnline: draw(13, 3) === 0,
    resultDigitized: draw(14, 2) === 0,
    satisfaction: draw(15, 2) === 0 ? null : 1 + draw(16, 5),
  };
}

describe('sumDossierCounters', () => {
  it('sums the rows addDossierCounters makes, in key order', () => {
    const dossiers = Array.from({ length: 3000 }, (_, n) => dossier(n));
    const expected: CounterRows = new Map();
    for (const facts of dossiers) addDossierCounters(expected, facts, 1);
    const rows = [...expected.values()]
      .map((row) => [
        row.unitCode,
        row.fieldCode,
        row.procedureCode,
        row.grain,
        row.period,
        ...counterNames.map((name) => row.counters[name]),
      ])
      .sort((a, b) => {
        const index = a.findIndex((value, position) => value !== b[position]);
        return index === -1 ? 0 : a[index]! < b[index]! ? -1 : 1;
      });

    expect(rows.length).toBeGreaterThan(1000);
    expect([...sumDossierCounters([dossiers])]).toEqual(rows);
    // Summed one province at a time, the rows still come in one key order over both provinces
    // (units '01…' and '40…' interleave with no other here, so the order is checked on the codes).
    const byProvince = ['40', '01'].map((code) =>
      dossiers.filter((facts) => facts.provinceCode === code),
    );
    expect([...sumDossierCounters(byProvince)]).toEqual(rows);
  });

  it('refuses groups that count one unit twice', () => {
    const dossiers = Array.from({ length: 50 }, (_, n) => dossier(n));
    expect(() => [...sumDossierCounters([dossiers.slice(0, 25), dossiers.slice(25)])]).toThrow(
      /counted in two groups/,
    );
  });

  it('orders rows by their places, packed with their index while exact and by a comparator beyond', () => {
    const places = Float64Array.from([40, 3, 17, 0, 25]);
    expect([...inOrder(places, 41)]).toEqual([3, 1, 2, 4, 0]);
    expect([...inOrder(places, Number.MAX_SAFE_INTEGER)]).toEqual([3, 1, 2, 4, 0]);
  });
});

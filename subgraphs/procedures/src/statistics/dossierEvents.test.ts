import { describe, expect, it } from 'vitest';
import { type DossierFacts, statisticsDeltas } from './dossierEvents.ts';

const pending: DossierFacts = {
  attributedUnitCode: '16681',
  provinceCode: '40',
  fieldCode: 'TDKT',
  procedureCode: '1.004194',
  channel: 'ONLINE',
  receivedOn: '2025-08-04',
  dueOn: '2025-08-18',
  closedOn: null,
  outcome: 'PENDING',
  apologyIssuedOn: null,
  digitized: false,
  feePayable: false,
  feePaidOnline: false,
  resultDigitized: false,
  satisfaction: null,
};

/** The commune's all-procedures daily changes, by day, without zero counters. */
function communeDays(before: DossierFacts | null, after: DossierFacts | null) {
  return Object.fromEntries(
    statisticsDeltas(before, after)
      .filter((row) => row.unitCode === '16681' && row.fieldCode === '' && row.grain === 'D')
      .map((row) => [
        row.period,
        Object.fromEntries(Object.entries(row.counters).filter(([, value]) => value !== 0)),
      ]),
  );
}

describe('statisticsDeltas', () => {
  it('counts a new dossier at its unit and province, for 3 scopes, by day and month', () => {
    const rows = statisticsDeltas(null, pending);
    // 2 units × 3 scopes × (the receipt day, the day after the due day, and their one month).
    expect(rows).toHaveLength(2 * 3 * 3);
    expect(communeDays(null, pending)).toEqual({
      '2025-08-04': { received: 1, receivedOnline: 1 },
      // Counted as becoming overdue unless it is closed by its due day.
      '2025-08-19': { becameOverdue: 1 },
    });
  });

  it('takes back the overdue count of a dossier resolved on time', () => {
    const resolved: DossierFacts = { ...pending, closedOn: '2025-08-18', outcome: 'ON_TIME' };
    expect(communeDays(pending, resolved)).toEqual({
      '2025-08-18': { resolvedOnTime: 1 },
      '2025-08-19': { becameOverdue: -1 },
    });
  });

  it('counts the apology and the closing of a late dossier', () => {
    const apologized: DossierFacts = { ...pending, apologyIssuedOn: '2025-08-15' };
    expect(communeDays(pending, apologized)).toEqual({ '2025-08-19': { apologized: 1 } });
    const late: DossierFacts = { ...apologized, closedOn: '2025-08-25', outcome: 'LATE' };
    expect(communeDays(apologized, late)).toEqual({
      '2025-08-25': { resolvedLate: 1, overdueClosed: 1 },
    });
  });

  it('counts a provincial dossier once at its province', () => {
    const provincial: DossierFacts = { ...pending, attributedUnitCode: '40' };
    const units = new Set(statisticsDeltas(null, provincial).map((row) => row.unitCode));
    expect(units).toEqual(new Set(['40']));
  });

  it('counts digitised papers and online fees on receipt, digitised results and ratings on resolution', () => {
    const received: DossierFacts = {
      ...pending,
      digitized: true,
      feePayable: true,
      feePaidOnline: true,
    };
    expect(communeDays(null, received)['2025-08-04']).toEqual({
      received: 1,
      receivedOnline: 1,
      digitized: 1,
      feePayable: 1,
      paidOnline: 1,
    });
    const resolved: DossierFacts = {
      ...received,
      closedOn: '2025-08-18',
      outcome: 'ON_TIME',
      resultDigitized: true,
      satisfaction: 4,
    };
    expect(communeDays(received, resolved)['2025-08-18']).toEqual({
      resolvedOnTime: 1,
      resultDigitized: 1,
      rated: 1,
      satisfied: 1,
    });
    // A returned dossier has no result to digitise and no rating of one.
    const returned: DossierFacts = { ...resolved, outcome: 'RETURNED' };
    expect(communeDays(received, returned)['2025-08-18']).toEqual({ returned: 1 });
    // A rating of 3 is rated, not satisfied.
    expect(communeDays(resolved, { ...resolved, satisfaction: 3 })).toEqual({
      '2025-08-18': { satisfied: -1 },
    });
  });
});

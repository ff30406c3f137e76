import { addDays } from '@home-affairs/graphql';
import { monthStart } from './periodSegments.ts';

/** The counters of `dossier_statistics`, by their column names in TypeScript. */
export const counterNames = [
  'received',
  'receivedOnline',
  'receivedPostal',
  'resolvedOnTime',
  'resolvedLate',
  'returned',
  'withdrawn',
  'becameOverdue',
  'overdueClosed',
  'apologized',
  'digitized',
  'feePayable',
  'paidOnline',
  'resultDigitized',
  'rated',
  'satisfied',
] as const;

/** One counter of `dossier_statistics`. */
export type CounterName = (typeof counterNames)[number];

/** Counter values (missing counters are 0). */
export type Counters = Partial<Record<CounterName, number>>;

/** What the statistics need to know about one dossier. */
export interface DossierFacts {
  attributedUnitCode: string;
  provinceCode: string;
  fieldCode: string;
  procedureCode: string;
  channel: 'ONLINE' | 'IN_PERSON' | 'POSTAL';
  receivedOn: string;
  dueOn: string;
  closedOn: string | null;
  outcome: 'PENDING' | 'ON_TIME' | 'LATE' | 'RETURNED' | 'WITHDRAWN';
  apologyIssuedOn: string | null;
  digitized: boolean;
  feePayable: boolean;
  feePaidOnline: boolean;
  resultDigitized: boolean;
  satisfaction: number | null;
}

/** A dossier's contribution to one day's counters. */
export interface DayEvent {
  day: string;
  counters: Counters;
}

/**
 * Everything a dossier in this state adds to the daily counters. The same rules, in SQL, rebuild
 * the counters from the dossiers (`rebuildStatistics`), so that writes and rebuilds agree:
 * - received (by channel; digitised, with a fee, fee paid online) on the receipt day;
 * - its outcome on the day it was closed, and for a resolved one whether its result was
 *   digitised and how the applicant rated it (rated; satisfied for 4 or 5);
 * - when it is still open at the end of its due day (pending or closed late): "became overdue"
 *   on the day after the due day, with "apologized" there too when it has an apology letter, and
 *   "overdue closed" on the day it was closed. A pending dossier counts as becoming overdue
 *   before it does; readers count those counters only up to today.
 */
export function dossierEvents(dossier: DossierFacts): DayEvent[] {
  const events: DayEvent[] = [
    {
      day: dossier.receivedOn,
      counters: {
        received: 1,
        receivedOnline: dossier.channel === 'ONLINE' ? 1 : 0,
        receivedPostal: dossier.channel === 'POSTAL' ? 1 : 0,
        digitized: dossier.digitized ? 1 : 0,
        feePayable: dossier.feePayable ? 1 : 0,
        paidOnline: dossier.feePaidOnline ? 1 : 0,
      },
    },
  ];
  if (dossier.closedOn !== null) {
    const outcome: Record<string, CounterName> = {
      ON_TIME: 'resolvedOnTime',
      LATE: 'resolvedLate',
      RETURNED: 'returned',
      WITHDRAWN: 'withdrawn',
    };
    const counter = outcome[dossier.outcome];
    const resolved = dossier.outcome === 'ON_TIME' || dossier.outcome === 'LATE';
    if (counter) {
      events.push({
        day: dossier.closedOn,
        counters: {
          [counter]: 1,
          ...(resolved
            ? {
                resultDigitized: dossier.resultDigitized ? 1 : 0,
                rated: dossier.satisfaction === null ? 0 : 1,
                satisfied: (dossier.satisfaction ?? 0) >= 4 ? 1 : 0,
              }
            : {}),
        },
      });
    }
  }
  if (dossier.closedOn === null || dossier.closedOn > dossier.dueOn) {
    events.push({
      day: addDays(dossier.dueOn, 1),
      counters: { becameOverdue: 1, apologized: dossier.apologyIssuedOn === null ? 0 : 1 },
    });
    if (dossier.closedOn !== null) {
      events.push({ day: dossier.closedOn, counters: { overdueClosed: 1 } });
    }
  }
  return events;
}

/** One row of counter changes for `dossier_statistics`. */
export interface StatisticsDelta {
  unitCode: string;
  fieldCode: string;
  procedureCode: string;
  grain: 'D' | 'M';
  period: string;
  counters: Record<CounterName, number>;
}

function zero(): Record<CounterName, number> {
  return Object.fromEntries(counterNames.map((name) => [name, 0])) as Record<CounterName, number>;
}

/** Counter rows by key (unit, field, procedure, grain, period), as `addDossierCounters` fills them. */
export type CounterRows = Map<string, StatisticsDelta>;

/**
 * The units a dossier counts under: its attributed unit and, unless that is the province itself,
 * its province.
 */
export function countedUnits(dossier: Pick<DossierFacts, 'attributedUnitCode' | 'provinceCode'>) {
  return dossier.provinceCode === dossier.attributedUnitCode
    ? [dossier.attributedUnitCode]
    : [dossier.attributedUnitCode, dossier.provinceCode];
}

/** The scopes a dossier counts in (field, procedure): its procedure, its field, all procedures. */
export function countedScopes(dossier: Pick<DossierFacts, 'fieldCode' | 'procedureCode'>) {
  return [
    [dossier.fieldCode, dossier.procedureCode],
    [dossier.fieldCode, ''],
    ['', ''],
  ] as const;
}

/** The periods (grain, first day) an event of `day` counts in: its day and its month. */
export function countedPeriods(day: string) {
  return [
    ['D', day],
    ['M', monthStart(day)],
  ] as const;
}

/**
 * Adds (`sign` 1) or takes away (-1) what `dossier` counts to `rows`: its events in their periods
 * (countedPeriods), under its units (countedUnits), in its scopes (countedScopes).
 */
export function addDossierCounters(rows: CounterRows, dossier: DossierFacts, sign: 1 | -1) {
  const units = countedUnits(dossier);
  const scopes = countedScopes(dossier);
  for (const event of dossierEvents(dossier)) {
    for (const unitCode of units) {
      for (const [fieldCode, procedureCode] of scopes) {
        for (const [grain, period] of countedPeriods(event.day)) {
          const key = [unitCode, fieldCode, procedureCode, grain, period].join('|');
          let row = rows.get(key);
          if (!row) {
            row = { unitCode, fieldCode, procedureCode, grain, period, counters: zero() };
            rows.set(key, row);
          }
          for (const [name, value] of Object.entries(event.counters)) {
            row.counters[name as CounterName] += sign * (value ?? 0);
          }
        }
      }
    }
  }
}

/**
 * The counter changes of one write: what the dossier adds after it, minus what it added before
 * (null for a new dossier), for each day and month, at the attributed unit and its province,
 * for the procedure, its field and all procedures. Rows whose changes cancel out are left out.
 */
export function statisticsDeltas(
  before: DossierFacts | null,
  after: DossierFacts | null,
): StatisticsDelta[] {
  const rows: CounterRows = new Map();
  if (before) addDossierCounters(rows, before, -1);
  if (after) addDossierCounters(rows, after, 1);
  return [...rows.values()].filter((row) => counterNames.some((name) => row.counters[name] !== 0));
}

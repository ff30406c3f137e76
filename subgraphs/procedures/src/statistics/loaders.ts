import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { readStatistics, type StatisticsCounts, type StatisticsDatabase } from './queries.ts';

/** One set of statistics: a unit (null for the whole country), a scope and a period. */
export interface StatisticsKey {
  unitCode: string | null;
  /** '' for every field. */
  fieldCode: string;
  /** '' for every procedure. */
  procedureCode: string;
  from: string;
  to: string;
}

/** Counters without their unit and scope. */
export type Counts = Omit<StatisticsCounts, 'unitCode' | 'fieldCode' | 'procedureCode'>;

const emptyCounts: Counts = {
  received: 0,
  receivedOnline: 0,
  receivedPostal: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  returned: 0,
  withdrawn: 0,
  becameOverdue: 0,
  apologized: 0,
  pending: 0,
  overduePending: 0,
  digitized: 0,
  feePayable: 0,
  paidOnline: 0,
  resultDigitized: 0,
  rated: 0,
  satisfied: 0,
};

function add(total: Counts, row: Counts): Counts {
  const sum = { ...total };
  for (const name of Object.keys(emptyCounts) as (keyof Counts)[]) sum[name] += row[name];
  return sum;
}

const keyOf = (key: StatisticsKey) =>
  [key.unitCode ?? '*', key.fieldCode, key.procedureCode, key.from, key.to].join('|');

/**
 * Loads statistics for many units and scopes: ONE statement per distinct period in the batch, so
 * the statistics of all 3,321 communes cost one statement. The whole country is the sum of the
 * provinces in force today (`provinceCodes`).
 */
export function statisticsByKey(
  db: StatisticsDatabase,
  today: string,
  provinceCodes: readonly string[],
) {
  return new ObservedDataLoader<StatisticsKey, Counts, string>(
    'statisticsByKey',
    async (keys) => {
      const found = new Map<string, Counts>();
      for (const group of groupBy(keys, (key) => `${key.from}|${key.to}`).values()) {
        const { from, to } = group[0]!;
        const national = group.some((key) => key.unitCode === null);
        const units = new Set(group.flatMap((key) => (key.unitCode ? [key.unitCode] : [])));
        const provinces = new Set(national ? provinceCodes : []);
        for (const code of provinces) units.add(code);
        const scopes = new Map(
          group.map((key) => [
            `${key.fieldCode}|${key.procedureCode}`,
            [key.fieldCode, key.procedureCode] as [string, string],
          ]),
        );
        const rows = await readStatistics(db, {
          unitCodes: [...units],
          scopes: [...scopes.values()],
          from,
          to,
          today,
        });
        for (const row of rows) {
          const { unitCode, fieldCode, procedureCode, ...counts } = row;
          const base = { fieldCode, procedureCode, from, to };
          found.set(keyOf({ ...base, unitCode }), counts);
          if (provinces.has(unitCode)) {
            const nationalKey = keyOf({ ...base, unitCode: null });
            found.set(nationalKey, add(found.get(nationalKey) ?? emptyCounts, counts));
          }
        }
      }
      return keys.map((key) => found.get(keyOf(key)) ?? emptyCounts);
    },
    { cacheKeyFn: keyOf },
  );
}

import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import type { StatisticsDatabase } from '../statistics/queries.ts';
import type { PublicationCounts } from './computeServiceIndex.ts';
import {
  type IndexedUnit,
  readCommuneCodes,
  readIndexedUnits,
  readPublicationCounts,
} from './queries.ts';

/** Publications of one province (and procedure, '' for all) for a period ending on `to`. */
export interface PublicationKey {
  provinceCode: string;
  procedureCode: string;
  to: string;
}

const publicationKeyOf = (key: PublicationKey) =>
  `${key.provinceCode}|${key.procedureCode}|${key.to}`;

/** Loads publication counts: one statement per distinct period end in a batch. */
export function publicationsByKey(db: StatisticsDatabase) {
  return new ObservedDataLoader<PublicationKey, PublicationCounts, string>(
    'publicationsByKey',
    async (keys) => {
      const found = new Map<string, PublicationCounts>();
      for (const [to, group] of groupBy(keys, (key) => key.to)) {
        const provinces = [...new Set(group.map((key) => key.provinceCode))];
        for (const row of await readPublicationCounts(db, provinces, to)) {
          found.set(publicationKeyOf({ ...row, to }), { due: row.due, onTime: row.onTime });
        }
      }
      return keys.map((key) => found.get(publicationKeyOf(key)) ?? { due: 0, onTime: 0 });
    },
    { cacheKeyFn: publicationKeyOf },
  );
}

/** Loads directory units by code, one statement per batch. */
export function indexedUnitByCode(db: StatisticsDatabase) {
  return new ObservedDataLoader<string, IndexedUnit | null>('indexedUnitByCode', async (codes) => {
    const byCode = new Map((await readIndexedUnits(db, codes)).map((unit) => [unit.code, unit]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}

/** Loads the codes of the communes in force today of each province, one statement per batch. */
export function communeCodesByProvince(db: StatisticsDatabase) {
  return new ObservedDataLoader<string, string[]>(
    'communeCodesByProvince',
    async (provinceCodes) => {
      const byProvince = groupBy(
        await readCommuneCodes(db, provinceCodes),
        (row) => row.provinceCode,
      );
      return provinceCodes.map((code) => (byProvince.get(code) ?? []).map((row) => row.code));
    },
  );
}

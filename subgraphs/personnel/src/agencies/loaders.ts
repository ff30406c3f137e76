import { rowsByOwner } from '@home-affairs/db';
import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { asc } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import { type AgencyRow, agencyStatusChanges } from '../db/schema.ts';
import { type AgencyKind, findAgencies, findFirstAgenciesOfUnits } from './queries.ts';

/** Loads agencies by code: one statement per batch. */
export function agencyByCode(db: PersonnelDatabase) {
  return new ObservedDataLoader<string, AgencyRow | null>('agencyByCode', async (codes) => {
    const byCode = new Map((await findAgencies(db, codes)).map((row) => [row.code, row]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}

/** Loads the status changes of agencies, oldest first. */
export function statusChangesByAgency(db: PersonnelDatabase) {
  return rowsByOwner(
    'statusChangesByAgency',
    db,
    agencyStatusChanges,
    'agencyCode',
    asc(agencyStatusChanges.effectiveDate),
    asc(agencyStatusChanges.id),
  );
}

/** The first page of a unit's `agencies` connection. */
export interface UnitAgenciesKey {
  unitCode: string;
  kind: AgencyKind | null;
  first: number;
}

/**
 * Loads the first page of agencies in operation on `day` (the request's today) of many units:
 * one statement per (kind, size).
 */
export function firstAgenciesByUnit(db: PersonnelDatabase, day: string) {
  const groupKey = (key: UnitAgenciesKey) => `${key.kind ?? ''}|${key.first}`;
  return new ObservedDataLoader<UnitAgenciesKey, { rows: AgencyRow[]; totalCount: number }, string>(
    'firstAgenciesByUnit',
    async (keys) => {
      const pages = new Map<string, { rows: AgencyRow[]; totalCount: number }>();
      for (const [group, members] of groupBy(keys, groupKey)) {
        const { kind, first } = members[0]!;
        const units = [...new Set(members.map((key) => key.unitCode))];
        for (const { agency, total } of await findFirstAgenciesOfUnits(
          db,
          units,
          kind,
          first,
          day,
        )) {
          const pageKey = `${group}|${agency.unitCode}`;
          const page = pages.get(pageKey) ?? { rows: [], totalCount: Number(total) };
          page.rows.push(agency);
          pages.set(pageKey, page);
        }
      }
      return keys.map(
        (key) => pages.get(`${groupKey(key)}|${key.unitCode}`) ?? { rows: [], totalCount: 0 },
      );
    },
    { cacheKeyFn: (key) => `${groupKey(key)}|${key.unitCode}` },
  );
}

import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import type { AdministrativeUnitRow } from '../db/schema.ts';
import {
  findFirstChildren,
  findLatestVersions,
  findVersions,
  type UnitsDatabase,
  type UnitType,
} from './queries.ts';

/** A code looked up as it stood on a day. */
export interface CodeOnDay {
  code: string;
  asOf: string;
}

/**
 * Loads units by code as of a day (the version in force, or the last one before): one statement
 * per distinct day in the batch, so 3,321 entity references cost one statement.
 */
export function unitByCode(db: UnitsDatabase) {
  return new ObservedDataLoader<CodeOnDay, AdministrativeUnitRow | null, string>(
    'unitByCode',
    async (keys) => {
      const found = new Map<string, AdministrativeUnitRow>();
      for (const [asOf, group] of groupBy(keys, (key) => key.asOf)) {
        const codes = [...new Set(group.map((key) => key.code))];
        for (const row of await findLatestVersions(db, codes, asOf)) {
          found.set(`${asOf}|${row.code}`, row);
        }
      }
      return keys.map((key) => found.get(`${key.asOf}|${key.code}`) ?? null);
    },
    { cacheKeyFn: (key) => `${key.asOf}|${key.code}` },
  );
}

/** Loads every version of a code, oldest first. */
export function versionsByCode(db: UnitsDatabase) {
  return new ObservedDataLoader<string, AdministrativeUnitRow[]>(
    'versionsByCode',
    async (codes) => {
      const rows = await findVersions(db, codes);
      const byCode = groupBy(rows, (row) => row.code);
      return codes.map((code) => byCode.get(code) ?? []);
    },
  );
}

/** The first page of a `children` connection. */
export interface ChildrenPageKey {
  parentCode: string;
  asOf: string;
  type: UnitType | null;
  first: number;
}

/** Loads the first page of children of many parents in one statement per (day, type, size). */
export function firstChildrenByParent(db: UnitsDatabase) {
  const keyOf = (key: ChildrenPageKey) => `${key.asOf}|${key.type ?? ''}|${key.first}`;
  return new ObservedDataLoader<
    ChildrenPageKey,
    { rows: AdministrativeUnitRow[]; totalCount: number },
    string
  >(
    'firstChildrenByParent',
    async (keys) => {
      const pages = new Map<string, { rows: AdministrativeUnitRow[]; totalCount: number }>();
      for (const [groupKey, group] of groupBy(keys, keyOf)) {
        const { asOf, type, first } = group[0]!;
        const parents = [...new Set(group.map((key) => key.parentCode))];
        for (const { position: _position, siblingCount, ...row } of await findFirstChildren(
          db,
          parents,
          asOf,
          type,
          first,
        )) {
          const pageKey = `${groupKey}|${row.parentCode}`;
          const page = pages.get(pageKey) ?? { rows: [], totalCount: Number(siblingCount) };
          page.rows.push(row);
          pages.set(pageKey, page);
        }
      }
      return keys.map(
        (key) => pages.get(`${keyOf(key)}|${key.parentCode}`) ?? { rows: [], totalCount: 0 },
      );
    },
    { cacheKeyFn: (key) => `${keyOf(key)}|${key.parentCode}` },
  );
}

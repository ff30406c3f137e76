import { rowsByOwner } from '@home-affairs/db';
import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { asc, desc, type SQL } from 'drizzle-orm';
import {
  affiliatedEntities,
  charters,
  financialReports,
  inspections,
  organizationLeaders,
  organizationStatuses,
} from '../db/schema.ts';
import {
  type AssociationsDatabase,
  findCountsByUnit,
  findFirstPagesByUnit,
  findOrganizations,
  findStatusesOn,
  type OrganizationFilter,
  type OrganizationRecord,
  type OrganizationStatus,
} from './queries.ts';

/** Loads organisations by registration number: one statement per batch. */
export function organizationByRegistrationNumber(db: AssociationsDatabase) {
  return new ObservedDataLoader<string, OrganizationRecord | null>(
    'organizationByRegistrationNumber',
    async (keys) => {
      const found = new Map(
        (await findOrganizations(db, keys)).map((row) => [row.registrationNumber, row]),
      );
      return keys.map((key) => found.get(key) ?? null);
    },
  );
}

/** An organisation's status asked for on a day. */
interface StatusKey {
  registrationNumber: string;
  day: string;
}

/** Loads statuses on a day: one statement per distinct day in the batch. */
export function statusByOrganization(db: AssociationsDatabase) {
  const keyOf = (key: StatusKey) => `${key.day}|${key.registrationNumber}`;
  return new ObservedDataLoader<StatusKey, OrganizationStatus | null, string>(
    'statusByOrganization',
    async (keys) => {
      const found = new Map<string, OrganizationStatus | null>();
      for (const [day, group] of groupBy(keys, (key) => key.day)) {
        const numbers = [...new Set(group.map((key) => key.registrationNumber))];
        for (const row of await findStatusesOn(db, numbers, day)) {
          found.set(`${day}|${row.registrationNumber}`, row.status);
        }
      }
      return keys.map((key) => found.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}

/** A table of rows that belong to organisations, by `registrationNumber`. */
type OrganizationTable =
  | typeof organizationStatuses
  | typeof organizationLeaders
  | typeof charters
  | typeof financialReports
  | typeof affiliatedEntities
  | typeof inspections;

/** Loads the rows of `table` that belong to organisations, in `order`: one statement per batch. */
function rowsByOrganization<TTable extends OrganizationTable>(
  db: AssociationsDatabase,
  table: TTable,
  ...order: SQL[]
) {
  return rowsByOwner('rowsByOrganization', db, table, 'registrationNumber', ...order);
}

/** The loaders of the rows that belong to organisations, each in the order its field lists them. */
export function organizationRowLoaders(db: AssociationsDatabase) {
  return {
    /** Status changes, oldest first. */
    statusChangesByOrganization: rowsByOrganization(
      db,
      organizationStatuses,
      asc(organizationStatuses.validFrom),
      asc(organizationStatuses.id),
    ),
    /** Leaders, the latest term first. */
    leadersByOrganization: rowsByOrganization(
      db,
      organizationLeaders,
      desc(organizationLeaders.termStart),
    ),
    /** Charters, oldest first. */
    chartersByOrganization: rowsByOrganization(db, charters, asc(charters.version)),
    /** Financial reports, newest first. */
    financialReportsByOrganization: rowsByOrganization(
      db,
      financialReports,
      desc(financialReports.year),
    ),
    /** Press agencies and legal entities. */
    affiliatedEntitiesByOrganization: rowsByOrganization(
      db,
      affiliatedEntities,
      asc(affiliatedEntities.establishedOn),
    ),
    /** Inspections, newest first. */
    inspectionsByOrganization: rowsByOrganization(db, inspections, desc(inspections.inspectedOn)),
  };
}

/**
 * A loader of one value per unit, batched by `groupKey` (which must tell the tier and everything
 * but the unit): `load` reads the values of a group's distinct codes in one statement, and a unit
 * it leaves out gets `empty()`.
 */
function unitLoader<TKey extends { code: string }, TValue>(
  groupKey: (key: TKey) => string,
  load: (codes: string[], key: TKey) => Promise<Map<string, TValue>>,
  empty: () => TValue,
) {
  const cacheKey = (key: TKey) => `${groupKey(key)}|${key.code}`;
  return new ObservedDataLoader<TKey, TValue, string>(
    'unitLoader',
    async (keys) => {
      const values = new Map<string, TValue>();
      for (const [group, members] of groupBy(keys, groupKey)) {
        const codes = [...new Set(members.map((key) => key.code))];
        for (const [code, value] of await load(codes, members[0]!)) {
          values.set(`${group}|${code}`, value);
        }
      }
      return keys.map((key) => values.get(cacheKey(key)) ?? empty());
    },
    { cacheKeyFn: cacheKey },
  );
}

/** The first page of `AdministrativeUnit.organizations` asked for one unit. */
interface UnitPageKey {
  code: string;
  day: string;
  filter: OrganizationFilter | null;
  first: number;
}

interface UnitPage {
  rows: OrganizationRecord[];
  totalCount: number;
}

/**
 * Loads the first page of organisations of many units: one statement per (tier, day, filter,
 * page size), so a page of 500 communes costs one statement.
 */
export function firstOrganizationPageByUnit(db: AssociationsDatabase) {
  return unitLoader<UnitPageKey, UnitPage>(
    (key) => `${key.code.length}|${key.day}|${key.first}|${JSON.stringify(key.filter)}`,
    async (codes, { day, filter, first }) => {
      const pages = new Map<string, UnitPage>();
      const rows = await findFirstPagesByUnit(db, codes, codes[0]!.length, filter, day, first);
      for (const { unitCode, totalCount, ...row } of rows) {
        const page = pages.get(unitCode) ?? { rows: [], totalCount };
        if (row.registrationNumber) page.rows.push(row as OrganizationRecord);
        pages.set(unitCode, page);
      }
      return pages;
    },
    () => ({ rows: [], totalCount: 0 }),
  );
}

/** Counts by kind and scope of one unit's organisations. */
interface UnitCounts {
  total: number;
  byKind: Map<string, number>;
  byScope: Map<string, number>;
}

/** Loads organisation counts of many units: one statement per (tier, day). */
export function organizationCountsByUnit(db: AssociationsDatabase) {
  const noCounts = (): UnitCounts => ({ total: 0, byKind: new Map(), byScope: new Map() });
  return unitLoader<{ code: string; day: string }, UnitCounts>(
    (key) => `${key.code.length}|${key.day}`,
    async (codes, { day }) => {
      const counts = new Map<string, UnitCounts>();
      for (const row of await findCountsByUnit(db, codes, codes[0]!.length, day)) {
        const unit = counts.get(row.unitCode) ?? noCounts();
        unit.total += row.count;
        unit.byKind.set(row.kind, (unit.byKind.get(row.kind) ?? 0) + row.count);
        unit.byScope.set(row.scope, (unit.byScope.get(row.scope) ?? 0) + row.count);
        counts.set(row.unitCode, unit);
      }
      return counts;
    },
    noCounts,
  );
}

import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { inArray, type SQL } from 'drizzle-orm';
import type { agencyStatusChanges, staffingQuotas } from '../db/schema.ts';
import type { PersonnelDatabase } from './personnelDatabase.ts';

/** The tables of rows that belong to agencies, by `agencyCode`, loaded whole per agency. */
type AgencyTable = typeof agencyStatusChanges | typeof staffingQuotas;

/** Loads the rows of `table` of agencies, in `order`: one statement per batch. */
export function rowsByAgency<TTable extends AgencyTable>(
  name: string,
  db: PersonnelDatabase,
  table: TTable,
  ...order: SQL[]
) {
  return new ObservedDataLoader<string, TTable['$inferSelect'][]>(name, async (codes) => {
    // drizzle types a select from the union of the tables, not from a type parameter.
    const rows: TTable['$inferSelect'][] = await db
      .select()
      .from(table as AgencyTable)
      .where(inArray(table.agencyCode, [...codes]))
      .orderBy(...order);
    const byCode = groupBy(rows, (row) => row.agencyCode);
    return codes.map((code) => byCode.get(code) ?? []);
  });
}

import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { type Column, inArray, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './openDatabase.ts';

/**
 * A DataLoader (named `name` in traces and metrics) of the rows of `table` that belong to owners,
 * by the owner's key in the column `ownerKey`, each owner's rows in `order`: one statement per
 * batch, and an owner without rows gets an empty list.
 */
export function rowsByOwner<
  TTable extends PgTable,
  TOwnerKey extends keyof TTable['$inferSelect'] & keyof TTable & string,
>(
  name: string,
  db: Database<Record<string, unknown>> | Database<never>,
  table: TTable,
  ownerKey: TOwnerKey,
  ...order: SQL[]
) {
  type Row = TTable['$inferSelect'];
  return new ObservedDataLoader<string, Row[]>(name, async (keys) => {
    // drizzle types a select from a table it knows, not from a type parameter.
    const rows = (await (db as Database)
      .select()
      .from(table as PgTable)
      .where(inArray(table[ownerKey] as Column, [...keys]))
      .orderBy(...order)) as Row[];
    const byOwner = groupBy(rows, (row) => String(row[ownerKey]));
    return keys.map((key) => byOwner.get(key) ?? []);
  });
}

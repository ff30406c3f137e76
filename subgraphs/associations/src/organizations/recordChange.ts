import type { TransactionOf } from '@home-affairs/idempotency';
import type { Identity } from '@home-affairs/identity';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { changeHistory, type charters, type financialReports } from '../db/schema.ts';
import type { AssociationsDatabase } from './queries.ts';

/** A transaction of this subgraph's database. */
export type Transaction = TransactionOf<AssociationsDatabase>;

/** What a write keeps to answer its retries: the keys of the records its payload shows. */
export type WriteResult = Record<string, string | number>;

/** Appends one change to the append-only history. */
export async function recordChange(
  tx: Transaction,
  identity: Identity,
  change: {
    operation: string;
    entity: string;
    entityKey: string;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await tx.insert(changeHistory).values({ subject: identity.subject, ...change });
}

/** A table of records a write adds one at a time, each numbered by its identity column `id`. */
type NumberedTable = typeof charters | typeof financialReports;

/** Inserts a new record and appends its creation (from nothing to `row`) to the history; returns its id. */
export async function insertRecorded<TTable extends NumberedTable>(
  tx: Transaction,
  identity: Identity,
  table: TTable,
  row: PgInsertValue<TTable>,
  change: { operation: string; entity: string; entityKey: string },
): Promise<number> {
  const [inserted] = await tx.insert(table).values(row).returning({ id: table.id });
  await recordChange(tx, identity, { ...change, before: null, after: row });
  return inserted!.id;
}

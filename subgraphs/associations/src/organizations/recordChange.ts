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

/**
 * Adds a record to an organisation (never a demo record) and appends its creation (from nothing
 * to the record) to the history; answers what the write's payload shows: the organisation's key,
 * and the record's id under `idKey`.
 */
export async function insertRecorded<TTable extends NumberedTable>(
  tx: Transaction,
  identity: Identity,
  table: TTable,
  row: Omit<TTable['$inferInsert'], 'synthetic'>,
  change: { operation: string; entity: string; entityKey: string; idKey: string },
): Promise<WriteResult> {
  const { idKey, ...recorded } = change;
  const record = { ...row, synthetic: false } as PgInsertValue<TTable>;
  const [inserted] = await tx.insert(table).values(record).returning({ id: table.id });
  await recordChange(tx, identity, { ...recorded, before: null, after: record });
  return { registrationNumber: row.registrationNumber, [idKey]: inserted!.id };
}

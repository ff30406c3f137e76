import type { TransactionOf } from '@home-affairs/idempotency';
import type { Identity } from '@home-affairs/identity';
import { changeHistory } from '../db/schema.ts';
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

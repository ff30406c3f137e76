import { createHash } from 'node:crypto';
import { canonicalJson, inputError } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import { eq } from 'drizzle-orm';
import { changeHistory, mutationRequests } from '../db/schema.ts';
import type { AssociationsDatabase } from '../organizations/queries.ts';

/** A transaction of this subgraph's database. */
export type Transaction = Parameters<Parameters<AssociationsDatabase['transaction']>[0]>[0];

/** What a write keeps to answer its retries: the keys of the records its payload shows. */
export type WriteResult = Record<string, string | number>;

/**
 * Runs a write in one transaction, once per idempotency key: the key is claimed first (a
 * concurrent retry waits on it), a retry with the same input returns the first result without a
 * second change, the same key with another input is a CONFLICT. When `write` throws, the
 * transaction rolls back and the key stays free.
 */
export async function runIdempotently(
  db: AssociationsDatabase,
  identity: Identity,
  operation: string,
  input: { idempotencyKey: string } & Record<string, unknown>,
  write: (tx: Transaction) => Promise<WriteResult>,
): Promise<WriteResult> {
  const { idempotencyKey, ...rest } = input;
  if (idempotencyKey.trim() === '' || idempotencyKey.length > 200) {
    throw inputError('idempotencyKey must have 1 to 200 characters.', {
      field: 'input.idempotencyKey',
    });
  }
  const inputHash = createHash('sha256')
    .update(canonicalJson({ operation, input: rest }))
    .digest('hex');
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(mutationRequests)
      .values({ idempotencyKey, operation, inputHash, subject: identity.subject, result: {} })
      .onConflictDoNothing()
      .returning({ idempotencyKey: mutationRequests.idempotencyKey });
    if (claimed.length === 0) {
      const [first] = await tx
        .select()
        .from(mutationRequests)
        .where(eq(mutationRequests.idempotencyKey, idempotencyKey));
      if (first?.inputHash !== inputHash) {
        throw inputError('This idempotencyKey was already used with a different input.', {
          field: 'input.idempotencyKey',
          code: 'CONFLICT',
        });
      }
      return first.result as WriteResult;
    }
    const result = await write(tx);
    await tx
      .update(mutationRequests)
      .set({ result })
      .where(eq(mutationRequests.idempotencyKey, idempotencyKey));
    return result;
  });
}

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

import { createHash } from 'node:crypto';
import type { Database } from '@home-affairs/db';
import { canonicalJson, inputError } from '@home-affairs/graphql';
import { eq } from 'drizzle-orm';
import type { IdempotencyKeysTable } from './idempotencyKeysTable.ts';

/** The longest idempotency key accepted, in UTF-16 code units. */
const maxIdempotencyKeyLength = 200;

/** A transaction of the database `TDatabase`. */
export type TransactionOf<TDatabase extends Database<Record<string, unknown>>> = Parameters<
  Parameters<TDatabase['transaction']>[0]
>[0];

/** One write to run once per key (see runIdempotently). */
export interface IdempotentRequest {
  /** The subgraph's idempotency table (idempotencyKeysTable). */
  table: IdempotencyKeysTable;
  /** The mutation's name: the same key and input sent to another mutation is a CONFLICT. */
  operation: string;
  /** The client's `input.idempotencyKey`. */
  key: string;
  /** The write's input without its key; a null field and a missing one are the same input. */
  input: Record<string, unknown>;
  /** The writer's subject: a key another writer already used is a CONFLICT, never its result. */
  subject: string | null;
}

/** Values as a GraphQL input can carry them, with null fields left out at every depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null && item !== undefined)
      .map(([name, item]) => [name, withoutNulls(item)]),
  );
}

/** SHA-256 of what makes two requests the same write. */
function idempotencyInputHash(request: Omit<IdempotentRequest, 'table' | 'key'>): string {
  const { operation, subject, input } = request;
  return createHash('sha256')
    .update(canonicalJson({ operation, subject, input: withoutNulls(input) }))
    .digest('hex');
}

/**
 * Runs `write` once per idempotency key, in one READ COMMITTED transaction that first claims the
 * key (an insert into the subgraph's idempotency table), then writes, then stores the result:
 * - a retry with the same key, operation, writer and input returns the stored result and writes
 *   nothing;
 * - a concurrent duplicate blocks on the claim until the first transaction ends, then returns
 *   its result (or, if the first was refused and rolled back, runs the write itself);
 * - the same key with another operation, writer or input is refused with CONFLICT naming
 *   `input.idempotencyKey`;
 * - a refused write (it throws) rolls back with its claim, so a corrected retry may reuse the key.
 * The result must be JSON (record keys to reload the payload by): a retry reads it back from
 * jsonb. Only a hash of the input is stored.
 */
export async function runIdempotently<
  TDatabase extends Database<Record<string, unknown>>,
  TResult extends Record<string, unknown>,
>(
  db: TDatabase,
  request: IdempotentRequest,
  write: (tx: TransactionOf<TDatabase>) => Promise<TResult>,
): Promise<TResult> {
  const { table, key, operation } = request;
  if (key.trim() === '' || key.length > maxIdempotencyKeyLength) {
    throw inputError(
      `idempotencyKey must have 1 to ${maxIdempotencyKeyLength} characters, not all blank.`,
      { field: 'input.idempotencyKey' },
    );
  }
  const inputHash = idempotencyInputHash(request);
  return db.transaction(
    async (tx) => {
      // ON CONFLICT DO NOTHING waits for an uncommitted claim of the same key: the duplicate
      // goes on once the first transaction has committed (its row is then read below) or
      // rolled back (the claim is then ours).
      const claimed = await tx
        .insert(table)
        .values({ key, operation, inputHash, result: {} })
        .onConflictDoNothing()
        .returning({ key: table.key });
      if (claimed.length === 0) {
        const [first] = await tx.select().from(table).where(eq(table.key, key));
        if (!first || first.inputHash !== inputHash) {
          throw inputError('This idempotencyKey was already used for another write.', {
            field: 'input.idempotencyKey',
            code: 'CONFLICT',
          });
        }
        return first.result as TResult;
      }
      const result = await write(tx as TransactionOf<TDatabase>);
      await tx.update(table).set({ result }).where(eq(table.key, key));
      return result;
    },
    // The duplicate's read after its wait must see the first transaction's commit, which a
    // REPEATABLE READ or SERIALIZABLE snapshot taken before the wait would not.
    { isolationLevel: 'read committed' },
  );
}

import { runIdempotently } from '@home-affairs/idempotency';
import type { Identity } from '@home-affairs/identity';
import type { PersonnelDatabase, PersonnelTransaction } from '../common/personnelDatabase.ts';
import { history, idempotencyKeys } from '../db/schema.ts';

/** One change as the append-only history records it. */
export interface Change {
  operation: string;
  entity: string;
  entityKey: string;
  before: unknown;
  after: unknown;
}

/**
 * Runs one write once per idempotency key (runIdempotently of @home-affairs/idempotency: the key
 * is claimed in the write's transaction, a concurrent retry waits and answers the first result, a
 * reused key with other input is a CONFLICT), and appends the changes it made to the history in
 * the same transaction. The write returns its result (a key to reload the entity by) and its
 * changes.
 */
export function idempotent<TResult extends Record<string, unknown>>(
  db: PersonnelDatabase,
  identity: Identity,
  operation: string,
  input: { idempotencyKey: string } & Record<string, unknown>,
  write: (tx: PersonnelTransaction) => Promise<{ result: TResult; changes: Change[] }>,
): Promise<TResult> {
  const { idempotencyKey: key, ...rest } = input;
  return runIdempotently(
    db,
    { table: idempotencyKeys, operation, key, input: rest, subject: identity.subject },
    async (tx) => {
      const { result, changes } = await write(tx);
      if (changes.length > 0) {
        await tx.insert(history).values(
          changes.map((change) => ({
            actor: identity.subject ?? 'anonymous',
            operation: change.operation,
            entity: change.entity,
            entityKey: change.entityKey,
            before: change.before ?? null,
            after: change.after ?? null,
          })),
        );
      }
      return result;
    },
  );
}

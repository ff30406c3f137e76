import { createHash } from 'node:crypto';
import { canonicalJson, inputError } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import { eq } from 'drizzle-orm';
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
 * Runs one write in a transaction, once per idempotency key: a retry with the same key and input
 * returns the first result without a second change, the same key with other input is a CONFLICT.
 * Only a SHA-256 of the input is kept, so personal values of the input are not stored with the key.
 * The write returns its result (a key to reload the entity by) and the changes to append to the
 * history.
 */
export async function idempotent<TResult extends Record<string, unknown>>(
  db: PersonnelDatabase,
  identity: Identity,
  operation: string,
  input: { idempotencyKey: string } & Record<string, unknown>,
  write: (tx: PersonnelTransaction) => Promise<{ result: TResult; changes: Change[] }>,
): Promise<TResult> {
  const { idempotencyKey: key, ...rest } = input;
  if (key.length === 0 || key.length > 200) {
    throw inputError('idempotencyKey must have 1 to 200 characters.', {
      field: 'input.idempotencyKey',
    });
  }
  const inputHash = createHash('sha256')
    .update(canonicalJson({ operation, input: rest }))
    .digest('hex');
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ key, operation, inputHash, result: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [first] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
      if (!first || first.inputHash !== inputHash) {
        throw inputError('This idempotencyKey was already used with a different input.', {
          field: 'input.idempotencyKey',
          code: 'CONFLICT',
        });
      }
      return first.result as TResult;
    }
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
    await tx.update(idempotencyKeys).set({ result }).where(eq(idempotencyKeys.key, key));
    return result;
  });
}

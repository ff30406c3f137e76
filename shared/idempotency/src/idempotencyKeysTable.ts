import { jsonb, type PgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The table of idempotency keys, the same in every subgraph, in the subgraph's own schema:
 * `export const idempotencyKeys = idempotencyKeysTable(personnelSchema)` in its `db/schema.ts`,
 * then `pnpm db:generate`. The protocol (runIdempotently) owns its shape, so no subgraph keeps a
 * variant of it.
 */
export function idempotencyKeysTable<TName extends string>(schema: PgSchema<TName>) {
  return schema.table('idempotency_keys', {
    /** The client's key, as sent. */
    key: text().primaryKey(),
    /** The mutation that claimed the key. */
    operation: text().notNull(),
    /**
     * SHA-256 of the operation, the writer's subject and the input: tells a retry from a reused
     * key without keeping the input, whose values may be personal.
     */
    inputHash: text('input_hash').notNull(),
    /** What the first write answered (record keys, never personal values). */
    result: jsonb().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  });
}

/** The idempotency table of one subgraph (see idempotencyKeysTable). */
export type IdempotencyKeysTable = ReturnType<typeof idempotencyKeysTable<string>>;

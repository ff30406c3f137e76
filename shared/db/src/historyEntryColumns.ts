import { jsonb, text } from 'drizzle-orm/pg-core';

/**
 * The columns of an entry in a subgraph's append-only history of writes: the operation, the
 * record it changed (`entity`, `entityKey`) and the record before and after. Each subgraph's
 * history table puts its own id, writer and time columns before them, and its own index on
 * `(entity, entity_key)` after.
 */
export function historyEntryColumns() {
  return {
    operation: text().notNull(),
    entity: text().notNull(),
    entityKey: text('entity_key').notNull(),
    before: jsonb(),
    after: jsonb(),
  };
}

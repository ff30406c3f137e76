import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type AnyDatabase, tableName } from './copyRows.ts';

interface Index {
  /** Schema-qualified, quoted. */
  name: string;
  /** `CREATE INDEX ...` as the catalogue has it. */
  definition: string;
}

/**
 * Runs `load` (bulk loads into the empty `table`, e.g. `copyRows`) with the table's secondary
 * indexes dropped, then creates them again: one sorted build of each instead of one insertion per
 * row into every index, as the Postgres manual advises for populating a table ("Populating a
 * Database": remove indexes). Indexes behind a constraint (primary key, unique) stay, so the load
 * is checked as it goes (`loadBeforePrimaryKey` drops the key). Names and definitions are read
 * from the catalogue, so the indexes come back exactly as the migrations made them. Run it in the
 * load's transaction: a failure leaves the table and its indexes as they were.
 */
export async function loadBeforeIndexes<T>(
  db: AnyDatabase,
  table: PgTable,
  load: () => Promise<T>,
): Promise<T> {
  const found = (await db.execute(sql`
    SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname) AS name,
      pg_get_indexdef(i.oid) AS definition
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = i.relnamespace
    WHERE x.indrelid = ${tableName(table)}::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY i.relname`)) as unknown as { rows: Index[] };
  const indexes = found.rows;
  for (const index of indexes) await db.execute(sql.raw(`DROP INDEX ${index.name}`));
  const loaded = await load();
  for (const index of indexes) await db.execute(sql.raw(index.definition));
  return loaded;
}

import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type AnyDatabase, tableName } from './copyRows.ts';

interface PrimaryKey {
  name: string;
  definition: string;
}

/**
 * Runs `load` (bulk loads into the empty `table`, e.g. `copyChunks`) with the table's primary key
 * dropped, then adds the same key back: one sorted build of its index instead of one insertion per
 * row, as the Postgres manual advises for populating a table ("Populating a Database": remove
 * indexes). The key's name and definition are read from the catalogue, so it comes back exactly
 * as the migrations made it, and a duplicate loaded meanwhile fails the load as it would have.
 * Run it in the load's transaction: a failure leaves the table as it was. A table without a
 * primary key is loaded as it is.
 */
export async function loadBeforePrimaryKey<T>(
  db: AnyDatabase,
  table: PgTable,
  load: () => Promise<T>,
): Promise<T> {
  const found = (await db.execute(sql`
    SELECT conname AS name, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE conrelid = ${tableName(table)}::regclass AND contype = 'p'`)) as unknown as {
    rows: PrimaryKey[];
  };
  const [key] = found.rows;
  if (!key) return load();
  const constraint = sql.identifier(key.name);
  await db.execute(sql`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
  const loaded = await load();
  await db.execute(
    sql`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} ${sql.raw(key.definition)}`,
  );
  return loaded;
}

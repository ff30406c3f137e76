import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type AnyDatabase, tableName } from './copyRows.ts';

/**
 * A key, unique or foreign-key constraint (its name), or a plain index (its schema-qualified name),
 * as the catalogue defines it.
 */
interface Definition {
  table: string;
  name: string;
  definition: string;
  kind: 'p' | 'u' | 'f' | 'i';
}

/**
 * Runs `load` (bulk loads into the empty `tables`, e.g. `copyRows` of each, parents before
 * children) with their primary keys, unique constraints, foreign keys and indexes dropped, then
 * adds them all back: one sorted build per index and one check per foreign key instead of an
 * index insertion and a key lookup per row, as the Postgres manual advises for populating a
 * database ("Remove Indexes", "Remove Foreign Key Constraints"). Every definition is read from
 * the catalogue, so each comes back with its name exactly as the migrations made it, and a
 * duplicate or a dangling reference loaded meanwhile fails the load as it would have. Check
 * constraints stay (checked per row, as before). Foreign keys of other tables that reference
 * these must not exist (they would hold the keys): pass every table they sit on. Run it in the
 * load's transaction: a failure leaves the tables as they were.
 */
export async function loadBeforeIndexes<T>(
  db: AnyDatabase,
  tables: readonly PgTable[],
  load: () => Promise<T>,
): Promise<T> {
  const names = tables.map(tableName);
  const list = sql.raw(names.map((name) => `'${name.replaceAll("'", "''")}'::regclass`).join(', '));
  const found = (await db.execute(sql`
    SELECT conrelid::regclass::text AS "table", conname AS name,
      pg_get_constraintdef(oid) AS definition, contype AS kind
    FROM pg_constraint WHERE conrelid IN (${list}) AND contype IN ('p', 'u', 'f')
    UNION ALL
    SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 'i'
    FROM pg_index i
    WHERE i.indrelid IN (${list})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`)) as unknown as {
    rows: Definition[];
  };
  const of = (kind: Definition['kind']) => found.rows.filter((row) => row.kind === kind);
  const constraint = (row: Definition) =>
    sql`ALTER TABLE ${sql.raw(row.table)} DROP CONSTRAINT ${sql.identifier(row.name)}`;
  for (const row of of('f')) await db.execute(constraint(row));
  for (const row of [...of('p'), ...of('u')]) await db.execute(constraint(row));
  for (const row of of('i')) await db.execute(sql`DROP INDEX ${sql.raw(row.name)}`);
  const loaded = await load();
  for (const row of [...of('p'), ...of('u'), ...of('f')]) {
    await db.execute(
      sql`ALTER TABLE ${sql.raw(row.table)} ADD CONSTRAINT ${sql.identifier(row.name)} ${sql.raw(row.definition)}`,
    );
  }
  for (const row of of('i')) await db.execute(sql.raw(row.definition));
  return loaded;
}

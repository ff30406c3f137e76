import type { SQL } from 'drizzle-orm';
import type { Database } from './openDatabase.ts';

/**
 * Runs a raw query (drizzle `sql` or plain text) and returns its rows: node-postgres and PGlite
 * both answer with `{ rows }`, which drizzle's `execute` does not type.
 */
export async function selectRows<TRow>(
  db: Database<Record<string, unknown>> | Database<never>,
  query: SQL | string,
): Promise<TRow[]> {
  const result = await (db as Database<Record<string, never>>).execute(query);
  return (result as unknown as { rows: TRow[] }).rows;
}

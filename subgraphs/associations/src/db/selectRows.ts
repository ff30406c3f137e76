import type { Database } from '@home-affairs/db';
import type { SQL } from 'drizzle-orm';

/** Runs a raw query and returns its rows (node-postgres and PGlite both answer with `{ rows }`). */
export async function selectRows<TRow>(
  db: Database<Record<string, unknown>> | Database<never>,
  query: SQL,
): Promise<TRow[]> {
  const result = await (db as Database<Record<string, never>>).execute(query);
  return (result as unknown as { rows: TRow[] }).rows;
}

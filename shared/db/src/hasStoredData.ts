import { existsSync } from 'node:fs';
import type { DatabaseConfig } from './databaseConfigFromEnv.ts';

/**
 * Where a process's drizzle migrations table lives. Every process keeps its own, so several can
 * share one database; it cannot live in the process's own schema, which its first migration
 * creates.
 */
export function migrationsTableOf(name: string): { schema: string; table: string } {
  return { schema: 'drizzle', table: `${name}_migrations` };
}

/**
 * Whether the database described by `config` already holds this process's data (its migrations
 * were applied by an earlier start): a PGlite folder that was initialised, or a Postgres database
 * with the process's migrations table and at least one row in it. Undefined when it cannot tell
 * (Postgres does not answer, or in-memory PGlite). Loads no PGlite and, for a folder, no driver
 * at all, so `pnpm start` can ask before it starts anything.
 */
export async function hasStoredData(config: DatabaseConfig): Promise<boolean | undefined> {
  if (!config.url) {
    // PG_VERSION marks a folder that PGlite (like initdb) has initialised.
    return config.dataDir ? existsSync(`${config.dataDir}/PG_VERSION`) : undefined;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { schema, table } = migrationsTableOf(config.name);
    const { rows } = await client.query<{ present: boolean }>(
      `SELECT to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS present`,
      [schema, table],
    );
    if (!rows[0]?.present) return false;
    const counted = await client.query<{ applied: boolean }>(
      `SELECT EXISTS (SELECT FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}) AS applied`,
    );
    return counted.rows[0]?.applied ?? false;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

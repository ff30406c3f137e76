import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './openDatabase.ts';
import { selectRows } from './selectRows.ts';

/** Where a process's drizzle migrations are recorded and read from. */
export interface MigrationsConfig {
  migrationsFolder: string;
  migrationsSchema: string;
  migrationsTable: string;
}

/**
 * Whether every migration in the folder is already recorded in the migrations table, each with
 * the same hash and timestamp, in order: then drizzle's migrator would do nothing, and a warm
 * start skips it (its `CREATE SCHEMA`/`CREATE TABLE IF NOT EXISTS`, its transaction and, on
 * Postgres, the advisory lock) for this one query. False when anything differs or the table is
 * not there: the migrator then runs as before and decides.
 */
export async function migrationsApplied(
  db: Database<Record<string, unknown>>,
  config: MigrationsConfig,
): Promise<boolean> {
  const migrations = readMigrationFiles(config);
  const table = sql`${sql.identifier(config.migrationsSchema)}.${sql.identifier(config.migrationsTable)}`;
  let recorded: { hash: string; created_at: string | number | null }[];
  try {
    recorded = await selectRows(db, sql`SELECT hash, created_at FROM ${table} ORDER BY id`);
  } catch {
    return false;
  }
  return (
    recorded.length === migrations.length &&
    migrations.every(
      (migration, index) =>
        recorded[index]!.hash === migration.hash &&
        Number(recorded[index]!.created_at) === migration.folderMillis,
    )
  );
}

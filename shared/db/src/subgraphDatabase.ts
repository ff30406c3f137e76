import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from './databaseConfigFromEnv.ts';
import { openDatabase } from './openDatabase.ts';

/**
 * How the subgraph `name` opens its database: `open` opens it (Postgres when `url` is given,
 * PGlite otherwise) with the drizzle `schema`; `migrationsFolder` is the folder of its drizzle-kit
 * migrations, `migrations` as a URL (`new URL('../drizzle', import.meta.url)`).
 */
export function subgraphDatabase<TSchema extends Record<string, unknown>>(
  name: string,
  schema: TSchema,
  migrations: URL,
) {
  return {
    migrationsFolder: fileURLToPath(migrations),
    open: (config: Omit<DatabaseConfig, 'name'>) => openDatabase({ ...config, name }, schema),
  };
}

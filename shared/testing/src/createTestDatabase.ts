import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, openDatabase } from '@home-affairs/db';
import pg from 'pg';

/** A database that exists for one test file, with the subgraph's migrations applied. */
export interface TestDatabase<TSchema extends Record<string, unknown>>
  extends DatabaseHandle<TSchema> {
  /** Connection URL of the throwaway database (Postgres only). */
  url: string | undefined;
  /** Closes the handle and drops the throwaway database. */
  dispose(): Promise<void>;
}

/**
 * Opens a fresh, migrated database for one test file: a new throwaway database on the server
 * named by `TEST_DATABASE_URL` when it is set (dropped by `dispose`), in-memory PGlite otherwise.
 * Each file gets its own, so files can run in parallel.
 */
export async function createTestDatabase<TSchema extends Record<string, unknown>>(options: {
  name: string;
  schema: TSchema;
  migrationsFolder: string;
}): Promise<TestDatabase<TSchema>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ name: options.name }, options.schema);
    await handle.migrate(options.migrationsFolder);
    return { ...handle, url: undefined, dispose: () => handle.close() };
  }

  const databaseName = `test_${options.name}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${databaseName}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const handle = await openDatabase({ name: options.name, url: url.toString() }, options.schema);
  await handle.migrate(options.migrationsFolder);
  return {
    ...handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

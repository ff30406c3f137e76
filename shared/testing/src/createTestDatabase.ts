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
  /**
   * Connections of the Postgres pool: a test of concurrent writers needs one per writer, or the
   * pool itself takes turns for them.
   * @default 10
   */
  poolSize?: number;
}): Promise<TestDatabase<TSchema>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ name: options.name }, options.schema);
    await handle.migrate(options.migrationsFolder);
    return { ...handle, url: undefined, dispose: () => handle.close() };
  }

  const { url, drop } = await createServerDatabase(serverUrl, options.name);
  const handle = await openDatabase(
    { name: options.name, url, poolSize: options.poolSize },
    options.schema,
  );
  await handle.migrate(options.migrationsFolder);
  return {
    ...handle,
    url,
    dispose: async () => {
      await handle.close();
      await drop();
    },
  };
}

/**
 * Creates an empty throwaway database on the Postgres server of `serverUrl` (TEST_DATABASE_URL),
 * named after `name` with a random suffix, for processes a test starts that migrate it themselves.
 * `drop()` removes it, closing what is still connected.
 */
export async function createServerDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const databaseName = `test_${name}_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE "${databaseName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return {
    url: url.toString(),
    drop: () => run(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  };
}

import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, openDatabase } from '@home-affairs/db';
import pg from 'pg';
import { databaseUrl, ensureTemplate, templateRun } from './templateDatabases.ts';

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
 * Each file gets its own, so files can run in parallel. On the server, in a run with templates
 * (templateDatabases.ts), it is a copy of a database migrated once per run, or of one `prepared`
 * once per run. Without `migrationsFolder` it starts empty, for a test that creates its own tables.
 */
export async function createTestDatabase<TSchema extends Record<string, unknown>>(options: {
  name: string;
  schema: TSchema;
  /** The migrations applied first; none without it (an empty database, never a template). */
  migrationsFolder?: string;
  /**
   * Connections of the Postgres pool: a test of concurrent writers needs one per writer, or the
   * pool itself takes turns for them.
   * @default 10
   */
  poolSize?: number;
  /**
   * Data the database starts with, which `prepare` writes on a migrated database (a subgraph's
   * first-start preparation: imports, demo data). In a run with templates, `prepare` runs once
   * per run and `key` (which must name everything its result depends on), and each test database
   * is a copy; otherwise it is not called, and the caller's own first start prepares the database.
   */
  prepared?: { key: string; prepare(database: DatabaseHandle<TSchema>): Promise<void> };
}): Promise<TestDatabase<TSchema>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ name: options.name }, options.schema);
    if (options.migrationsFolder) await handle.migrate(options.migrationsFolder);
    return { ...handle, url: undefined, dispose: () => handle.close() };
  }

  const template = await templateOf(serverUrl, options);
  const { url, drop } = await createServerDatabase(serverUrl, options.name, { template });
  const handle = await openDatabase(
    { name: options.name, url, poolSize: options.poolSize },
    options.schema,
  );
  if (options.migrationsFolder) await handle.migrate(options.migrationsFolder);
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
 * The template a test database of `options` is copied from in a run with templates: the
 * migrated one, or the prepared one made from it; undefined without templates.
 */
async function templateOf<TSchema extends Record<string, unknown>>(
  serverUrl: string,
  options: Parameters<typeof createTestDatabase<TSchema>>[0],
): Promise<string | undefined> {
  const run = templateRun();
  const { name, schema, migrationsFolder, prepared } = options;
  if (!run || !migrationsFolder) return undefined;
  /** A template's build: opens the database at its URL for `use`, and closes it whatever happens. */
  const withHandle =
    (use: (handle: DatabaseHandle<TSchema>) => Promise<void>) => async (url: string) => {
      const handle = await openDatabase({ name, url, poolSize: 2 }, schema);
      try {
        await use(handle);
      } finally {
        await handle.close();
      }
    };
  const migrated = await ensureTemplate({
    serverUrl,
    run,
    key: `${name} migrated from ${migrationsFolder}`,
    build: withHandle((handle) => handle.migrate(migrationsFolder)),
  });
  if (!prepared) return migrated;
  return ensureTemplate({
    serverUrl,
    run,
    key: `${name} migrated from ${migrationsFolder}, prepared: ${prepared.key}`,
    from: migrated,
    build: withHandle((handle) => prepared.prepare(handle)),
  });
}

/**
 * Creates a throwaway database on the Postgres server of `serverUrl` (TEST_DATABASE_URL), named
 * after `name` with a random suffix: empty, for processes a test starts that migrate it
 * themselves, or a copy of `template`. `drop()` removes it, closing what is still connected.
 */
export async function createServerDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string } = {},
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
  const template = options.template ? ` TEMPLATE "${options.template}"` : '';
  await run(`CREATE DATABASE "${databaseName}"${template}`);
  return {
    url: databaseUrl(serverUrl, databaseName),
    drop: () => run(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  };
}

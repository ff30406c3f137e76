import { fileURLToPath } from 'node:url';

/** Where a subgraph keeps its data. */
export interface DatabaseConfig {
  /** Postgres connection URL; when absent, embedded Postgres (PGlite) is used. */
  url?: string | undefined;
  /** PGlite data folder; when absent too, PGlite runs in memory. */
  dataDir?: string | undefined;
  /**
   * A PGlite cluster to copy into `dataDir` when that folder is fresh, instead of running initdb
   * (`PGLITE_TEMPLATE_DIR`, which `pnpm start` sets; see ensurePgliteTemplate).
   */
  pgliteTemplate?: string | undefined;
  /** The subgraph's name: its Postgres schema and the name of its migrations table. */
  name: string;
  /**
   * Connections in the pool (Postgres only).
   * @default 10
   */
  poolSize?: number;
  /**
   * How long a query may wait for a connection (a new one, or a free one of the pool) before it
   * fails as unavailable (Postgres only). Shorter than the gateway's subgraph timeout, so that a
   * database that does not answer gives the caller a coded error from the subgraph itself.
   * @default 10000
   */
  connectTimeoutMilliseconds?: number;
  /**
   * Told of every connection that breaks (Postgres only): a server restart or a network fault
   * closes idle connections as well as busy ones. The pool has already discarded the connection
   * and the query on it, if any, has failed; this is for the log.
   * @default ignored
   */
  onConnectionError?: (error: Error) => void;
  /** Told when `migrate()` has applied the migrations (or found none to apply), with its time. */
  onMigrated?: (milliseconds: number) => void;
}

/**
 * The folder of local state (each process's PGlite data, development keys): `DATA_DIR`, else
 * `.data` at the repository root (git-ignored).
 */
export function dataRootFromEnv(env: NodeJS.ProcessEnv): string {
  return env.DATA_DIR ?? fileURLToPath(new URL('../../../.data', import.meta.url));
}

/**
 * Reads a process's database configuration from the environment: `<NAME>_DATABASE_URL`, then
 * `DATABASE_URL`; without either, PGlite under `<dataRoot>/<name>`, made from
 * `PGLITE_TEMPLATE_DIR` when that is set and the folder is fresh.
 */
export function databaseConfigFromEnv(
  name: string,
  env: NodeJS.ProcessEnv,
  dataRoot = dataRootFromEnv(env),
): DatabaseConfig {
  const url = env[`${name.toUpperCase()}_DATABASE_URL`] ?? env.DATABASE_URL;
  if (url) return { name, url };
  return { name, dataDir: `${dataRoot}/${name}`, pgliteTemplate: env.PGLITE_TEMPLATE_DIR };
}

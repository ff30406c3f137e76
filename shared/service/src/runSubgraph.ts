import { type DatabaseConfig, databaseConfigFromEnv, dataRootFromEnv } from '@home-affairs/db';
import {
  createForwardedIdentityReader,
  type ForwardedIdentityReader,
  forwardedIdentityOptionsFromEnv,
  type IdentityContext,
} from '@home-affairs/identity';
import { createLogger, type Logger } from './createLogger.ts';
import type { SubgraphServer } from './createSubgraphServer.ts';
import { logConnectionError } from './logConnectionError.ts';
import { startHttpService } from './startHttpService.ts';
import { stopOnSignals } from './stopOnSignals.ts';

/** The database a subgraph's process opens: what runSubgraph logs, and closes on shutdown. */
interface SubgraphDatabase {
  driver: string;
  close(): Promise<void>;
}

/** How one subgraph's process opens its database and builds its server (see runSubgraph). */
export interface RunSubgraphOptions<
  TDatabase extends SubgraphDatabase,
  TContext extends IdentityContext,
> {
  /** The subgraph's name: its logger's service, its database settings, its identity audience. */
  name: string;
  /** Port when `PORT` is not set. */
  defaultPort: number;
  /** Opens the subgraph's database from the configuration read from the environment. */
  openDatabase: (config: DatabaseConfig) => Promise<TDatabase>;
  /** Builds the subgraph (its createSubgraph) over the open database. */
  createSubgraph: (parts: {
    database: TDatabase;
    logger: Logger;
    readIdentity: ForwardedIdentityReader;
  }) => SubgraphServer<TContext>;
  /**
   * The environment to read (`PORT`, `HOST`, database and identity settings).
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * The whole of a subgraph's `main.ts`: opens its database from the environment, listens (on
 * `PORT`, else `defaultPort`, and `HOST`, else 127.0.0.1; `/metrics` behind `METRICS_TOKEN`), stops on SIGTERM/SIGINT, then
 * prepares the data; logs `listening`, then `ready`, or exits with 1 when preparing fails.
 */
export async function runSubgraph<
  TDatabase extends SubgraphDatabase,
  TContext extends IdentityContext,
>(options: RunSubgraphOptions<TDatabase, TContext>): Promise<void> {
  const { name, env = process.env } = options;
  const logger = createLogger(name);
  const dataRoot = dataRootFromEnv(env);
  const database = await options.openDatabase({
    ...databaseConfigFromEnv(name, env, dataRoot),
    onConnectionError: logConnectionError(logger),
    // A phase of the start that `pnpm start` reports (its progress lines).
    onMigrated: (durationMs) => logger.info({ durationMs }, 'migrations applied'),
  });
  // Requests must come through the gateway, signed (ALLOW_UNSIGNED_SUBGRAPH_REQUESTS=true lets a
  // developer call this process directly; it is refused in production).
  const readIdentity = createForwardedIdentityReader(
    await forwardedIdentityOptionsFromEnv(name, env, dataRoot),
  );
  const subgraph = options.createSubgraph({ database, logger, readIdentity });
  const service = await startHttpService({
    ...subgraph,
    logger,
    port: Number(env.PORT ?? options.defaultPort),
    host: env.HOST ?? '127.0.0.1',
    metricsToken: env.METRICS_TOKEN || undefined,
  });
  logger.info({ url: service.url, driver: database.driver }, 'listening');
  const stopping = stopOnSignals(async () => {
    await service.close();
    await database.close();
  }, logger);

  try {
    // Waits for a database that cannot be reached yet (see createSubgraphServer's prepare).
    await subgraph.prepare({ signal: stopping });
    logger.info('ready');
  } catch (error) {
    // Stopped while preparing: stopOnSignals closes everything and exits.
    if (stopping.aborted) return;
    logger.fatal({ err: error }, 'could not prepare the database');
    await service.close();
    await database.close();
    process.exit(1);
  }
}

import {
  anonymousIdentity,
  type ForwardedIdentityReader,
  type IdentityContext,
} from '@home-affairs/identity';
import {
  createLogger,
  type HttpService,
  type Logger,
  type SubgraphServer,
  startHttpService,
} from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';

/** A real subgraph, listening, over its own throwaway database. */
export interface TestSubgraph<TSchema extends Record<string, unknown>> extends HttpService {
  database: TestDatabase<TSchema>;
  /** How long `prepare()` (the first-start preparation) took, in milliseconds. */
  prepareMilliseconds: number;
  /**
   * Stops the server as a process stop would (in-flight requests, background work), runs
   * `whileDown`, then builds the subgraph again over the same database, prepares it and listens
   * on the same port: what a restart of the process does.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Closes the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Starts a real subgraph on a free port over a fresh database (Postgres when TEST_DATABASE_URL
 * is set, PGlite otherwise), prepared as on a first start; the database is dropped again when
 * starting fails.
 */
export async function startTestSubgraph<
  TSchema extends Record<string, unknown>,
  TContext extends IdentityContext,
>(options: {
  /** The subgraph's name: its database's and its logger's. */
  name: string;
  schema: TSchema;
  migrationsFolder: string;
  /** Builds the subgraph (its createSubgraph) over the test database. */
  createSubgraph: (parts: {
    database: TestDatabase<TSchema>;
    logger: Logger;
    readIdentity: ForwardedIdentityReader;
  }) => SubgraphServer<TContext>;
  /**
   * Reads the caller of each request.
   * @default every caller read as anonymous
   */
  readIdentity?: ForwardedIdentityReader;
  /** @default a silent logger */
  logger?: Logger;
}): Promise<TestSubgraph<TSchema>> {
  const { name, schema, migrationsFolder } = options;
  const logger = options.logger ?? createLogger(name, 'silent');
  const database = await createTestDatabase({ name, schema, migrationsFolder });
  try {
    const start = async (port?: number) => {
      const subgraph = options.createSubgraph({
        database,
        logger,
        // These tests exercise the graph, not its security (gateway/src/security covers that).
        readIdentity: options.readIdentity ?? (async () => anonymousIdentity),
      });
      const started = performance.now();
      await subgraph.prepare();
      const prepareMilliseconds = performance.now() - started;
      const service = await startHttpService({ ...subgraph, logger, drainMilliseconds: 100, port });
      return { service, prepareMilliseconds };
    };
    const first = await start();
    let service = first.service;
    const testSubgraph: TestSubgraph<TSchema> = Object.assign(service, {
      database,
      prepareMilliseconds: first.prepareMilliseconds,
      restart: async (whileDown?: () => Promise<void>) => {
        await service.close();
        await whileDown?.();
        ({ service } = await start(service.port));
        testSubgraph.close = service.close;
        testSubgraph.server = service.server;
      },
      dispose: async () => {
        await service.close();
        await database.dispose();
      },
    });
    return testSubgraph;
  } catch (error) {
    await database.dispose();
    throw error;
  }
}

import { createHash } from 'node:crypto';
import {
  anonymousIdentity,
  createForwardedIdentityReader,
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
import { createTestDatabase, type TestDatabase, templateRun } from '@home-affairs/testing';
import type { UnitFeedOptions } from '@home-affairs/unit-directory';
import type { JWK } from 'jose';

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

/** What a test may set on an agency subgraph it starts beside the real units subgraph. */
export interface AgencySubgraphOptions {
  /** Check the gateway's signed identity with this key, as in production. @default anonymous */
  identityPublicKey?: JWK;
  /** @default a silent logger */
  logger?: Logger;
  /** Follow the units subgraph's feed of unit changes (see createSubgraph). */
  unitFeed?: UnitFeedOptions;
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
  /**
   * Builds the subgraph (its createSubgraph) over the test database. With `template`, it builds
   * the subgraph whose `prepare()` fills a template database (see `preparedKey`): without
   * background work (no unit feed) and never listening.
   */
  createSubgraph: (parts: {
    database: TestDatabase<TSchema>;
    logger: Logger;
    readIdentity: ForwardedIdentityReader;
    template?: boolean;
  }) => SubgraphServer<TContext>;
  /**
   * Everything the data of a first start depends on (the directory it copies, the demo data's
   * size), read before the database is made. In a run with template databases
   * (@home-affairs/testing), the first start's preparation then runs once per run and key, and
   * the test's database is a copy of its result: the subgraph here starts over it as a restarted
   * replica does. Without it, or with a `logger` that records info lines (a test that reads the
   * first start's log sees a real first start), the test's database is prepared from scratch.
   */
  preparedKey?: () => Promise<string>;
  /**
   * The public key of the gateway's identity signature: each request is then read as the caller
   * the gateway signed, as in production. @default every caller read as anonymous
   */
  identityPublicKey?: JWK | undefined;
  /**
   * With `identityPublicKey`, read a request without the gateway's signature (another subgraph's
   * own read) as anonymous instead of refusing it. @default false
   */
  allowUnsigned?: boolean;
  /** @default a silent logger */
  logger?: Logger;
}): Promise<TestSubgraph<TSchema>> {
  const { name, schema, migrationsFolder } = options;
  const logger = options.logger ?? createLogger(name, 'silent');
  const readIdentity: ForwardedIdentityReader = options.identityPublicKey
    ? createForwardedIdentityReader({
        subgraph: name,
        publicKey: options.identityPublicKey,
        allowUnsigned: options.allowUnsigned,
      })
    : // Tests of the graph rather than of its security (gateway/src/security covers that).
      async () => anonymousIdentity;
  const logsFirstStart = options.logger?.isLevelEnabled('info') ?? false;
  const preparedKey = templateRun() && !logsFirstStart ? await options.preparedKey?.() : undefined;
  const database = await createTestDatabase({
    name,
    schema,
    migrationsFolder,
    prepared: preparedKey
      ? {
          key: preparedKey,
          prepare: (handle) =>
            options
              .createSubgraph({
                database: { ...handle, url: undefined, dispose: handle.close },
                logger: createLogger(name, 'silent'),
                readIdentity: async () => anonymousIdentity,
                template: true,
              })
              .prepare(),
        }
      : undefined,
  });
  try {
    const start = async (port?: number) => {
      const subgraph = options.createSubgraph({
        database,
        logger,
        readIdentity,
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

/** A short digest of `value` as JSON, for a `preparedKey` that names a large input. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

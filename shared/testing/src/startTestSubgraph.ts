import {
  anonymousIdentity,
  type ForwardedIdentityReader,
  type Identity,
} from '@home-affairs/identity';
import { createLogger, type Logger } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
import {
  type SignedIdentities,
  signedIdentities,
  type TestAnswer,
  type TestSubgraphServer,
} from './signedIdentities.ts';

/** A subgraph running over a throwaway database for one test file (see startTestSubgraph). */
export interface TestSubgraph<TSchema extends Record<string, unknown>, TServer> {
  database: TestDatabase<TSchema>;
  subgraph: TServer;
  signed: SignedIdentities;
  /**
   * Runs an operation in-process as `identity` (anonymous by default), signed as the gateway
   * signs it and read back through the subgraph's own context function.
   */
  execute<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<TestAnswer<TData>>;
  /** Runs `fn` and counts the SQL statements it sent, for tests that assert batching. */
  measure<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** Stops the subgraph and drops its database. */
  close(): Promise<void>;
}

/**
 * The one integration-test harness of the subgraphs: starts a subgraph for one test file the way
 * it runs behind the gateway, queries it, counts its SQL and stops it.
 *
 * - Database: a fresh, migrated one (createTestDatabase): a throwaway database on the server of
 *   `TEST_DATABASE_URL` when it is set, in-memory PGlite otherwise. `seed` writes the test's own
 *   records before `prepare()`: a subgraph that finds data there skips its demo data.
 * - Identity: the subgraph reads the caller from a signature made with a key pair of this file
 *   (signedIdentities), so every `execute` goes through the real signature check.
 * - Queries run in-process through Apollo Server's `executeOperation` (no port, no HTTP).
 * - SQL: `measure(fn)` counts the statements `fn` sent through drizzle.
 *
 * ```ts
 * const graph = await startTestSubgraph({
 *   name: 'units',
 *   database: { name: 'units', schema, migrationsFolder },
 *   create: (parts) => createSubgraph(parts),
 * });
 * const answer = await graph.execute('{ unit(code: "40") { name } }');
 * await graph.close();
 * ```
 */
export async function startTestSubgraph<
  TSchema extends Record<string, unknown>,
  TServer extends TestSubgraphServer<unknown> & {
    prepare(): Promise<void>;
    apollo: { stop(): Promise<void> };
  },
>(options: {
  /** The subgraph's name, the audience of the identities signed for it. */
  name: string;
  database: Parameters<typeof createTestDatabase<TSchema>>[0];
  seed?: (database: TestDatabase<TSchema>) => Promise<void>;
  /** Builds the subgraph (its createSubgraph) over the test's database, reader and silent logger. */
  create: (parts: {
    database: TestDatabase<TSchema>;
    readIdentity: ForwardedIdentityReader;
    logger: Logger;
  }) => TServer;
}): Promise<TestSubgraph<TSchema, TServer>> {
  const signed = signedIdentities(options.name);
  const database = await createTestDatabase(options.database);
  await options.seed?.(database);
  const logger = createLogger(`${options.name}-test`, 'silent');
  const subgraph = options.create({ database, readIdentity: signed.readIdentity, logger });
  await subgraph.prepare();
  return {
    database,
    subgraph,
    signed,
    execute: (query, variables = {}, identity = anonymousIdentity) =>
      signed.execute(subgraph, identity, query, variables),
    measure: (fn) => database.statements.measure(fn),
    async close() {
      await subgraph.apollo.stop();
      await database.dispose();
    },
  };
}

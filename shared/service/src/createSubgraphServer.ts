import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isDatabaseUnavailable } from '@home-affairs/db';
import {
  authorizationPlugin,
  type ForwardedIdentityReader,
  type Identity,
  type IdentityContext,
} from '@home-affairs/identity';
import {
  createServiceMetrics,
  databasePoolMetrics,
  graphqlMetricsPlugin,
  type PoolUse,
} from '@home-affairs/telemetry';
import { GraphQLError, Kind } from 'graphql';
import type { Registry } from 'prom-client';
import { cacheInvalidationPlugin } from './cacheInvalidation.ts';
import type { Logger } from './createLogger.ts';
import { inputValuesPlugin } from './inputValuesPlugin.ts';
import { type GraphQLExecutor, graphqlExecutorFromEnv, jitExecution } from './jitExecution.ts';
import { requestLogPlugin } from './requestLogPlugin.ts';

/** What a subgraph gives to build its Apollo Server (see createSubgraphServer). */
export interface SubgraphServerOptions<TContext extends IdentityContext, TPrepared> {
  /** The subgraph's name, as in its refusals ("The units subgraph is still ..."). */
  name: string;
  /** The feature modules, as buildSubgraphSchema receives them. */
  modules: Parameters<typeof buildSubgraphSchema>[0];
  logger: Logger;
  /**
   * The open database: `ready()` pings it and reports its driver; `/metrics` reports its pool.
   */
  database: { driver: string; ping(): Promise<unknown>; connections?(): PoolUse | undefined };
  /**
   * Reads the caller from the identity the gateway signs into each request; refuses a request
   * without a valid one (see createForwardedIdentityReader in @home-affairs/identity).
   */
  readIdentity: ForwardedIdentityReader;
  /** Readies the data before the first request; what it returns is handed to `createContext`. */
  prepare: () => Promise<TPrepared>;
  /** Builds one request's context once the identity is read and `prepare()` has finished. */
  createContext: (identity: Identity, prepared: TPrepared) => TContext;
  /**
   * What the subgraph does while it prepares, as its refusals say it.
   * @default 'preparing'
   */
  preparing?: string;
  /**
   * How operations are executed: compiled by graphql-jit, or by graphql-js (for comparison).
   * @default graphqlExecutorFromEnv(process.env), i.e. GRAPHQL_EXECUTOR, else 'jit'
   */
  executor?: GraphQLExecutor;
  /**
   * Stops what the subgraph runs in the background (a follower of the unit change feed); called
   * when its Apollo Server stops, after in-flight requests.
   */
  stop?: () => Promise<void>;
}

/** A subgraph's Apollo Server with what startHttpService needs, and its first-start preparation. */
export interface SubgraphServer<TContext extends IdentityContext> {
  apollo: ApolloServer<TContext>;
  /** The per-request context; SERVICE_UNAVAILABLE until `prepare()` has finished. */
  context: (args: { req: Pick<IncomingMessage, 'headers'> }) => Promise<TContext>;
  /** Throws until `prepare()` has finished and while the database does not answer. */
  ready: () => Promise<{ driver: string }>;
  /**
   * Readies the data; requests are served once it has finished. While the database cannot be
   * reached it waits and tries again (0.5 s, doubling to 15 s between attempts) until `signal`
   * aborts; any other failure rejects.
   */
  prepare: (options?: { signal?: AbortSignal }) => Promise<void>;
  /** The subgraph's Prometheus registry, served at `/metrics` by startHttpService. */
  metrics: Registry;
}

/** What a log line may say about an error: what finds the fault, never a message quoting values. */
function describeError(error: unknown) {
  const original = error as Partial<Record<string, unknown>> | undefined;
  const cause = original?.cause as Partial<Record<string, unknown>> | undefined;
  // drizzle wraps the driver's error (DrizzleQueryError) and keeps it as `cause`.
  const code = typeof original?.code === 'string' ? original.code : cause?.code;
  const constraint = original?.constraint ?? cause?.constraint;
  return {
    errorName: error instanceof Error ? error.name : typeof error,
    sqlState: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
    // Messages this codebase writes itself never carry personal values.
    message: error instanceof GraphQLError ? error.message : undefined,
  };
}

/**
 * Builds a subgraph's Apollo Server over its modules; never listens. Every request must carry the
 * identity the gateway signs (`readIdentity`), and the schema's policies are enforced again here.
 * Until `prepare()` has finished, `ready()` throws and GraphQL requests are refused with
 * SERVICE_UNAVAILABLE, so a replica can listen (and answer liveness probes) while it prepares.
 */
export function createSubgraphServer<TContext extends IdentityContext, TPrepared>(
  options: SubgraphServerOptions<TContext, TPrepared>,
): SubgraphServer<TContext> {
  const { name, logger, database, readIdentity, createContext, preparing = 'preparing' } = options;
  let prepared: { value: TPrepared } | undefined;
  // What /ready and refused requests say while `prepare()` has not finished.
  let waiting = preparing;
  const unavailable = `The ${name} subgraph cannot reach its database; try again later.`;
  const schema = buildSubgraphSchema(options.modules);
  const executor = options.executor ?? graphqlExecutorFromEnv(process.env);
  const metrics = createServiceMetrics(name);
  databasePoolMetrics(metrics, () => database.connections?.());
  const apollo = new ApolloServer<TContext>({
    // stopOnSignals drains HTTP first, then stops Apollo Server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    // graphql-jit runs behind Apollo Server's executor hook (its `gateway` option), after parsing,
    // validation and every plugin's didResolveOperation (ADR 0015).
    ...(executor === 'jit' ? { gateway: jitExecution(schema) } : { schema }),
    plugins: [
      // Before anything reads the database: a Date out of range, a NUL character or a string
      // over its limit is the caller's mistake (BAD_USER_INPUT), also when the subgraph is called
      // without the gateway.
      inputValuesPlugin(),
      requestLogPlugin(logger),
      // The gateway names its subgraph operations after the client's (`NgheAn__units__0`), so a
      // subgraph counts by root field instead: a set its schema bounds (docs/operations.md).
      graphqlMetricsPlugin<TContext>({
        registry: metrics,
        operationOf: ({ operation }) => {
          const first = operation?.selectionSet.selections[0];
          return first?.kind === Kind.FIELD ? first.name.value : operation ? 'other' : 'invalid';
        },
      }),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces (ftv1) feed Apollo's hosted studio, which this platform does not use; they
      // would cost time on every field of every federated request.
      ApolloServerPluginInlineTraceDisabled(),
      // Cache hints per field would wrap every resolver of the schema (a call and a promise check
      // per field of every row); no client of a subgraph reads its Cache-Control header.
      ...(executor === 'jit' ? [ApolloServerPluginCacheControlDisabled()] : []),
      // The gateway enforced the schema's policies; the subgraph checks them again.
      authorizationPlugin<TContext>(),
      // What a write changed, for the gateway's response cache (invalidateCache, ADR 0014).
      cacheInvalidationPlugin<TContext>(),
      {
        serverWillStart: async () => ({ serverWillStop: async () => options.stop?.() }),
      },
    ],
    // Never a stack trace, whatever NODE_ENV is: the caller gets codes, the log gets the stack.
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      const original = unwrapResolverError(error);
      // A database that is down or restarting is not a fault of this request: the caller may
      // retry (a write with the same idempotency key), so it gets a code that says so.
      if (isDatabaseUnavailable(original)) {
        logger.warn({ path: formatted.path, ...describeError(original) }, 'database unavailable');
        return {
          message: unavailable,
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        };
      }
      // An unexpected error's message may quote stored values (a driver's "invalid input syntax
      // for type date: …"), so neither the caller nor the log sees it: the log gets what finds
      // the fault (where, which error, SQLSTATE, constraint), the caller a generic message.
      logger.error({ path: formatted.path, ...describeError(original) }, 'unexpected error');
      return {
        message: 'Internal server error.',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
  });
  return {
    apollo,
    metrics,
    context: async ({ req }) => {
      if (!prepared) {
        throw new GraphQLError(`The ${name} subgraph is still ${waiting} its data.`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
        });
      }
      return createContext(await readIdentity(req.headers), prepared.value);
    },
    ready: async () => {
      if (!prepared) throw new Error(`${waiting} data`);
      try {
        await database.ping();
      } catch (error) {
        // The reason is served to anyone who asks /ready: no driver message, no address.
        throw new Error(
          isDatabaseUnavailable(error) ? 'database unavailable' : 'database check failed',
        );
      }
      return { driver: database.driver };
    },
    prepare: async ({ signal } = {}) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          prepared = { value: await options.prepare() };
          waiting = preparing;
          return;
        } catch (error) {
          if (!isDatabaseUnavailable(error) || signal?.aborted) throw error;
          // A process started before its database (a deployment, a host reboot) waits for it
          // rather than exiting; preparing again is what a restart of the process would do.
          const retryInMilliseconds = Math.min(500 * 2 ** (attempt - 1), 15_000);
          waiting = 'waiting for the database before preparing';
          logger.warn(
            { attempt, retryInMilliseconds, ...describeError(error) },
            'database unavailable while preparing; trying again',
          );
          await sleep(retryInMilliseconds, undefined, { signal });
        }
      }
    },
  };
}

import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  authorizationPlugin,
  type ForwardedIdentityReader,
  type Identity,
  type IdentityContext,
} from '@home-affairs/identity';
import { GraphQLError } from 'graphql';
import type { Logger } from './createLogger.ts';
import { requestLogPlugin } from './requestLogPlugin.ts';

/** What a subgraph gives to build its Apollo Server (see createSubgraphServer). */
export interface SubgraphServerOptions<TContext extends IdentityContext, TPrepared> {
  /** The subgraph's name, as in its refusals ("The units subgraph is still ..."). */
  name: string;
  /** The feature modules, as buildSubgraphSchema receives them. */
  modules: Parameters<typeof buildSubgraphSchema>[0];
  logger: Logger;
  /** The open database: `ready()` pings it and reports its driver. */
  database: { driver: string; ping(): Promise<unknown> };
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
}

/** A subgraph's Apollo Server with what startHttpService needs, and its first-start preparation. */
export interface SubgraphServer<TContext extends IdentityContext> {
  apollo: ApolloServer<TContext>;
  /** The per-request context; SERVICE_UNAVAILABLE until `prepare()` has finished. */
  context: (args: { req: Pick<IncomingMessage, 'headers'> }) => Promise<TContext>;
  /** Throws until `prepare()` has finished and while the database does not answer. */
  ready: () => Promise<{ driver: string }>;
  /** Readies the data; requests are served once it has finished. */
  prepare: () => Promise<void>;
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
  const apollo = new ApolloServer<TContext>({
    // stopOnSignals drains HTTP first, then stops Apollo Server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    schema: buildSubgraphSchema(options.modules),
    plugins: [
      requestLogPlugin(logger),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces (ftv1) feed Apollo's hosted studio, which this platform does not use; they
      // would cost time on every field of every federated request.
      ApolloServerPluginInlineTraceDisabled(),
      // The gateway enforced the schema's policies; the subgraph checks them again.
      authorizationPlugin<TContext>(),
    ],
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // An unexpected error's message may quote stored values (a driver's "invalid input syntax
      // for type date: …"), so neither the caller nor the log sees it: the log gets what finds
      // the fault (where, which error, SQLSTATE, constraint), the caller a generic message.
      const original = unwrapResolverError(error) as Partial<Record<string, unknown>> | undefined;
      logger.error(
        {
          path: formatted.path,
          errorName: original instanceof Error ? original.name : typeof original,
          sqlState: typeof original?.code === 'string' ? original.code : undefined,
          constraint: typeof original?.constraint === 'string' ? original.constraint : undefined,
          // Messages this codebase writes itself never carry personal values.
          message: original instanceof GraphQLError ? original.message : undefined,
        },
        'unexpected error',
      );
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
    context: async ({ req }) => {
      if (!prepared) {
        throw new GraphQLError(`The ${name} subgraph is still ${preparing} its data.`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
        });
      }
      return createContext(await readIdentity(req.headers), prepared.value);
    },
    ready: async () => {
      if (!prepared) throw new Error(`${preparing} data`);
      await database.ping();
      return { driver: database.driver };
    },
    prepare: async () => {
      prepared = { value: await options.prepare() };
    },
  };
}

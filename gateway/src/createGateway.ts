import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import type { InputLimits } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import type { Express } from 'express';
import { afterPortOpens } from './afterPortOpens.ts';
import { readCacheHints } from './cache/cacheHints.ts';
import type { ResponseCache } from './cache/createResponseCache.ts';
import {
  createResponseCachePlugin,
  type ResponseCachePluginOptions,
} from './cache/responseCachePlugin.ts';
import { configureRoutes } from './configureRoutes.ts';
import { type ContractStarts, startContracts } from './contracts/startContracts.ts';
import { createApolloServer } from './createApolloServer.ts';
import type { DashboardOptions } from './mountDashboard.ts';
import type { GraphiQLOptions } from './mountGraphiQL.ts';
import {
  createSubgraphCircuit,
  type SubgraphCircuit,
  type SubgraphReadiness,
} from './resilience/createSubgraphCircuit.ts';
import { probeReadiness } from './resilience/probeReadiness.ts';
import type { SubgraphRequestOutcome } from './resilience/SubgraphDataSource.ts';
import { subgraphDataSources } from './resilience/subgraphDataSources.ts';
import { SubgraphFailure } from './resilience/subgraphErrors.ts';
import { type SubgraphPolicies, subgraphPolicyFor } from './resilience/subgraphPoliciesFromEnv.ts';
import { type RequestSecurity, requestSecurityOf } from './security/requestSecurity.ts';
import { type SubgraphEndpoint, subgraphsOfSupergraph } from './subgraphsOfSupergraph.ts';
import { responseCacheMetrics } from './telemetry/responseCacheMetrics.ts';
import { type GatewayMetricsOptions, useMetrics } from './telemetry/useMetrics.ts';

/** What every gateway request carries into plugins and subgraph hooks. */
export interface GatewayContext extends BaseContext {
  /**
   * Headers of the client's request. Never forwarded to subgraphs as they are: a hook decides
   * what each subgraph gets (`subgraphRequestHeaders`), so a client cannot forge gateway headers.
   */
  headers: IncomingHttpHeaders;
  /**
   * The request's security state, made once per request by the security layer's express routes
   * (`useAuthentication`, docs/security.md); none without a security layer.
   */
  security?: RequestSecurity | undefined;
}

/** How to build the gateway. */
export interface CreateGatewayOptions {
  /** The composed supergraph (the text of gateway/supergraph.graphql or any other). */
  supergraphSdl: string;
  logger: Logger;
  /**
   * URL of each subgraph by name, replacing the one written in the supergraph.
   * @default {}
   */
  subgraphUrls?: Readonly<Record<string, string>>;
  /**
   * More Apollo Server plugins (authentication, limits, audit), run after the request log.
   * @default []
   */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /**
   * Headers to add to every request sent to a subgraph on behalf of a client request: the place
   * to pass a signed identity, a request id or a locale. Called once per subgraph fetch.
   * @default no extra headers
   */
  subgraphRequestHeaders?: (
    context: GatewayContext,
    subgraph: SubgraphEndpoint,
  ) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Last look at a subgraph request before it is sent, after `subgraphRequestHeaders`; for what
   * headers cannot express. Prefer `subgraphRequestHeaders`.
   * @default none
   */
  willSendRequest?: (
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    subgraph: SubgraphEndpoint,
  ) => void | Promise<void>;
  /**
   * Timeout and circuit breaker of each subgraph (`subgraphPoliciesFromEnv` reads them), so that
   * a hung or failing subgraph costs its own fields only, and soon costs no time at all.
   * @default defaultSubgraphPolicy for every subgraph
   */
  subgraphPolicies?: SubgraphPolicies;
  /**
   * Told how each subgraph request ended and how long it took (metrics, `pnpm bench:subgraphs`).
   * @default none
   */
  observeSubgraphRequest?: (outcome: SubgraphRequestOutcome) => void;
  /**
   * GraphiQL page options, or false to serve no page.
   * @default {}
   */
  graphiql?: GraphiQLOptions | false;
  /**
   * Apollo Server settings a security layer may tighten. Introspection is on by default because
   * front-end teams browse the schema (GraphiQL, codegen). CSRF prevention is always on.
   * @default { introspection: true, allowBatchedHttpRequests: false }
   */
  apolloServerOptions?: {
    introspection?: boolean;
    allowBatchedHttpRequests?: boolean;
  };
  /**
   * Adds express routes or middleware ahead of GraphiQL and `/graphql` (authentication, usage
   * pages).
   * @default none
   */
  configure?: (app: Express) => void;
  /**
   * Length limits of the strings a client sends as arguments (inputValuesPlugin).
   * @default defaultInputLimits
   */
  inputLimits?: InputLimits;
  /**
   * Audience-filtered supergraphs (gateway/contracts/, docs/contracts.md) served beside the main
   * one, each as its own API schema over the same subgraphs. A request that `contractOf` assigns
   * to one is validated, planned and introspected against that contract only.
   * @default []
   */
  contracts?: readonly GatewayContract[];
  /**
   * The contract a request is served, by name; `undefined` serves the whole API schema. Called
   * after `configure`'s middleware, so it may read what that middleware established.
   * @default every request gets the whole API schema
   */
  contractOf?: (context: GatewayContext) => string | undefined;
  /**
   * The response cache and deduplication of reads (ADR 0014, docs/caching.md), with what it needs
   * from the security layer (`security.gatewayOptions.responseCacheAccess`).
   * @default none: every request executes, every fetch is sent
   */
  responseCache?:
    | (Pick<ResponseCachePluginOptions, 'callerOf' | 'isPublicOperation'> & {
        cache: ResponseCache;
      })
    | undefined;
  /**
   * The built dashboard to serve at `/dashboard/` (same origin as `/graphql`), or none.
   * @default none
   */
  dashboard?: DashboardOptions;
  /**
   * The Prometheus registry to count requests, subgraph fetches, breakers, refusals and the
   * response cache's counters in, served at `/metrics` (docs/operations.md), with the operation names counted under their own label.
   * @default no metrics
   */
  metrics?: GatewayMetricsOptions;
}

/** One contract the gateway serves: its name and its supergraph, as Apollo Gateway loads it. */
export interface GatewayContract {
  name: string;
  supergraphSdl: string;
}

/** A built gateway, ready to hand to `startHttpService`. */
export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  context: (args: ExpressContextFunctionArgument) => Promise<GatewayContext>;
  /**
   * Resolves once the supergraph is loaded and the server started, until it starts stopping, with
   * each subgraph's state (up, degraded, open); a subgraph's state never fails it.
   */
  ready: () => Promise<{ subgraphs: Record<string, SubgraphReadiness> }>;
  /** Adds the routes of `options.configure`, then GraphiQL's and the dashboard's. */
  configure: (app: Express) => void;
  /** The subgraphs of the supergraph with the URLs this gateway sends to. */
  subgraphs: SubgraphEndpoint[];
  /** The registry of `options.metrics`, for startHttpService to serve at `/metrics`. */
  metrics?: GatewayMetricsOptions['registry'];
}

/**
 * Builds the gateway over a composed supergraph; never listens (hand the result to
 * `startHttpService`). Each subgraph is reached at its URL in `subgraphUrls`, else the one in the
 * supergraph. A failing subgraph nulls the fields it owns and adds a SUBGRAPH_UNAVAILABLE error at
 * each of their paths; the gateway and the other subgraphs' data are unaffected. Each subgraph has
 * its own timeout and circuit breaker (`subgraphPolicies`); `ready()` reports their states.
 */
export function createGateway(options: CreateGatewayOptions): Gateway {
  const { supergraphSdl, logger } = options;
  const subgraphs = subgraphEndpoints(options);
  const circuits = createCircuits(subgraphs, options);

  const metrics = options.metrics ? useMetrics(options.metrics) : undefined;
  metrics?.observeCircuits(() =>
    Object.fromEntries([...circuits].map(([name, circuit]) => [name, circuit.breakerState()])),
  );
  if (options.metrics && options.responseCache) {
    responseCacheMetrics(options.metrics.registry, options.responseCache.cache);
  }

  // Unless told otherwise, @apollo/gateway sends usage metrics to Apollo and probes the cloud
  // metadata addresses of AWS, GCP, Azure and Alibaba to label them. A government graph sends
  // nothing to a third party, so this is forced off rather than left to the environment.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const dataSourceOf = subgraphDataSources(options, circuits, metrics);
  // One plugin for the main API and every contract: the contract is part of each key.
  const cachePlugin = options.responseCache
    ? createResponseCachePlugin({
        ...options.responseCache,
        hints: readCacheHints(supergraphSdl),
        contractOf: options.contractOf,
      })
    : undefined;
  const serverOver = (sdl: string, lifecycle?: ApolloServerPlugin<GatewayContext>) =>
    createApolloServer(sdl, options, { dataSourceOf, metrics, cachePlugin, lifecycle });
  const contracts = new Map(
    (options.contracts ?? []).map((contract) => [
      contract.name,
      serverOver(contract.supergraphSdl),
    ]),
  );
  // The contracts' schemas and the GraphiQL page are made once the main API has started and the
  // port is open (see `configure`), not before it: the graph serves sooner.
  const contractStarts = startContracts(contracts, logger);
  const deferred = afterPortOpens();

  let state: GatewayState = 'starting';
  const lifecycle: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      state = 'started';
      return {
        async serverWillStop() {
          state = 'stopping';
          deferred.cancel();
          await contractStarts.stop();
          for (const circuit of circuits.values()) circuit.dispose();
        },
      };
    },
  };
  const apollo = serverOver(supergraphSdl, lifecycle);
  const context = async ({
    req,
    res,
  }: ExpressContextFunctionArgument): Promise<GatewayContext> => ({
    headers: req.headers,
    security: requestSecurityOf(res),
  });

  return {
    apollo,
    context,
    ready: () => readiness(state, contracts, contractStarts, subgraphs, circuits),
    configure: (app) =>
      configureRoutes(app, options, { metrics, deferred, contracts, contractStarts, context }),
    subgraphs,
    metrics: options.metrics?.registry,
  };
}

/** Where the gateway is in its life: `ready()` answers only while it is `started`. */
type GatewayState = 'starting' | 'started' | 'stopping';

/**
 * The subgraphs of the supergraph with the URLs this gateway sends to (`subgraphUrls` first).
 * Throws on a malformed URL; warns of a URL or a policy given for a subgraph the supergraph lacks.
 */
function subgraphEndpoints(options: CreateGatewayOptions): SubgraphEndpoint[] {
  const { supergraphSdl, logger } = options;
  const overrides = options.subgraphUrls ?? {};
  const declared = subgraphsOfSupergraph(supergraphSdl);
  for (const [name, url] of Object.entries(overrides)) {
    new URL(url); // Throws on a malformed URL: fail at startup rather than on the first query.
    if (!declared.some((subgraph) => subgraph.name === name)) {
      logger.warn({ subgraph: name }, 'URL given for a subgraph that is not in the supergraph');
    }
  }
  for (const name of Object.keys(options.subgraphPolicies?.overrides ?? {})) {
    if (!declared.some((subgraph) => subgraph.name === name)) {
      logger.warn({ subgraph: name }, 'policy given for a subgraph that is not in the supergraph');
    }
  }
  return declared.map(({ name, url }) => ({ name, url: overrides[name] ?? url }));
}

/** One circuit breaker per subgraph, by name, with its policy and readiness probe. */
function createCircuits(
  subgraphs: readonly SubgraphEndpoint[],
  options: CreateGatewayOptions,
): Map<string, SubgraphCircuit> {
  return new Map<string, SubgraphCircuit>(
    subgraphs.map((subgraph) => [
      subgraph.name,
      createSubgraphCircuit({
        name: subgraph.name,
        policy: subgraphPolicyFor(subgraph.name, options.subgraphPolicies),
        isFailure: (error) => error instanceof SubgraphFailure,
        probe: (signal) => probeReadiness(subgraph, signal),
        logger: options.logger,
      }),
    ]),
  );
}

/**
 * The answer of `ready()`: each subgraph's state once the main API and every contract have
 * started; throws while starting or stopping, or when a contract could not be loaded.
 */
async function readiness(
  state: GatewayState,
  contracts: ReadonlyMap<string, ApolloServer<GatewayContext>>,
  contractStarts: ContractStarts,
  subgraphs: readonly SubgraphEndpoint[],
  circuits: ReadonlyMap<string, SubgraphCircuit>,
): Promise<{ subgraphs: Record<string, SubgraphReadiness> }> {
  if (state !== 'started') throw new Error(`gateway ${state}`);
  const started = contractStarts.started();
  if (contracts.size > 0 && !started) throw new Error('gateway loading contracts');
  const failed = [...contracts.keys()].filter((name) => !started?.has(name));
  if (failed.length > 0) throw new Error(`contract ${failed.join(', ')} could not be loaded`);
  // Names and states only: /ready is reachable by anyone who reaches the gateway, and the
  // subgraphs' URLs are internal.
  const states = await Promise.all(
    subgraphs.map(async ({ name }) => [name, await circuits.get(name)!.readiness()] as const),
  );
  return { subgraphs: Object.fromEntries(states) };
}

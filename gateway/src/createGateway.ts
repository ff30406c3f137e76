import type { IncomingHttpHeaders } from 'node:http';
import { ApolloGateway, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import { type Logger, requestLogPlugin } from '@home-affairs/service';
import type { Express } from 'express';
import { Kind, parse } from 'graphql';
import { type GraphiQLOptions, mountGraphiQL } from './mountGraphiQL.ts';
import {
  createSubgraphCircuit,
  type SubgraphCircuit,
  type SubgraphReadiness,
} from './resilience/createSubgraphCircuit.ts';
import { probeReadiness } from './resilience/probeReadiness.ts';
import {
  SubgraphDataSource,
  type SubgraphRequestOutcome,
} from './resilience/SubgraphDataSource.ts';
import { SubgraphFailure } from './resilience/subgraphErrors.ts';
import { type SubgraphPolicies, subgraphPolicyFor } from './resilience/subgraphPoliciesFromEnv.ts';

/** What every gateway request carries into plugins and subgraph hooks. */
export interface GatewayContext extends BaseContext {
  /**
   * Headers of the client's request. Never forwarded to subgraphs as they are: a hook decides
   * what each subgraph gets (`subgraphRequestHeaders`), so a client cannot forge gateway headers.
   */
  headers: IncomingHttpHeaders;
}

/** One subgraph as the gateway reaches it in this deployment. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
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
   * front-end teams browse the schema (GraphiQL, codegen).
   * @default { introspection: true, csrfPrevention: true, allowBatchedHttpRequests: false }
   */
  apolloServerOptions?: {
    introspection?: boolean;
    csrfPrevention?: boolean;
    allowBatchedHttpRequests?: boolean;
  };
  /**
   * Adds express routes or middleware ahead of GraphiQL and `/graphql` (authentication, usage
   * pages).
   * @default none
   */
  configure?: (app: Express) => void;
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
  /** Adds the routes of `options.configure`, then GraphiQL's. */
  configure: (app: Express) => void;
  /** The subgraphs of the supergraph with the URLs this gateway sends to. */
  subgraphs: SubgraphEndpoint[];
}

/**
 * Reads the subgraphs (name and URL) declared in a supergraph's `join__Graph` enum. Throws when
 * the text is not a supergraph, so a wrong file fails at startup with a clear message.
 */
export function subgraphsOfSupergraph(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const graphs = document.definitions.find(
    (definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (graphs?.kind !== Kind.ENUM_TYPE_DEFINITION) {
    throw new Error(
      'Not a supergraph: it has no join__Graph enum (compose it with `pnpm compose`).',
    );
  }
  return (graphs.values ?? []).map((value) => {
    const join = value.directives?.find((directive) => directive.name.value === 'join__graph');
    const argument = (name: string) => {
      const node = join?.arguments?.find((candidate) => candidate.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : '';
    };
    return { name: argument('name'), url: argument('url') };
  });
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
  const subgraphs = declared.map(({ name, url }) => ({ name, url: overrides[name] ?? url }));
  const circuits = new Map<string, SubgraphCircuit>(
    subgraphs.map((subgraph) => [
      subgraph.name,
      createSubgraphCircuit({
        name: subgraph.name,
        policy: subgraphPolicyFor(subgraph.name, options.subgraphPolicies),
        isFailure: (error) => error instanceof SubgraphFailure,
        probe: (signal) => probeReadiness(subgraph, signal),
        logger,
      }),
    ]),
  );

  // Unless told otherwise, @apollo/gateway sends usage metrics to Apollo and probes the cloud
  // metadata addresses of AWS, GCP, Azure and Alibaba to label them. A government graph sends
  // nothing to a third party, so this is forced off rather than left to the environment.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        { name, url: overrides[name] ?? url ?? '' },
        {
          policy: subgraphPolicyFor(name, options.subgraphPolicies),
          circuit:
            circuits.get(name) ??
            // Apollo Gateway builds services only for the supergraph's join__Graph values, which
            // `circuits` was built from.
            (() => {
              throw new Error(`No circuit for subgraph ${name}`);
            })(),
          logger,
          subgraphRequestHeaders: options.subgraphRequestHeaders,
          willSendRequest: options.willSendRequest,
          observe: options.observeSubgraphRequest,
        },
      ),
  });

  let state: 'starting' | 'started' | 'stopping' = 'starting';
  const lifecycle: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      state = 'started';
      return {
        async serverWillStop() {
          state = 'stopping';
          for (const circuit of circuits.values()) circuit.dispose();
        },
      };
    },
  };

  const apollo = new ApolloServer<GatewayContext>({
    // stopOnSignals drains HTTP first, then stops Apollo Server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    gateway,
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    ...options.apolloServerOptions,
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    plugins: [
      lifecycle,
      ApolloServerPluginLandingPageDisabled(),
      requestLogPlugin(logger),
      ...(options.plugins ?? []),
    ],
  });

  return {
    apollo,
    context: async ({ req }) => ({ headers: req.headers }),
    ready: async () => {
      if (state !== 'started') throw new Error(`gateway ${state}`);
      // Names and states only: /ready is reachable by anyone who reaches the gateway, and the
      // subgraphs' URLs are internal.
      const states = await Promise.all(
        subgraphs.map(async ({ name }) => [name, await circuits.get(name)!.readiness()] as const),
      );
      return { subgraphs: Object.fromEntries(states) };
    },
    configure: (app) => {
      options.configure?.(app);
      if (options.graphiql !== false) mountGraphiQL(app, options.graphiql ?? {});
    },
    subgraphs,
  };
}

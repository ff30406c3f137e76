import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { defaultInputLimits } from '@home-affairs/graphql';
import { inputValuesPlugin, requestLogPlugin } from '@home-affairs/service';
import { boundedDocumentStore, queryPlanStoreMiB } from './boundedStores.ts';
import { answerText } from './cache/answerText.ts';
import type { CreateGatewayOptions, GatewayContext } from './createGateway.ts';
import { formatClientError } from './inputs/formatClientError.ts';
import { nameLengthRule } from './inputs/nameLengthRule.ts';
import { operationResolutionPlugin } from './inputs/operationResolutionPlugin.ts';
import { knownOperationTypesRule } from './knownOperationTypesRule.ts';
import type { SubgraphDataSource } from './resilience/SubgraphDataSource.ts';
import type { GatewayMetrics } from './telemetry/useMetrics.ts';
import { useTraceIds } from './telemetry/useTraceIds.ts';

/** What an Apollo Server of this gateway (the main API's or a contract's) is built with. */
export interface ServerParts {
  dataSourceOf: (name: string, url: string | undefined) => SubgraphDataSource;
  metrics: GatewayMetrics | undefined;
  cachePlugin: ApolloServerPlugin<GatewayContext> | undefined;
  /** The main API's start and stop hooks; none for a contract. */
  lifecycle: ApolloServerPlugin<GatewayContext> | undefined;
}

/** The Apollo Server over one supergraph (the main API's or a contract's), with its plugins. */
export function createApolloServer(
  sdl: string,
  options: CreateGatewayOptions,
  { dataSourceOf, metrics, cachePlugin, lifecycle }: ServerParts,
): ApolloServer<GatewayContext> {
  const { logger } = options;
  return new ApolloServer<GatewayContext>({
    // stopOnSignals drains HTTP first, then stops Apollo Server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    gateway: new ApolloGateway({
      supergraphSdl: sdl,
      logger: logger.child({ component: 'apollo-gateway' }),
      buildService: ({ name, url }) => dataSourceOf(name, url),
      experimental_approximateQueryPlanStoreMiB: queryPlanStoreMiB,
    }),
    documentStore: boundedDocumentStore(),
    introspection: true,
    allowBatchedHttpRequests: false,
    validationRules: [knownOperationTypesRule, nameLengthRule],
    // One JSON text per shared answer: the callers of one execution and a cached answer's hits.
    stringifyResult: answerText,
    ...options.apolloServerOptions,
    // After the options: no setting turns it off (the security layer's useCsrf answers first).
    csrfPrevention: true,
    // Never a stack trace, whatever NODE_ENV is: a client gets codes, the log gets the stack.
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    plugins: [
      ...(lifecycle ? [lifecycle] : []),
      // First: their refusals are the client's mistake, and win over any later plugin's.
      operationResolutionPlugin(),
      inputValuesPlugin(options.inputLimits ?? defaultInputLimits),
      ApolloServerPluginLandingPageDisabled(),
      requestLogPlugin(logger),
      useTraceIds(),
      ...(metrics ? [metrics.plugin] : []),
      ...(options.plugins ?? []),
      // Last: it answers only requests every plugin before it accepted.
      ...(cachePlugin ? [cachePlugin] : []),
    ],
  });
}

import { untracedPropagationHeaders } from '@home-affairs/telemetry';
import type { CreateGatewayOptions } from '../createGateway.ts';
import type { GatewayMetrics } from '../telemetry/useMetrics.ts';
import type { SubgraphCircuit } from './createSubgraphCircuit.ts';
import { SubgraphDataSource, type SubgraphRequestOutcome } from './SubgraphDataSource.ts';
import { subgraphPolicyFor } from './subgraphPoliciesFromEnv.ts';

/**
 * The `buildService` of every Apollo Gateway this gateway makes: one data source per subgraph,
 * made on first use and shared by the main API and every contract, since a contract is only
 * another view of the same subgraphs, behind the same timeout and circuit breaker.
 */
export function subgraphDataSources(
  options: CreateGatewayOptions,
  circuits: ReadonlyMap<string, SubgraphCircuit>,
  metrics: GatewayMetrics | undefined,
): (name: string, url: string | undefined) => SubgraphDataSource {
  const { logger } = options;
  const overrides = options.subgraphUrls ?? {};
  const observeSubgraphRequest = (outcome: SubgraphRequestOutcome) => {
    metrics?.observeSubgraphRequest(outcome);
    options.observeSubgraphRequest?.(outcome);
  };
  // Untraced, each subgraph request still carries the request's trace id (traced, the fetch
  // instrumentation sends the span's `traceparent`), next to what the caller's hook adds.
  const subgraphRequestHeaders: CreateGatewayOptions['subgraphRequestHeaders'] = async (
    context,
    subgraph,
  ) => ({
    ...untracedPropagationHeaders(context.headers),
    ...(await options.subgraphRequestHeaders?.(context, subgraph)),
  });
  const dataSources = new Map<string, SubgraphDataSource>();
  return (name, url) => {
    let dataSource = dataSources.get(name);
    if (!dataSource) {
      const circuit = circuits.get(name);
      // Apollo Gateway builds services only for the supergraph's join__Graph values, which
      // `circuits` was built from.
      if (!circuit) throw new Error(`No circuit for subgraph ${name}`);
      dataSource = new SubgraphDataSource(
        { name, url: overrides[name] ?? url ?? '' },
        {
          policy: subgraphPolicyFor(name, options.subgraphPolicies),
          circuit,
          logger,
          subgraphRequestHeaders,
          willSendRequest: options.willSendRequest,
          observe: observeSubgraphRequest,
          cache: options.responseCache?.cache,
        },
      );
      dataSources.set(name, dataSource);
    }
    return dataSource;
  };
}

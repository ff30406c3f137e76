import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { composeSupergraph } from '../composeSupergraph.ts';
import { createGateway } from '../createGateway.ts';
import { prepareSupergraph } from '../security/prepareSupergraph.ts';
import type { SubgraphDefinition } from '../subgraphs.ts';

/**
 * An in-process gateway on a free port over `definitions`, composed now, reaching each subgraph
 * at its URL in `subgraphUrls`. It serves the supergraph as the gateway does (the `for: SECURITY`
 * links dropped, ADR 0002) without the security layer: tests of the data, not of access.
 */
export async function startTestGateway(
  definitions: readonly SubgraphDefinition[],
  subgraphUrls: Record<string, string>,
): Promise<HttpService> {
  const composition = composeSupergraph(definitions);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  const logger = createLogger('gateway-test', 'silent');
  return startHttpService({
    ...createGateway({
      supergraphSdl: prepareSupergraph(composition.supergraphSdl).gatewaySdl,
      logger,
      subgraphUrls,
    }),
    logger,
    drainMilliseconds: 100,
  });
}

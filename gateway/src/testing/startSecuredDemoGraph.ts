import { freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { orCleanUp } from './orCleanUp.ts';
import { type DemoSubgraphs, startDemoSubgraphs } from './startDemoSubgraphs.ts';
import {
  type SecuredGateway,
  type SecuredGatewayOptions,
  startSecuredGateway,
} from './startSecuredGateway.ts';

/**
 * The four real subgraphs with demo data (`startDemoSubgraphs`, as `subgraphs` says) behind a
 * secured gateway (`startSecuredGateway`, as `gateway` says) that signs the identities it forwards
 * with a fresh key pair, which the subgraphs of `identityCheckedBy` check. When the gateway fails
 * to start, the subgraphs are stopped; otherwise the caller closes the gateway, then disposes of
 * the subgraphs.
 */
export async function startSecuredDemoGraph(options: {
  subgraphs: Omit<
    Parameters<typeof startDemoSubgraphs>[0],
    'personnelIdentityKey' | 'unitsIdentityKey'
  >;
  /** The subgraphs that check the identity the gateway signs into each request. */
  identityCheckedBy: readonly ('personnel' | 'units')[];
  /** @default startSecuredGateway's defaults */
  gateway?: Omit<SecuredGatewayOptions, 'subgraphUrls' | 'identityKeys'>;
}): Promise<{ graph: DemoSubgraphs; gateway: SecuredGateway }> {
  const identityKeys = await freshKeyPair();
  const keyOf = (name: 'personnel' | 'units') =>
    options.identityCheckedBy.includes(name) ? identityKeys.publicJwk : undefined;
  const graph = await startDemoSubgraphs({
    ...options.subgraphs,
    personnelIdentityKey: keyOf('personnel'),
    unitsIdentityKey: keyOf('units'),
  });
  const gateway = await orCleanUp(
    startSecuredGateway({ ...options.gateway, subgraphUrls: graph.urls, identityKeys }),
    () => graph.dispose(),
  );
  return { graph, gateway };
}

import type { SubgraphEndpoint } from '../subgraphsOfSupergraph.ts';
import { SubgraphFailure } from './subgraphErrors.ts';

/**
 * Asks a subgraph's readiness endpoint (`/ready` beside its GraphQL path, as every subgraph built
 * with `startHttpService` serves it); throws unless it answers 2xx. A server without that route
 * (404) counts as answering: its circuit then closes and real requests decide.
 */
export async function probeReadiness(
  subgraph: SubgraphEndpoint,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL('/ready', subgraph.url), { signal });
    await response.body?.cancel();
  } catch (error) {
    throw new SubgraphFailure('CONNECTION_FAILED', 'cannot be reached', { cause: error });
  }
  if (!response.ok && response.status !== 404) {
    throw new SubgraphFailure('BAD_RESPONSE', `is not ready (HTTP ${response.status})`);
  }
}

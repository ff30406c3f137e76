import { subgraphsOfSupergraph } from '../../gateway/src/subgraphsOfSupergraph.ts';
import { subgraphUrlsFromEnv } from '../../gateway/src/subgraphUrlsFromEnv.ts';

/**
 * Where a bench's in-process gateway sends each subgraph of `supergraphSdl`: 127.0.0.1 on
 * `<NAME>_PORT` (as `pnpm start` prints them), or `<NAME>_SUBGRAPH_URL` where that is set.
 */
export function benchSubgraphUrls(
  supergraphSdl: string,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const { name } of subgraphsOfSupergraph(supergraphSdl)) {
    const port = env[`${name.toUpperCase()}_PORT`];
    if (port) urls[name] = `http://127.0.0.1:${port}/graphql`;
  }
  return { ...urls, ...subgraphUrlsFromEnv(env) };
}

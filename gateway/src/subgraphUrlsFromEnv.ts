const suffix = '_SUBGRAPH_URL';

/**
 * Reads per-deployment subgraph URLs from `<NAME>_SUBGRAPH_URL` variables (`UNITS_SUBGRAPH_URL`
 * gives the URL of subgraph `units`). Subgraphs without one keep the URL in the supergraph.
 */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.endsWith(suffix) || !value) continue;
    urls[key.slice(0, -suffix.length).toLowerCase()] = value;
  }
  return urls;
}

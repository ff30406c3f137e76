/**
 * The public graph a subgraph reads the unit directory from: `GRAPH_URL`, or the gateway of a
 * local `pnpm start`.
 * @default http://localhost:4000/graphql
 */
export function graphUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return env.GRAPH_URL ?? 'http://localhost:4000/graphql';
}

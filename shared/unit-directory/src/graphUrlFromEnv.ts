import type { CacheInvalidationChannel } from './announceCacheInvalidation.ts';
/**
 * The public graph a subgraph reads the unit directory from: `GRAPH_URL`, or the gateway of a
 * local `pnpm start`.
 * @default http://localhost:4000/graphql
 */
export function graphUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return env.GRAPH_URL ?? 'http://localhost:4000/graphql';
}

/**
 * How often an agency subgraph polls the unit change feed once caught up: `UNIT_FEED_INTERVAL_MS`.
 * @default 3000
 */
export function unitFeedIntervalFromEnv(env: NodeJS.ProcessEnv): number {
  const value = Number(env.UNIT_FEED_INTERVAL_MS ?? 3000);
  if (!Number.isInteger(value) || value < 100 || value > 3_600_000) {
    throw new Error(
      'UNIT_FEED_INTERVAL_MS must be a whole number of milliseconds from 100 to 3600000.',
    );
  }
  return value;
}

/**
 * Where an agency subgraph tells the gateways that following the unit feed changed its answers:
 * `REDIS_URL`, the Redis the gateways share their response cache's invalidations on; undefined
 * (nothing announced) when unset.
 */
export function cacheInvalidationFromEnv(
  env: NodeJS.ProcessEnv,
): CacheInvalidationChannel | undefined {
  return env.REDIS_URL ? { redisUrl: env.REDIS_URL } : undefined;
}

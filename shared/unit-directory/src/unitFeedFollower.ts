import type { Database } from '@home-affairs/db';
import {
  ensureUnitFeedCursor,
  followUnitFeed,
  type UnitFeedCursorTable,
  type UnitFeedOptions,
} from './followUnitFeed.ts';
import {
  cacheInvalidationFromEnv,
  graphUrlFromEnv,
  unitFeedIntervalFromEnv,
} from './graphUrlFromEnv.ts';

/**
 * Where an agency subgraph's process follows the unit change feed, read from the environment:
 * the graph (`GRAPH_URL`), the poll interval (`UNIT_FEED_INTERVAL_MS`) and the Redis that tells
 * the gateways which cached answers its re-attributions changed (`REDIS_URL`).
 */
export function unitFeedFromEnv(env: NodeJS.ProcessEnv): UnitFeedOptions & { graphUrl: string } {
  return {
    graphUrl: graphUrlFromEnv(env),
    intervalMilliseconds: unitFeedIntervalFromEnv(env),
    cacheInvalidation: cacheInvalidationFromEnv(env),
  };
}

/**
 * An agency subgraph's follower of the unit change feed, as its `createSubgraph` uses it:
 * `ensureCursor()` before the first copy of the directory (so that the copy is at least as recent
 * as the cursor), `start()` once prepared, `stop()` when the server stops. Without `feed` each
 * does nothing, and the directory stays the copy of the first start.
 */
export function unitFeedFollower<TDatabase extends Database<Record<string, unknown>>>(
  options: Omit<Parameters<typeof followUnitFeed<TDatabase>>[0], 'feed'> & {
    feed: UnitFeedOptions | undefined;
    table: UnitFeedCursorTable;
  },
) {
  const { feed, db, table, logger } = options;
  let follower: ReturnType<typeof followUnitFeed> | undefined;
  return {
    ensureCursor: async () => {
      if (feed) await ensureUnitFeedCursor(db, table, feed, logger);
    },
    start: () => {
      if (feed) follower ??= followUnitFeed({ ...options, feed });
    },
    stop: async () => follower?.stop(),
  };
}

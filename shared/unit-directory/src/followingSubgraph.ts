import type { Database } from '@home-affairs/db';
import type { IdentityContext } from '@home-affairs/identity';
import {
  createSubgraphServer,
  type RunSubgraphOptions,
  runSubgraph,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '@home-affairs/service';
import type { UnitFeedOptions } from './followUnitFeed.ts';
import { unitFeedFollower, unitFeedFromEnv } from './unitFeedFollower.ts';

type AnyDatabase = Database<Record<string, unknown>>;

/** What an agency subgraph that keeps a copy of the unit directory gives to build its server. */
export interface FollowingSubgraphOptions<
  TDatabase extends AnyDatabase,
  TContext extends IdentityContext,
  TPrepared,
> extends Omit<SubgraphServerOptions<TContext, TPrepared>, 'database' | 'prepare' | 'stop'>,
    Pick<Parameters<typeof unitFeedFollower<TDatabase>>[0], 'table' | 'apply'> {
  database: SubgraphServerOptions<TContext, TPrepared>['database'] & { db: TDatabase };
  /** Where to follow the units subgraph's feed; without it the directory stays the first copy. */
  unitFeed?: UnitFeedOptions | undefined;
  /**
   * Readies the data before the first request; it calls `ensureFeedCursor` before it copies the
   * unit directory, so that the copy is at least as recent as the cursor.
   */
  prepare: (ensureFeedCursor: () => Promise<void>) => Promise<TPrepared>;
}

/**
 * An agency subgraph's server (createSubgraphServer) that follows the unit change feed once
 * prepared and stops following it when the server stops (see unitFeedFollower).
 */
export function createFollowingSubgraphServer<
  TDatabase extends AnyDatabase,
  TContext extends IdentityContext,
  TPrepared,
>(options: FollowingSubgraphOptions<TDatabase, TContext, TPrepared>): SubgraphServer<TContext> {
  const { name, logger, database, table, apply, prepare } = options;
  const follower = unitFeedFollower({
    subgraph: name,
    db: database.db,
    table,
    feed: options.unitFeed,
    logger,
    apply,
  });
  // Named one by one: a subgraph passes its own createSubgraph options, which hold more.
  return createSubgraphServer({
    name,
    modules: options.modules,
    logger,
    database,
    readIdentity: options.readIdentity,
    createContext: options.createContext,
    preparing: options.preparing,
    executor: options.executor,
    prepare: async () => {
      const prepared = await prepare(follower.ensureCursor);
      follower.start();
      return prepared;
    },
    stop: follower.stop,
  });
}

/** The parts runSubgraph hands to an agency subgraph's createSubgraph, with its unit feed. */
type FollowingSubgraphParts<TDatabase extends { driver: string; close(): Promise<void> }> =
  Parameters<RunSubgraphOptions<TDatabase, IdentityContext>['createSubgraph']>[0] & {
    unitFeed: ReturnType<typeof unitFeedFromEnv>;
  };

/**
 * The whole of an agency subgraph's `main.ts`: runSubgraph, with the unit feed its copy of the
 * unit directory follows read from the environment (unitFeedFromEnv) and handed to
 * `createSubgraph`.
 */
export function runFollowingSubgraph<
  TDatabase extends { driver: string; close(): Promise<void> },
  TContext extends IdentityContext,
>(
  options: Omit<RunSubgraphOptions<TDatabase, TContext>, 'createSubgraph'> & {
    createSubgraph: (parts: FollowingSubgraphParts<TDatabase>) => SubgraphServer<TContext>;
  },
): Promise<void> {
  const env = options.env ?? process.env;
  return runSubgraph({
    ...options,
    createSubgraph: (parts) => options.createSubgraph({ ...parts, unitFeed: unitFeedFromEnv(env) }),
  });
}

import { type DatabaseHandle, subgraphDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { createFollowingSubgraphServer, type UnitFeedOptions } from '@home-affairs/unit-directory';
import { createContext } from './context.ts';
import * as schema from './db/schema.ts';
import { applyUnitChanges } from './directory/applyUnitChanges.ts';
import type { UnitDirectoryLoader } from './directory/fetchUnitDirectories.ts';
import { ensureRegistry } from './seed/ensureRegistry.ts';
import type { RegistryLayout } from './seed/generateRegistry.ts';
import { subgraph } from './typeDefs.ts';

export type { UnitFeedOptions } from '@home-affairs/unit-directory';
export type { AssociationsContext } from './context.ts';
export {
  fetchUnitDirectories,
  type UnitDirectories,
  type UnitDirectoryLoader,
} from './directory/fetchUnitDirectories.ts';
export { fullRegistry, type RegistryLayout, registryCalibration } from './seed/generateRegistry.ts';
export { subgraphDefinition } from './typeDefs.ts';
/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** The associations subgraph's open database. */
export type AssociationsDatabaseHandle = DatabaseHandle<typeof schema>;

const storage = subgraphDatabase('associations', schema, new URL('../drizzle', import.meta.url));
/** The folder of this subgraph's migrations, and how its database is opened (tests, scripts). */
export const { migrationsFolder, open: openAssociationsDatabase } = storage;

/**
 * Applies the migrations, copies the unit directory if it is empty, and generates the demo
 * registry if there is no organisation yet.
 */
async function prepareAssociationsDatabase(
  database: AssociationsDatabaseHandle,
  logger: Logger,
  options: {
    loadDirectory: UnitDirectoryLoader;
    layout?: RegistryLayout;
    ensureFeedCursor: () => Promise<void>;
  },
): Promise<void> {
  await database.migrate(migrationsFolder);
  await options.ensureFeedCursor();
  await ensureRegistry(database, logger, options);
}

/**
 * Builds the associations subgraph over an open database; never listens. Every request must carry
 * the identity the gateway signs (`readIdentity`), and the schema's policies are enforced again
 * here. Until `prepare()` has finished, `ready()` throws and GraphQL requests are refused with
 * SERVICE_UNAVAILABLE.
 */
export function createSubgraph(options: {
  database: AssociationsDatabaseHandle;
  logger: Logger;
  /** Reads the caller from the identity the gateway signs into each request. */
  readIdentity: ForwardedIdentityReader;
  /** Reads the unit lists (the units subgraph through the graph, or a test fixture). */
  loadDirectory: UnitDirectoryLoader;
  /**
   * Size of the demo registry generated on first start.
   * @default fullRegistry
   */
  layout?: RegistryLayout;
  /**
   * Follow the units subgraph's feed of unit changes once prepared, keeping the directory and
   * the seats true without a restart; without it the directory is the copy of the first start.
   */
  unitFeed?: UnitFeedOptions;
}) {
  const { database, logger, loadDirectory, layout } = options;
  return createFollowingSubgraphServer({
    ...options,
    ...subgraph,
    table: schema.unitFeedCursor,
    apply: applyUnitChanges,
    prepare: (ensureFeedCursor) =>
      prepareAssociationsDatabase(database, logger, { loadDirectory, layout, ensureFeedCursor }),
    createContext: (identity) => createContext(database.db, identity),
  });
}

import { type DatabaseHandle, subgraphDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { createFollowingSubgraphServer, type UnitFeedOptions } from '@home-affairs/unit-directory';
import { createContext } from './context.ts';
import * as schema from './db/schema.ts';
import { applyUnitChanges } from './directory/applyUnitChanges.ts';
import type { UnitDirectoryLoader } from './directory/unitDirectoryFromGraph.ts';
import { ensureDemoData } from './seed/ensureDemoData.ts';
import { subgraph } from './typeDefs.ts';

export type { UnitFeedOptions } from '@home-affairs/unit-directory';
export type { PersonnelContext } from './context.ts';
export type {
  UnitDirectoryLoader,
  UnitDirectorySnapshot,
} from './directory/unitDirectoryFromGraph.ts';
export { unitDirectoryFromGraph } from './directory/unitDirectoryFromGraph.ts';
export {
  type PublishedFiguresAnswer,
  publishedFigures,
  publishedFiguresSelection,
} from './seed/publishedFigures.ts';
export { calibration } from './seed/seedDemoData.ts';
export { subgraphDefinition } from './typeDefs.ts';
/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** The personnel subgraph's open database. */
export type PersonnelDatabaseHandle = DatabaseHandle<typeof schema>;

const storage = subgraphDatabase('personnel', schema, new URL('../drizzle', import.meta.url));
/** The folder of this subgraph's migrations, and how its database is opened (tests, scripts). */
export const { migrationsFolder, open: openPersonnelDatabase } = storage;

/**
 * Builds the personnel subgraph over an open database; never listens. Every request must carry
 * the identity the gateway signs (`readIdentity`), and the schema's policies are enforced again
 * here. `prepare()` migrates, copies the unit directory and generates the demo data on a first
 * start; until it has finished, requests are refused with SERVICE_UNAVAILABLE.
 */
export function createSubgraph(options: {
  database: PersonnelDatabaseHandle;
  logger: Logger;
  /** Reads the caller from the identity the gateway signs into each request. */
  readIdentity: ForwardedIdentityReader;
  /** Reads the unit directory on a first start (tests pass a fixture). */
  loadDirectory: UnitDirectoryLoader;
  /**
   * Follow the units subgraph's feed of unit changes once prepared, keeping the directory, the
   * committees and their staffing true without a restart; without it the directory is the copy
   * of the first start.
   */
  unitFeed?: UnitFeedOptions;
}) {
  return createFollowingSubgraphServer({
    ...options,
    ...subgraph,
    table: schema.unitFeedCursor,
    apply: applyUnitChanges,
    prepare: async (ensureFeedCursor) => {
      await options.database.migrate(migrationsFolder);
      await ensureFeedCursor();
      await ensureDemoData(options.database, options.logger, options.loadDirectory);
    },
    createContext: (identity) => createContext(options.database.db, identity),
  });
}

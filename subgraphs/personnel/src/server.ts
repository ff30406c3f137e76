import { fileURLToPath } from 'node:url';
import { type DatabaseConfig, type DatabaseHandle, openDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import { createSubgraphServer, type Logger } from '@home-affairs/service';
import {
  ensureUnitFeedCursor,
  followUnitFeed,
  type UnitFeedOptions,
} from '@home-affairs/unit-directory';
import { createContext } from './context.ts';
import * as schema from './db/schema.ts';
import { applyUnitChanges } from './directory/applyUnitChanges.ts';
import type { UnitDirectoryLoader } from './directory/unitDirectoryFromGraph.ts';
import { ensureDemoData } from './seed/ensureDemoData.ts';
import { modules } from './typeDefs.ts';

export type { UnitFeedOptions } from '@home-affairs/unit-directory';
export type { PersonnelContext } from './context.ts';
export type {
  UnitDirectoryLoader,
  UnitDirectorySnapshot,
} from './directory/unitDirectoryFromGraph.ts';
export { unitDirectoryFromGraph } from './directory/unitDirectoryFromGraph.ts';
export { calibration } from './seed/seedDemoData.ts';
export { subgraphDefinition } from './typeDefs.ts';

/** The personnel subgraph's open database. */
export type PersonnelDatabaseHandle = DatabaseHandle<typeof schema>;

/** Folder of the drizzle-kit migrations of this subgraph. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** Opens the personnel database (Postgres when `url` is given, PGlite otherwise). */
export function openPersonnelDatabase(
  config: Omit<DatabaseConfig, 'name'>,
): Promise<PersonnelDatabaseHandle> {
  return openDatabase({ ...config, name: 'personnel' }, schema);
}

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
  const { database, logger, readIdentity, loadDirectory, unitFeed } = options;
  let follower: ReturnType<typeof followUnitFeed> | undefined;
  return createSubgraphServer({
    name: 'personnel',
    modules,
    logger,
    database,
    readIdentity,
    prepare: async () => {
      await database.migrate(migrationsFolder);
      // Before the directory is copied, so that the copy is at least as recent as the cursor.
      if (unitFeed)
        await ensureUnitFeedCursor(database.db, schema.unitFeedCursor, unitFeed, logger);
      await ensureDemoData(database, logger, loadDirectory);
      if (unitFeed)
        follower ??= followUnitFeed({
          subgraph: 'personnel',
          db: database.db,
          table: schema.unitFeedCursor,
          feed: unitFeed,
          logger,
          apply: applyUnitChanges,
        });
    },
    stop: async () => follower?.stop(),
    createContext: (identity) => createContext(database.db, identity),
  });
}

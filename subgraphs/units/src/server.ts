import { type DatabaseHandle, subgraphDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import { createSubgraphServer, type Logger } from '@home-affairs/service';
import { createContext } from './context.ts';
import * as schema from './db/schema.ts';
import { exportDirectory } from './directory/exportDirectory.ts';
import { ensureUnitsImported } from './import/ensureUnitsImported.ts';
import { modules } from './typeDefs.ts';

export { applyChangeSet, type ChangeSetResult } from './changeSets/applyChangeSet.ts';
export { ChangeSetError } from './changeSets/ChangeSetError.ts';
export type { UnitsContext } from './context.ts';
export { subgraphDefinition } from './typeDefs.ts';
/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** The units subgraph's open database. */
export type UnitsDatabaseHandle = DatabaseHandle<typeof schema>;

const storage = subgraphDatabase('units', schema, new URL('../drizzle', import.meta.url));
/** The folder of this subgraph's migrations, and how its database is opened (tests, scripts). */
export const { migrationsFolder, open: openUnitsDatabase } = storage;

/** Applies the migrations, then imports the unit lists if this database has none yet. */
export async function prepareUnitsDatabase(database: UnitsDatabaseHandle, logger: Logger) {
  await database.migrate(migrationsFolder);
  await ensureUnitsImported(database, logger);
}

/**
 * Builds the units subgraph over an open database; never listens. Every request must carry the
 * identity the gateway signs (`readIdentity`), and the schema's policies are enforced again here.
 * `prepare()` migrates and imports; until it has finished, `ready()` throws and GraphQL requests
 * are refused with SERVICE_UNAVAILABLE, so a replica can listen (and answer liveness probes) while
 * it imports.
 */
export function createSubgraph(options: {
  database: UnitsDatabaseHandle;
  logger: Logger;
  /**
   * Reads the caller from the identity the gateway signs into each request; refuses a request
   * without a valid one (see createForwardedIdentityReader in @home-affairs/identity).
   */
  readIdentity: ForwardedIdentityReader;
  /**
   * Readies the database before the first request (tests pass one that writes a fixture).
   * @default prepareUnitsDatabase
   */
  prepare?: (database: UnitsDatabaseHandle, logger: Logger) => Promise<void>;
  /**
   * A folder shared with the agency subgraphs started beside this one (`pnpm start` on a first
   * start): once prepared, the unit lists they copy are written there (exportDirectory), so that
   * they need not page through the gateway for them.
   * @default none
   */
  exportDirectoryTo?: string;
}) {
  const { database, logger, readIdentity, prepare = prepareUnitsDatabase } = options;
  const server = createSubgraphServer({
    name: 'units',
    modules,
    logger,
    database,
    readIdentity,
    preparing: 'importing',
    prepare: async () => {
      await prepare(database, logger);
      const folder = options.exportDirectoryTo;
      // Not awaited: the subgraph serves while it exports.
      if (folder) void exportDirectory({ apollo: server.apollo, db: database.db, folder, logger });
    },
    createContext: (identity) => createContext(database.db, identity),
  });
  return server;
}

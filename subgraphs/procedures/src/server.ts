import { type DatabaseHandle, subgraphDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import type { DirectoryUnit } from '@home-affairs/unit-directory';
import {
  createFollowingSubgraphServer,
  ensureUnitFeedCursor,
  type UnitFeedOptions,
} from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import { readCatalogue } from './catalogue/queries.ts';
import { createContext, type ReferenceData } from './context.ts';
import * as schema from './db/schema.ts';
import { applyUnitChanges } from './directory/applyUnitChanges.ts';
import { seedDatabase } from './seed/seedDatabase.ts';
import { subgraph } from './typeDefs.ts';

export type { UnitFeedOptions } from '@home-affairs/unit-directory';
export type { ProceduresContext } from './context.ts';
export { fetchDirectoryUnits } from './directory/storeUnitDirectory.ts';
export { subgraphDefinition } from './typeDefs.ts';
/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** The procedures subgraph's open database. */
export type ProceduresDatabaseHandle = DatabaseHandle<typeof schema>;

const storage = subgraphDatabase('procedures', schema, new URL('../drizzle', import.meta.url));
/** The folder of this subgraph's migrations, and how its database is opened (tests, scripts). */
export const { migrationsFolder, open: openProceduresDatabase } = storage;

/** How the database is readied on first start. */
export interface PrepareOptions {
  /**
   * Reads the administrative units (every version a dossier may name: the last three-tier list
   * and the two-tier lists) from the units subgraph; called only while none is stored.
   */
  loadDirectory: () => Promise<DirectoryUnit[]>;
  /**
   * Dossiers generated on first start.
   * @default 300000 (the demo profile)
   */
  demoDossiers?: number;
  /**
   * Follow the units subgraph's feed of unit changes once prepared, keeping the directory and the
   * dossier counters true without a restart; without it the directory is the copy of the first
   * start.
   */
  unitFeed?: UnitFeedOptions;
}

/** Reads what the subgraph keeps in memory: the catalogue and today's provinces. */
async function readReferenceData(database: ProceduresDatabaseHandle): Promise<ReferenceData> {
  const catalogue = await readCatalogue(database.db);
  const provinces = await database.db
    .select({ code: schema.unitDirectory.code })
    .from(schema.unitDirectory)
    .where(
      sql`${schema.unitDirectory.level} = 'PROVINCE' AND ${schema.unitDirectory.validTo} IS NULL`,
    );
  return { catalogue, provinceCodes: provinces.map((row) => row.code).sort() };
}

/** Applies the migrations, then fills the directory, catalogue and demo dossiers if empty. */
export async function prepareProceduresDatabase(
  database: ProceduresDatabaseHandle,
  logger: Logger,
  options: PrepareOptions,
): Promise<ReferenceData> {
  await database.migrate(migrationsFolder);
  // Before the directory is copied, so that the copy is at least as recent as the cursor.
  if (options.unitFeed)
    await ensureUnitFeedCursor(database.db, schema.unitFeedCursor, options.unitFeed, logger);
  await database.exclusively('seed', (db) => seedDatabase(db, logger, options));
  return readReferenceData(database);
}

/**
 * Builds the procedures subgraph over an open database; never listens. Every request must carry
 * the identity the gateway signs (`readIdentity`), and the schema's policies are enforced again
 * here. Until `prepare()` has finished, `ready()` throws and GraphQL requests are refused with
 * SERVICE_UNAVAILABLE.
 */
export function createSubgraph(options: {
  database: ProceduresDatabaseHandle;
  logger: Logger;
  /** Reads the caller from the identity the gateway signs into each request. */
  readIdentity: ForwardedIdentityReader;
  /** How to ready the database (directory source, demo size). */
  prepareOptions: PrepareOptions;
}) {
  const { database, logger, prepareOptions } = options;
  return createFollowingSubgraphServer({
    ...options,
    ...subgraph,
    table: schema.unitFeedCursor,
    apply: applyUnitChanges,
    unitFeed: prepareOptions.unitFeed,
    // prepareProceduresDatabase ensures the feed cursor itself: scripts call it without a server.
    prepare: () => prepareProceduresDatabase(database, logger, prepareOptions),
    createContext: (identity, reference) => createContext(database.db, identity, reference),
  });
}

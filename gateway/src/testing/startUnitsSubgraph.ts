import { anonymousIdentity } from '@home-affairs/identity';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import {
  createSubgraph,
  migrationsFolder,
  schema,
  type UnitsDatabaseHandle,
} from '@home-affairs/units';

/** The real units subgraph, listening, over its own throwaway database. */
export interface UnitsSubgraph extends HttpService {
  database: TestDatabase<typeof schema>;
  /** Closes the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Starts the real units subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), migrated and imported as on a first start.
 */
export async function startUnitsSubgraph(): Promise<UnitsSubgraph> {
  const logger = createLogger('units', 'silent');
  const database = await createTestDatabase({ name: 'units', schema, migrationsFolder });
  try {
    const subgraph = createSubgraph({
      database: database as UnitsDatabaseHandle,
      logger,
      // These tests exercise the graph, not its security (gateway/src/security covers that):
      // every request is read as an anonymous caller, which the public unit fields allow.
      readIdentity: async () => anonymousIdentity,
    });
    await subgraph.prepare();
    const service = await startHttpService({ ...subgraph, logger, drainMilliseconds: 100 });
    return Object.assign(service, {
      database,
      dispose: async () => {
        await service.close();
        await database.dispose();
      },
    });
  } catch (error) {
    await database.dispose();
    throw error;
  }
}

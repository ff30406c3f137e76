import {
  type AssociationsDatabaseHandle,
  createSubgraph,
  migrationsFolder,
  type RegistryLayout,
  schema,
  type UnitDirectoryLoader,
} from '@home-affairs/associations';
import { anonymousIdentity } from '@home-affairs/identity';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';

/** The real associations subgraph, listening, over its own throwaway database. */
export interface AssociationsSubgraph extends HttpService {
  database: TestDatabase<typeof schema>;
  /** How long generating the demo registry took, in milliseconds. */
  prepareMilliseconds: number;
  /** Closes the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Starts the real associations subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), with its unit directory from `loadDirectories`
 * (the real units subgraph in cross-subgraph tests) and the demo registry generated.
 */
export async function startAssociationsSubgraph(options: {
  loadDirectories: UnitDirectoryLoader;
  layout?: RegistryLayout;
}): Promise<AssociationsSubgraph> {
  const logger = createLogger('associations', 'silent');
  const database = await createTestDatabase({ name: 'associations', schema, migrationsFolder });
  try {
    const subgraph = createSubgraph({
      database: database as AssociationsDatabaseHandle,
      logger,
      // These tests exercise the graph, not its security: every caller is read as anonymous.
      readIdentity: async () => anonymousIdentity,
      ...options,
    });
    const started = performance.now();
    await subgraph.prepare();
    const prepareMilliseconds = performance.now() - started;
    const service = await startHttpService({ ...subgraph, logger, drainMilliseconds: 100 });
    return Object.assign(service, {
      database,
      prepareMilliseconds,
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

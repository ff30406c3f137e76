import { anonymousIdentity } from '@home-affairs/identity';
import {
  createSubgraph,
  migrationsFolder,
  type ProceduresDatabaseHandle,
  schema,
} from '@home-affairs/procedures';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { type DirectoryUnit, fetchUnitDirectory } from '@home-affairs/unit-directory';

/** The real procedures subgraph, listening, over its own throwaway database. */
export interface ProceduresSubgraph extends HttpService {
  database: TestDatabase<typeof schema>;
  /** Closes the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Reads the real unit directory from a units subgraph (or gateway) at `graphUrl`: the last
 * three-tier list, the first two-tier list and today's, as the procedures subgraph does.
 */
export async function readUnitDirectory(graphUrl: string): Promise<DirectoryUnit[]> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format();
  const days = ['2025-06-30', '2025-07-01', today];
  return (await Promise.all(days.map((day) => fetchUnitDirectory(day, { graphUrl })))).flat();
}

/**
 * Starts the real procedures subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), with the unit directory given and `demoDossiers`
 * generated dossiers. Every request is read as an anonymous caller.
 */
export async function startProceduresSubgraph(options: {
  directory: DirectoryUnit[];
  demoDossiers: number;
}): Promise<ProceduresSubgraph> {
  const logger = createLogger('procedures', 'silent');
  const database = await createTestDatabase({ name: 'procedures', schema, migrationsFolder });
  try {
    const subgraph = createSubgraph({
      database: database as ProceduresDatabaseHandle,
      logger,
      readIdentity: async () => anonymousIdentity,
      prepareOptions: {
        loadUnitDirectory: async () => options.directory,
        demoDossiers: options.demoDossiers,
      },
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

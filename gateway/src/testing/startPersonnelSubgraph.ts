import {
  anonymousIdentity,
  createForwardedIdentityReader,
  type ForwardedIdentityReader,
} from '@home-affairs/identity';
import {
  createSubgraph,
  migrationsFolder,
  type PersonnelDatabaseHandle,
  schema,
  type UnitDirectorySnapshot,
} from '@home-affairs/personnel';
import {
  createLogger,
  type HttpService,
  type Logger,
  startHttpService,
} from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import type { JWK } from 'jose';

/** The real personnel subgraph, listening, over its own throwaway database. */
export interface PersonnelSubgraph extends HttpService {
  database: TestDatabase<typeof schema>;
  /** How long the first-start preparation (migrations, directory copy, demo data) took. */
  prepareMilliseconds: number;
  /** Closes the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Starts the real personnel subgraph on a free port over a fresh database, prepared as on a first
 * start from `directory` (read from the real units subgraph by the caller). With
 * `identityPublicKey` it checks the gateway's signed identity as in production; without, every
 * caller is read as anonymous.
 */
export async function startPersonnelSubgraph(options: {
  directory: UnitDirectorySnapshot;
  identityPublicKey?: JWK;
  /** @default a silent logger */
  logger?: Logger;
}): Promise<PersonnelSubgraph> {
  const logger = options.logger ?? createLogger('personnel', 'silent');
  const database = await createTestDatabase({ name: 'personnel', schema, migrationsFolder });
  const readIdentity: ForwardedIdentityReader = options.identityPublicKey
    ? createForwardedIdentityReader({ subgraph: 'personnel', publicKey: options.identityPublicKey })
    : async () => anonymousIdentity;
  try {
    const subgraph = createSubgraph({
      database: database as PersonnelDatabaseHandle,
      logger,
      readIdentity,
      loadDirectory: async () => options.directory,
    });
    const started = performance.now();
    await subgraph.prepare();
    const prepareMilliseconds = Math.round(performance.now() - started);
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

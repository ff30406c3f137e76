import {
  createSubgraph,
  migrationsFolder,
  type ProceduresDatabaseHandle,
  schema,
} from '@home-affairs/procedures';
import type { DirectoryUnit } from '@home-affairs/unit-directory';
import {
  type AgencySubgraphOptions,
  digestOf,
  startTestSubgraph,
  type TestSubgraph,
} from './startTestSubgraph.ts';

/** The real procedures subgraph, listening, over its own throwaway database. */
export type ProceduresSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real procedures subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), with the unit directory given and `demoDossiers`
 * generated dossiers. With `identityPublicKey` it checks the gateway's signed identity as in
 * production; without, every request is read as an anonymous caller.
 */
export function startProceduresSubgraph(
  options: AgencySubgraphOptions & { directory: DirectoryUnit[]; demoDossiers: number },
): Promise<ProceduresSubgraph> {
  return startTestSubgraph({
    name: 'procedures',
    logger: options.logger,
    schema,
    migrationsFolder,
    identityPublicKey: options.identityPublicKey,
    preparedKey: async () =>
      digestOf({ directory: options.directory, demoDossiers: options.demoDossiers }),
    createSubgraph: ({ database, template, ...parts }) =>
      createSubgraph({
        ...parts,
        database: database as ProceduresDatabaseHandle,
        prepareOptions: {
          loadDirectory: async () => options.directory,
          demoDossiers: options.demoDossiers,
          unitFeed: template ? undefined : options.unitFeed,
        },
      }),
  });
}

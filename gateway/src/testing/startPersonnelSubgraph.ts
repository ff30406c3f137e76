import {
  createSubgraph,
  migrationsFolder,
  type PersonnelDatabaseHandle,
  schema,
  type UnitDirectorySnapshot,
} from '@home-affairs/personnel';
import {
  type AgencySubgraphOptions,
  digestOf,
  startTestSubgraph,
  type TestSubgraph,
} from './startTestSubgraph.ts';

/** The real personnel subgraph, listening, over its own throwaway database. */
export type PersonnelSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real personnel subgraph on a free port over a fresh database, prepared as on a first
 * start from `directory` (read from the real units subgraph by the caller). With
 * `identityPublicKey` it checks the gateway's signed identity as in production; without, every
 * caller is read as anonymous.
 */
export function startPersonnelSubgraph(
  options: AgencySubgraphOptions & { directory: UnitDirectorySnapshot },
): Promise<PersonnelSubgraph> {
  return startTestSubgraph({
    name: 'personnel',
    schema,
    migrationsFolder,
    logger: options.logger,
    identityPublicKey: options.identityPublicKey,
    preparedKey: async () => digestOf({ directory: options.directory }),
    createSubgraph: ({ database, template, ...parts }) =>
      createSubgraph({
        ...parts,
        database: database as PersonnelDatabaseHandle,
        loadDirectory: async () => options.directory,
        unitFeed: template ? undefined : options.unitFeed,
      }),
  });
}

import {
  type AssociationsDatabaseHandle,
  createSubgraph,
  migrationsFolder,
  type RegistryLayout,
  schema,
  type UnitDirectoryLoader,
} from '@home-affairs/associations';
import {
  type AgencySubgraphOptions,
  digestOf,
  startTestSubgraph,
  type TestSubgraph,
} from './startTestSubgraph.ts';

/** The real associations subgraph, listening, over its own throwaway database. */
export type AssociationsSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real associations subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), with its unit directory from `loadDirectory`
 * (the real units subgraph in cross-subgraph tests) and the demo registry generated. Every
 * caller is read as anonymous.
 */
export function startAssociationsSubgraph(
  options: Omit<AgencySubgraphOptions, 'identityPublicKey'> & {
    loadDirectory: UnitDirectoryLoader;
    layout?: RegistryLayout;
  },
): Promise<AssociationsSubgraph> {
  const { logger, unitFeed, ...subgraphOptions } = options;
  // Read once: the template's key names the directories, and its preparation copies them.
  let directories: ReturnType<UnitDirectoryLoader> | undefined;
  const loadDirectories = () => {
    directories ??= options.loadDirectory();
    return directories;
  };
  return startTestSubgraph({
    name: 'associations',
    logger,
    schema,
    migrationsFolder,
    preparedKey: async () =>
      digestOf({ directories: await loadDirectories(), layout: options.layout }),
    createSubgraph: ({ database, template, ...parts }) =>
      createSubgraph({
        ...parts,
        database: database as AssociationsDatabaseHandle,
        ...subgraphOptions,
        loadDirectory: loadDirectories,
        unitFeed: template ? undefined : unitFeed,
      }),
  });
}

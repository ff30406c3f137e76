import { runFollowingSubgraph } from '@home-affairs/unit-directory';
import { createSubgraph, fetchDirectoryUnits, openProceduresDatabase } from './server.ts';
import { subgraph } from './typeDefs.ts';

await runFollowingSubgraph({
  ...subgraph,
  openDatabase: openProceduresDatabase,
  createSubgraph: ({ unitFeed, ...parts }) =>
    createSubgraph({
      ...parts,
      prepareOptions: {
        loadDirectory: () =>
          fetchDirectoryUnits({
            graphUrl: unitFeed.graphUrl,
            onWait: (reason) => parts.logger.info({ reason }, 'waiting for the unit directory'),
          }),
        demoDossiers: process.env.PROCEDURES_DEMO_DOSSIERS
          ? Number(process.env.PROCEDURES_DEMO_DOSSIERS)
          : undefined,
        // Later reorganisations reach the copy through the units subgraph's feed.
        unitFeed,
      },
    }),
});

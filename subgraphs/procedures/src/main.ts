import { runSubgraph } from '@home-affairs/service';
import { unitFeedFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, fetchDirectoryUnits, openProceduresDatabase } from './server.ts';

await runSubgraph({
  name: 'procedures',
  defaultPort: 4004,
  openDatabase: openProceduresDatabase,
  createSubgraph: (parts) => {
    const unitFeed = unitFeedFromEnv(process.env);
    const { graphUrl } = unitFeed;
    return createSubgraph({
      ...parts,
      prepareOptions: {
        loadDirectory: () =>
          fetchDirectoryUnits({
            graphUrl,
            onWait: (reason) => parts.logger.info({ reason }, 'waiting for the unit directory'),
          }),
        demoDossiers: process.env.PROCEDURES_DEMO_DOSSIERS
          ? Number(process.env.PROCEDURES_DEMO_DOSSIERS)
          : undefined,
        // Later reorganisations reach the copy through the units subgraph's feed.
        unitFeed,
      },
    });
  },
});

import { runSubgraph } from '@home-affairs/service';
import {
  cacheInvalidationFromEnv,
  graphUrlFromEnv,
  unitFeedIntervalFromEnv,
} from '@home-affairs/unit-directory';
import { createSubgraph, fetchDirectoryUnits, openProceduresDatabase } from './server.ts';

await runSubgraph({
  name: 'procedures',
  defaultPort: 4004,
  openDatabase: openProceduresDatabase,
  createSubgraph: (parts) => {
    const graphUrl = graphUrlFromEnv(process.env);
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
        unitFeed: {
          graphUrl,
          intervalMilliseconds: unitFeedIntervalFromEnv(process.env),
          // Tells the gateways which cached answers the feed's re-attributions changed.
          cacheInvalidation: cacheInvalidationFromEnv(process.env),
        },
      },
    });
  },
});

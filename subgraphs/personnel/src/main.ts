import { runSubgraph } from '@home-affairs/service';
import {
  cacheInvalidationFromEnv,
  graphUrlFromEnv,
  unitFeedIntervalFromEnv,
} from '@home-affairs/unit-directory';
import { createSubgraph, openPersonnelDatabase, unitDirectoryFromGraph } from './server.ts';

await runSubgraph({
  name: 'personnel',
  defaultPort: 4003,
  openDatabase: openPersonnelDatabase,
  createSubgraph: (parts) => {
    const graphUrl = graphUrlFromEnv(process.env);
    return createSubgraph({
      ...parts,
      loadDirectory: unitDirectoryFromGraph(graphUrl),
      // Later reorganisations reach the copy through the units subgraph's feed.
      unitFeed: {
        graphUrl,
        intervalMilliseconds: unitFeedIntervalFromEnv(process.env),
        // Tells the gateways which cached answers the feed's re-attributions changed.
        cacheInvalidation: cacheInvalidationFromEnv(process.env),
      },
    });
  },
});

import { runSubgraph } from '@home-affairs/service';
import { unitFeedFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, openPersonnelDatabase, unitDirectoryFromGraph } from './server.ts';

await runSubgraph({
  name: 'personnel',
  defaultPort: 4003,
  openDatabase: openPersonnelDatabase,
  createSubgraph: (parts) => {
    const unitFeed = unitFeedFromEnv(process.env);
    const { graphUrl } = unitFeed;
    return createSubgraph({
      ...parts,
      loadDirectory: unitDirectoryFromGraph(graphUrl),
      // Later reorganisations reach the copy through the units subgraph's feed.
      unitFeed,
    });
  },
});

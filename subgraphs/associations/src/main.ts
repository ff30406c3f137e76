import { runFollowingSubgraph, throttledWaitLog } from '@home-affairs/unit-directory';
import { fetchUnitDirectories } from './directory/fetchUnitDirectories.ts';
import { createSubgraph, openAssociationsDatabase } from './server.ts';
import { subgraph } from './typeDefs.ts';

await runFollowingSubgraph({
  ...subgraph,
  openDatabase: openAssociationsDatabase,
  // Later reorganisations reach the copy through the units subgraph's feed (`parts.unitFeed`).
  createSubgraph: (parts) => {
    const { graphUrl } = parts.unitFeed;
    const logWait = throttledWaitLog(parts.logger, graphUrl);
    return createSubgraph({
      ...parts,
      // The units this registry seats organisations in come from the units subgraph, through the graph.
      loadDirectory: fetchUnitDirectories(graphUrl, logWait),
    });
  },
});

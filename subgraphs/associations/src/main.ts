import { runSubgraph } from '@home-affairs/service';
import { throttledWaitLog, unitFeedFromEnv } from '@home-affairs/unit-directory';
import { fetchUnitDirectories } from './directory/fetchUnitDirectories.ts';
import { createSubgraph, openAssociationsDatabase } from './server.ts';

await runSubgraph({
  name: 'associations',
  defaultPort: 4002,
  openDatabase: openAssociationsDatabase,
  createSubgraph: ({ logger, ...parts }) => {
    const unitFeed = unitFeedFromEnv(process.env);
    const { graphUrl } = unitFeed;
    const logWait = throttledWaitLog(logger, graphUrl);
    return createSubgraph({
      ...parts,
      logger,
      // The units this registry seats organisations in come from the units subgraph, through the graph.
      loadDirectory: fetchUnitDirectories(graphUrl, logWait),
      // Later reorganisations reach the copy through the units subgraph's feed.
      unitFeed,
    });
  },
});

import { runSubgraph } from '@home-affairs/service';
import { unitFeedFromEnv } from '@home-affairs/unit-directory';
import { fetchUnitDirectories } from './directory/fetchUnitDirectories.ts';
import { createSubgraph, openAssociationsDatabase } from './server.ts';

await runSubgraph({
  name: 'associations',
  defaultPort: 4002,
  openDatabase: openAssociationsDatabase,
  createSubgraph: ({ logger, ...parts }) => {
    const unitFeed = unitFeedFromEnv(process.env);
    const { graphUrl } = unitFeed;
    // The graph is retried every second while it starts; one line every 15 s says why it waits.
    let lastWaitLog = 0;
    const logWait = (reason: string) => {
      if (Date.now() - lastWaitLog < 15_000) return;
      lastWaitLog = Date.now();
      logger.info({ graphUrl, reason }, 'waiting for the unit directory');
    };
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

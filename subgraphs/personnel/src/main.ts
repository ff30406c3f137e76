import { runFollowingSubgraph } from '@home-affairs/unit-directory';
import { createSubgraph, openPersonnelDatabase, unitDirectoryFromGraph } from './server.ts';
import { subgraph } from './typeDefs.ts';

await runFollowingSubgraph({
  ...subgraph,
  openDatabase: openPersonnelDatabase,
  // Later reorganisations reach the copy through the units subgraph's feed (`parts.unitFeed`).
  createSubgraph: (parts) =>
    createSubgraph({ ...parts, loadDirectory: unitDirectoryFromGraph(parts.unitFeed.graphUrl) }),
});

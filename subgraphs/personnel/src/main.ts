import { runSubgraph } from '@home-affairs/service';
import { graphUrlFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, openPersonnelDatabase, unitDirectoryFromGraph } from './server.ts';

await runSubgraph({
  name: 'personnel',
  defaultPort: 4003,
  openDatabase: openPersonnelDatabase,
  createSubgraph: (parts) =>
    createSubgraph({
      ...parts,
      loadDirectory: unitDirectoryFromGraph(graphUrlFromEnv(process.env)),
    }),
});

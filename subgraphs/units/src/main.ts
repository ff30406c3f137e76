import { runSubgraph } from '@home-affairs/service';
import { createSubgraph, openUnitsDatabase } from './server.ts';

await runSubgraph({
  name: 'units',
  defaultPort: 4001,
  openDatabase: openUnitsDatabase,
  createSubgraph: (parts) =>
    createSubgraph({ ...parts, exportDirectoryTo: process.env.UNIT_DIRECTORY_EXPORT_DIR }),
});

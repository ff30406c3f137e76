/**
 * `pnpm bench:personnel`: how long the personnel demo data takes to generate on a first start.
 * Reads the real unit directory through a running graph (`GRAPH_URL`, the gateway of `pnpm start`
 * by default), then copies it and seeds a fresh migrated database: in-memory PGlite, or with
 * TEST_DATABASE_URL a throwaway Postgres database on that server (dropped afterwards). Prints the
 * duration of each step and of the whole.
 */

import { createLogger } from '../shared/service/src/index.ts';
import { createTestDatabase } from '../shared/testing/src/index.ts';
import { graphUrlFromEnv } from '../shared/unit-directory/src/index.ts';
import { ensureDemoData } from '../subgraphs/personnel/src/seed/ensureDemoData.ts';
import {
  migrationsFolder,
  schema,
  unitDirectoryFromGraph,
} from '../subgraphs/personnel/src/server.ts';

const logger = createLogger('bench-personnel', 'debug');
const directory = await unitDirectoryFromGraph(graphUrlFromEnv(process.env))(logger);
const database = await createTestDatabase({ name: 'personnel', schema, migrationsFolder });
try {
  const started = performance.now();
  await ensureDemoData(database, logger, async () => directory);
  console.log(
    `${database.driver}: directory copy + demo data ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await database.dispose();
}

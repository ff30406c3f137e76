import { databaseConfigFromEnv, dataRootFromEnv } from '@home-affairs/db';
import {
  createForwardedIdentityReader,
  forwardedIdentityOptionsFromEnv,
} from '@home-affairs/identity';
import { createLogger, startHttpService, stopOnSignals } from '@home-affairs/service';
import { graphUrlFromEnv } from '@home-affairs/unit-directory';
import { fetchUnitDirectories } from './directory/fetchUnitDirectories.ts';
import { createSubgraph, openAssociationsDatabase } from './server.ts';

const logger = createLogger('associations');
const dataRoot = dataRootFromEnv(process.env);
const database = await openAssociationsDatabase(
  databaseConfigFromEnv('associations', process.env, dataRoot),
);
// Requests must come through the gateway, signed (ALLOW_UNSIGNED_SUBGRAPH_REQUESTS=true lets a
// developer call this process directly; it is refused in production).
const readIdentity = createForwardedIdentityReader(
  await forwardedIdentityOptionsFromEnv('associations', process.env, dataRoot),
);
const graphUrl = graphUrlFromEnv(process.env);
// The graph is retried every second while it starts; one line every 15 s says why it waits.
let lastWaitLog = 0;
const logWait = (reason: string) => {
  if (Date.now() - lastWaitLog < 15_000) return;
  lastWaitLog = Date.now();
  logger.info({ graphUrl, reason }, 'waiting for the unit directory');
};
const subgraph = createSubgraph({
  database,
  logger,
  readIdentity,
  // The units this registry seats organisations in come from the units subgraph, through the graph.
  loadDirectories: fetchUnitDirectories(graphUrl, logWait),
});
const service = await startHttpService({
  ...subgraph,
  logger,
  port: Number(process.env.PORT ?? 4002),
  host: process.env.HOST ?? '127.0.0.1',
});
logger.info({ url: service.url, driver: database.driver }, 'listening');
stopOnSignals(async () => {
  await service.close();
  await database.close();
}, logger);

try {
  await subgraph.prepare();
  logger.info('ready');
} catch (error) {
  logger.fatal({ err: error }, 'could not prepare the database');
  await service.close();
  await database.close();
  process.exit(1);
}

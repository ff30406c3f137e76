import { databaseConfigFromEnv, dataRootFromEnv } from '@home-affairs/db';
import {
  createForwardedIdentityReader,
  forwardedIdentityOptionsFromEnv,
} from '@home-affairs/identity';
import { createLogger, startHttpService, stopOnSignals } from '@home-affairs/service';
import { graphUrlFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, openPersonnelDatabase, unitDirectoryFromGraph } from './server.ts';

const logger = createLogger('personnel');
const dataRoot = dataRootFromEnv(process.env);
const database = await openPersonnelDatabase(
  databaseConfigFromEnv('personnel', process.env, dataRoot),
);
// Requests must come through the gateway, signed (ALLOW_UNSIGNED_SUBGRAPH_REQUESTS=true lets a
// developer call this process directly; it is refused in production).
const readIdentity = createForwardedIdentityReader(
  await forwardedIdentityOptionsFromEnv('personnel', process.env, dataRoot),
);
const subgraph = createSubgraph({
  database,
  logger,
  readIdentity,
  loadDirectory: unitDirectoryFromGraph(graphUrlFromEnv(process.env)),
});
const service = await startHttpService({
  ...subgraph,
  logger,
  port: Number(process.env.PORT ?? 4003),
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

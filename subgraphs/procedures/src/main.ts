import { databaseConfigFromEnv, dataRootFromEnv } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import {
  createForwardedIdentityReader,
  forwardedIdentityOptionsFromEnv,
} from '@home-affairs/identity';
import { createLogger, startHttpService, stopOnSignals } from '@home-affairs/service';
import { fetchUnitDirectory, graphUrlFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, openProceduresDatabase } from './server.ts';
import { directoryDays } from './unitDirectory/storeUnitDirectory.ts';

const logger = createLogger('procedures');
const dataRoot = dataRootFromEnv(process.env);
const database = await openProceduresDatabase(
  databaseConfigFromEnv('procedures', process.env, dataRoot),
);
// Requests must come through the gateway, signed (ALLOW_UNSIGNED_SUBGRAPH_REQUESTS=true lets a
// developer call this process directly; it is refused in production).
const readIdentity = createForwardedIdentityReader(
  await forwardedIdentityOptionsFromEnv('procedures', process.env, dataRoot),
);
const graphUrl = graphUrlFromEnv(process.env);
const subgraph = createSubgraph({
  database,
  logger,
  readIdentity,
  prepareOptions: {
    // Every unit a dossier may name: the last three-tier list, the first two-tier list, today's.
    loadUnitDirectory: async () => {
      const days = [...directoryDays, todayInVietnam()];
      const lists = await Promise.all(
        days.map((day) =>
          fetchUnitDirectory(day, {
            graphUrl,
            onWait: (reason) => logger.info({ reason }, 'waiting for the unit directory'),
          }),
        ),
      );
      return lists.flat();
    },
    demoDossiers: process.env.PROCEDURES_DEMO_DOSSIERS
      ? Number(process.env.PROCEDURES_DEMO_DOSSIERS)
      : undefined,
  },
});
const service = await startHttpService({
  ...subgraph,
  logger,
  port: Number(process.env.PORT ?? 4004),
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

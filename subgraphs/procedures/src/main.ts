import { todayInVietnam } from '@home-affairs/graphql';
import { runSubgraph } from '@home-affairs/service';
import { fetchUnitDirectories, graphUrlFromEnv } from '@home-affairs/unit-directory';
import { createSubgraph, openProceduresDatabase } from './server.ts';
import { directoryDays } from './unitDirectory/storeUnitDirectory.ts';

await runSubgraph({
  name: 'procedures',
  defaultPort: 4004,
  openDatabase: openProceduresDatabase,
  createSubgraph: (parts) => {
    const graphUrl = graphUrlFromEnv(process.env);
    return createSubgraph({
      ...parts,
      prepareOptions: {
        // Every unit a dossier may name: the last three-tier list, the first two-tier list, today's.
        loadUnitDirectory: async () =>
          (
            await fetchUnitDirectories([...directoryDays, todayInVietnam()], {
              graphUrl,
              onWait: (reason) => parts.logger.info({ reason }, 'waiting for the unit directory'),
            })
          ).flat(),
        demoDossiers: process.env.PROCEDURES_DEMO_DOSSIERS
          ? Number(process.env.PROCEDURES_DEMO_DOSSIERS)
          : undefined,
      },
    });
  },
});

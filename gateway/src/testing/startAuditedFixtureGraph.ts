import type { Logger } from '@home-affairs/service';
import type { SecurityConfig } from '../security/securityConfigFromEnv.ts';
import { startSecuredFixtureGraph } from '../security/testing/startSecuredFixtureGraph.ts';
import { createGatewayTestDatabase } from './createGatewayTestDatabase.ts';
import { orCleanUp } from './orCleanUp.ts';

/**
 * The secured fixture graph (startSecuredFixtureGraph) over a fresh, migrated gateway database of
 * its own, where its audit log and revocations are kept: for the tests that read them. `close()`
 * stops the graph and drops the database.
 */
export async function startAuditedFixtureGraph(options: {
  logger: Logger;
  overrides?: Partial<SecurityConfig>;
}) {
  const database = await createGatewayTestDatabase();
  const graph = await orCleanUp(startSecuredFixtureGraph({ ...options, database }), () =>
    database.dispose(),
  );
  return {
    ...graph,
    database,
    async close() {
      await graph.close();
      await database.dispose();
    },
  };
}

import type { Logger } from '@home-affairs/service';
import type { SecurityConfig } from '../security/securityConfigFromEnv.ts';
import { startSecuredFixtureGraph } from '../security/testing/startSecuredFixtureGraph.ts';
import { createGatewayTestDatabase } from './createGatewayTestDatabase.ts';
import { startOnTop } from './startOnTop.ts';

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
  const graph = await startOnTop(
    startSecuredFixtureGraph({ ...options, database }),
    (started) => started.close(),
    () => database.dispose(),
  );
  return { ...graph.started, database, close: graph.stop };
}

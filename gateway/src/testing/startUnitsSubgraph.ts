import type { Logger } from '@home-affairs/service';
import {
  createSubgraph,
  migrationsFolder,
  schema,
  type UnitsDatabaseHandle,
} from '@home-affairs/units';
import type { JWK } from 'jose';
import { startTestSubgraph, type TestSubgraph } from './startTestSubgraph.ts';

/** The real units subgraph, listening, over its own throwaway database. */
export type UnitsSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real units subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), migrated and imported as on a first start. Every
 * request is read as an anonymous caller, which the public unit fields allow, unless it carries
 * the identity signed by the gateway whose key is `gatewayIdentityKey`.
 */
export function startUnitsSubgraph(
  options: {
    /** @default a silent logger */
    logger?: Logger;
    /**
     * The public key of the gateway's identity signature (a test of writes): a request that
     * carries a signed identity is checked and read as that caller; an unsigned one, such as
     * another subgraph's read of the unit directory, stays anonymous. @default every request anonymous
     */
    gatewayIdentityKey?: JWK;
  } = {},
): Promise<UnitsSubgraph> {
  return startTestSubgraph({
    name: 'units',
    logger: options.logger,
    schema,
    migrationsFolder,
    identityPublicKey: options.gatewayIdentityKey,
    allowUnsigned: true,
    // The import reads the unit lists in the repository only.
    preparedKey: async () => 'the unit lists of the repository',
    createSubgraph: ({ database, ...parts }) =>
      createSubgraph({ ...parts, database: database as UnitsDatabaseHandle }),
  });
}

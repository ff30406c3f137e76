import type { ForwardedIdentityReader } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import {
  createSubgraph,
  migrationsFolder,
  schema,
  type UnitsDatabaseHandle,
} from '@home-affairs/units';
import { startTestSubgraph, type TestSubgraph } from './startTestSubgraph.ts';

/** The real units subgraph, listening, over its own throwaway database. */
export type UnitsSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real units subgraph on a free port over a fresh database (Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), migrated and imported as on a first start. Every
 * request is read as an anonymous caller, which the public unit fields allow, unless
 * `readIdentity` says otherwise.
 */
export function startUnitsSubgraph(
  options: {
    /** @default a silent logger */
    logger?: Logger;
    /** Reads the caller (a test of writes passes the gateway's signature check). @default anonymous */
    readIdentity?: ForwardedIdentityReader;
  } = {},
): Promise<UnitsSubgraph> {
  return startTestSubgraph({
    name: 'units',
    logger: options.logger,
    schema,
    migrationsFolder,
    readIdentity: options.readIdentity,
    // The import reads the unit lists in the repository only.
    preparedKey: async () => 'the unit lists of the repository',
    createSubgraph: ({ database, ...parts }) =>
      createSubgraph({ ...parts, database: database as UnitsDatabaseHandle }),
  });
}

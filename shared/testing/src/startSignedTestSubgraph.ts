import type { ForwardedIdentityReader } from '@home-affairs/identity';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
import { type SignedIdentities, signedIdentities } from './signedIdentities.ts';

/** A subgraph built over a throwaway database, reading identities the test signs. */
export interface SignedTestSubgraph<TSchema extends Record<string, unknown>, TServer> {
  database: TestDatabase<TSchema>;
  subgraph: TServer;
  signed: SignedIdentities;
  /** Stops the subgraph and drops its database. */
  close(): Promise<void>;
}

/**
 * Builds a subgraph for one test file the way it runs behind the gateway: over a fresh, migrated
 * database (createTestDatabase), reading the caller from a signed identity (signedIdentities),
 * prepared as on a first start. `seed` writes the test's own records before `prepare()`: a
 * subgraph that finds data there skips its demo data.
 */
export async function startSignedTestSubgraph<
  TSchema extends Record<string, unknown>,
  TServer extends { prepare(): Promise<void>; apollo: { stop(): Promise<void> } },
>(options: {
  /** The subgraph's name, the audience of the identities signed for it. */
  name: string;
  database: Parameters<typeof createTestDatabase<TSchema>>[0];
  seed?: (database: TestDatabase<TSchema>) => Promise<void>;
  create: (database: TestDatabase<TSchema>, readIdentity: ForwardedIdentityReader) => TServer;
}): Promise<SignedTestSubgraph<TSchema, TServer>> {
  const signed = signedIdentities(options.name);
  const database = await createTestDatabase(options.database);
  await options.seed?.(database);
  const subgraph = options.create(database, signed.readIdentity);
  await subgraph.prepare();
  return {
    database,
    subgraph,
    signed,
    async close() {
      await subgraph.apollo.stop();
      await database.dispose();
    },
  };
}

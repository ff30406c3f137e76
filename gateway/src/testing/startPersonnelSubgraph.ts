import {
  createSubgraph,
  migrationsFolder,
  type PersonnelDatabaseHandle,
  schema,
  type UnitDirectorySnapshot,
  type UnitFeedOptions,
} from '@home-affairs/personnel';
import type { Logger } from '@home-affairs/service';
import type { JWK } from 'jose';
import { digestOf, startTestSubgraph, type TestSubgraph } from './startTestSubgraph.ts';

/** The real personnel subgraph, listening, over its own throwaway database. */
export type PersonnelSubgraph = TestSubgraph<typeof schema>;

/**
 * Starts the real personnel subgraph on a free port over a fresh database, prepared as on a first
 * start from `directory` (read from the real units subgraph by the caller). With
 * `identityPublicKey` it checks the gateway's signed identity as in production; without, every
 * caller is read as anonymous.
 */
export function startPersonnelSubgraph(options: {
  directory: UnitDirectorySnapshot;
  identityPublicKey?: JWK;
  /** @default a silent logger */
  logger?: Logger;
  /** Follow the units subgraph's feed of unit changes (see createSubgraph). */
  unitFeed?: UnitFeedOptions;
}): Promise<PersonnelSubgraph> {
  return startTestSubgraph({
    name: 'personnel',
    schema,
    migrationsFolder,
    logger: options.logger,
    identityPublicKey: options.identityPublicKey,
    preparedKey: async () => digestOf({ directory: options.directory }),
    createSubgraph: ({ database, template, ...parts }) =>
      createSubgraph({
        ...parts,
        database: database as PersonnelDatabaseHandle,
        loadDirectory: async () => options.directory,
        unitFeed: template ? undefined : options.unitFeed,
      }),
  });
}

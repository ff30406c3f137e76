import { startTestSubgraph } from '@home-affairs/testing';
import { createSubgraph, migrationsFolder, schema } from '../src/server.ts';
import { insertFixture } from './fixtures.ts';

/**
 * The units subgraph for one test file (startTestSubgraph): over the fixture units, or over the
 * real unit lists imported as on a first start when `realLists` is set.
 */
export function startSubgraph(
  name: string,
  options: { realLists?: boolean; poolSize?: number } = {},
) {
  return startTestSubgraph({
    name: 'units',
    database: { name, schema, migrationsFolder, poolSize: options.poolSize },
    create: (parts) =>
      createSubgraph({
        ...parts,
        ...(options.realLists ? {} : { prepare: (handle) => insertFixture(handle.db) }),
      }),
  });
}

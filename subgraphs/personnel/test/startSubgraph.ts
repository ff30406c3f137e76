import { startTestSubgraph, type TestDatabase } from '@home-affairs/testing';
import { agencies } from '../src/db/schema.ts';
import { createSubgraph, migrationsFolder, schema } from '../src/server.ts';
import { fixtureDirectory } from './fixtureDirectory.ts';

/**
 * The personnel subgraph for one test file (startTestSubgraph), with its demo data seeded over
 * the fixture unit directory as on a first start.
 */
export function startSubgraph(name: string) {
  return startTestSubgraph({
    name: 'personnel',
    database: { name, schema, migrationsFolder },
    create: (parts) =>
      createSubgraph({
        ...parts,
        loadDirectory: async () => fixtureDirectory,
      }),
  });
}

/** A test agency of `provinceCode` (central when null), under `parentCode`. */
export function testAgency(
  code: string,
  provinceCode: string | null,
  parentCode: string | null = null,
): typeof agencies.$inferInsert {
  return {
    code,
    name: `Test agency ${code}`,
    kind: 'PUBLIC_SERVICE_UNIT',
    level: provinceCode ? 'PROVINCIAL' : 'CENTRAL',
    parentCode,
    provinceCode,
  };
}

/**
 * The personnel subgraph over the test's own agencies instead of the demo data (with agencies
 * present, prepare() seeds nothing), reading the identities the test signs. `seed` writes more
 * of the test's records (separations, quotas) before the subgraph starts.
 */
export function startWithAgencies(options: {
  name: string;
  agencies: (typeof agencies.$inferInsert)[];
  seed?: (database: TestDatabase<typeof schema>) => Promise<void>;
  poolSize?: number;
}) {
  return startTestSubgraph({
    name: 'personnel',
    database: { name: options.name, schema, migrationsFolder, poolSize: options.poolSize },
    seed: async (database) => {
      await database.db.insert(agencies).values(options.agencies);
      await options.seed?.(database);
    },
    create: (parts) =>
      createSubgraph({
        ...parts,
        loadDirectory: async () => {
          throw new Error('not needed: the test brings its agencies');
        },
      }),
  });
}

import { createLogger } from '@home-affairs/service';
import { startSignedTestSubgraph, type TestDatabase } from '@home-affairs/testing';
import { agencies } from '../src/db/schema.ts';
import {
  createSubgraph,
  migrationsFolder,
  type PersonnelDatabaseHandle,
  schema,
} from '../src/server.ts';

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
  return startSignedTestSubgraph({
    name: 'personnel',
    database: { name: options.name, schema, migrationsFolder, poolSize: options.poolSize },
    seed: async (database) => {
      await database.db.insert(agencies).values(options.agencies);
      await options.seed?.(database);
    },
    create: (database, readIdentity) =>
      createSubgraph({
        database: database as PersonnelDatabaseHandle,
        logger: createLogger('personnel-test', 'silent'),
        readIdentity,
        loadDirectory: async () => {
          throw new Error('not needed: the test brings its agencies');
        },
      }),
  });
}

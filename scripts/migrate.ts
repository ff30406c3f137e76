/**
 * `pnpm db:migrate`: applies the drizzle-kit migrations of the gateway and of each subgraph
 * (<package>/drizzle) to its database, chosen as the process itself chooses it:
 * <NAME>_DATABASE_URL, then DATABASE_URL, else PGlite in DATA_DIR/<name> (default
 * <repo>/.data/<name>). Prints what it applied. Every process also migrates itself on start;
 * this is for deployments that migrate as a step.
 */
import { readFileSync } from 'node:fs';
// The root package has no dependencies of its own; the scripts reach the shared code directly.
import {
  type DatabaseConfig,
  databaseConfigFromEnv,
  dataRootFromEnv,
  migrationsTableOf,
  openDatabase,
  selectRows,
} from '../shared/db/src/index.ts';
import { migratedPackages } from './migratedPackages.ts';

const dataRoot = dataRootFromEnv(process.env);

/** Where the config points, without the password. */
function describe(config: DatabaseConfig) {
  if (!config.url) return `PGlite in ${config.dataDir}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return url.toString();
}

let failed = false;
for (const { name, folder: packageFolder } of migratedPackages()) {
  const folder = `${packageFolder}/drizzle`;
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[];
  };
  const config = databaseConfigFromEnv(name, process.env, dataRoot);
  const handle = await openDatabase(config, {});
  const { schema, table } = migrationsTableOf(name);
  const applied = async () => {
    try {
      const [row] = await selectRows<{ count: number }>(
        handle.db,
        `SELECT count(*)::int AS count FROM "${schema}"."${table}"`,
      );
      return row?.count ?? 0;
    } catch {
      return 0; // No migrations table yet: nothing applied.
    }
  };
  try {
    const before = await applied();
    await handle.migrate(folder);
    const after = await applied();
    const tags = journal.entries.slice(before, after).map((entry) => entry.tag);
    console.log(
      tags.length > 0
        ? `${name}: applied ${tags.join(', ')} to ${describe(config)} (${after} migration(s) in total)`
        : `${name}: up to date on ${describe(config)} (${after} migration(s))`,
    );
  } catch (error) {
    failed = true;
    console.error(`${name}: migration failed on ${describe(config)}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}
process.exit(failed ? 1 : 0);

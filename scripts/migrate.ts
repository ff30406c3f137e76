/**
 * `pnpm db:migrate`: applies each subgraph's drizzle-kit migrations (subgraphs/<name>/drizzle) to
 * its database, chosen as the subgraph itself chooses it: <NAME>_DATABASE_URL, then DATABASE_URL,
 * else PGlite in DATA_DIR/<name> (default <repo>/.data/<name>). Prints what it applied.
 * Subgraphs also migrate themselves on start; this is for deployments that migrate as a step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The root package has no dependencies of its own; the scripts reach the shared code directly.
import {
  type DatabaseConfig,
  databaseConfigFromEnv,
  openDatabase,
} from '../shared/db/src/index.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = process.env.DATA_DIR ?? `${repoRoot}.data`;

/** Where the config points, without the password. */
function describe(config: DatabaseConfig) {
  if (!config.url) return `PGlite in ${config.dataDir}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return url.toString();
}

// Every subgraph with drizzle-kit migrations.
const names = readdirSync(`${repoRoot}subgraphs`)
  .filter((name) => existsSync(`${repoRoot}subgraphs/${name}/drizzle/meta/_journal.json`))
  .sort();

let failed = false;
for (const name of names) {
  const folder = `${repoRoot}subgraphs/${name}/drizzle`;
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[];
  };
  // PGLITE_DATA_DIR names one subgraph's folder; with several subgraphs it would be shared.
  const config = databaseConfigFromEnv(
    name,
    { ...process.env, PGLITE_DATA_DIR: undefined },
    dataRoot,
  );
  const handle = await openDatabase(config, {});
  const applied = async () => {
    try {
      const result = (await handle.db.execute(
        `SELECT count(*)::int AS count FROM drizzle."${name}_migrations"`,
      )) as unknown as { rows: { count: number }[] };
      return result.rows[0]?.count ?? 0;
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

/**
 * `pnpm data:hash`: one line per table of every subgraph's database: its row count and an MD5 of
 * its rows (each row as text, sorted), to prove that a change to the first start (bulk loading,
 * parallel work) stores the same data as before. Compare the output of two data folders, e.g.
 * `DATA_DIR=.data-main pnpm data:hash > a; DATA_DIR=.data pnpm data:hash > b; diff a b`.
 *
 * Wall-clock columns (timestamp types: when an import ran or a history row was written) differ
 * between any two starts and are left out of the hash; the header lists them. The graph must be
 * stopped (a PGlite folder has one user at a time). DATA_DIR as for `pnpm start` (default
 * <repo>/.data); with DATABASE_URL or <NAME>_DATABASE_URL, that database is read instead.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { databaseConfigFromEnv, dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { openDatabase } from '../shared/db/src/openDatabase.ts';
import { selectRows } from '../shared/db/src/selectRows.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);
const subgraphNames = readdirSync(`${repoRoot}subgraphs`)
  .filter((name) => existsSync(`${repoRoot}subgraphs/${name}/src/main.ts`))
  .sort();

async function connect(name: string) {
  const config = databaseConfigFromEnv(name, process.env, dataRoot);
  if (!config.url && (!config.dataDir || !existsSync(config.dataDir))) {
    throw new Error(`No data for ${name} in ${config.dataDir}: start the graph once first.`);
  }
  const handle = await openDatabase(config, {});
  return {
    query: async <T>(text: string) => ({ rows: await selectRows<T>(handle.db, text) }),
    close: () => handle.close(),
  };
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const excluded: string[] = [];
for (const name of subgraphNames) {
  const database = await connect(name);
  try {
    const { rows: columns } = await database.query<{
      schema: string;
      table: string;
      column: string;
      type: string;
    }>(`SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column,
          c.data_type AS type
        FROM information_schema.columns c
        JOIN information_schema.tables t
          ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.table_schema NOT LIKE 'drizzle%'
        ORDER BY c.table_schema, c.table_name, c.ordinal_position`);
    const tables = new Map<string, string[]>();
    for (const column of columns) {
      const key = `${quote(column.schema)}.${quote(column.table)}`;
      const list = tables.get(key) ?? [];
      if (column.type.startsWith('timestamp')) {
        excluded.push(`${name}: ${column.schema}.${column.table}.${column.column}`);
      } else {
        list.push(quote(column.column));
      }
      tables.set(key, list);
    }
    for (const [table, kept] of tables) {
      const row = kept.length > 0 ? `ROW(${kept.join(', ')})::text` : `''`;
      const { rows } = await database.query<{ count: string; hash: string | null }>(
        `SELECT count(*)::text AS count,
           md5(coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE "C"), '')) AS hash
         FROM (SELECT ${row} AS line FROM ${table}) AS rows`,
      );
      console.log(
        `${name} ${table.replaceAll('"', '')} rows=${rows[0]!.count} md5=${rows[0]!.hash}`,
      );
    }
  } finally {
    await database.close();
  }
}
console.log(`left out (wall-clock times): ${excluded.join(', ') || 'none'}`);

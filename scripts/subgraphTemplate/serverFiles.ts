import type { TemplateNames } from './templateNames.ts';

/** The template of `src/typeDefs.ts`. */
function srcTypeDefsTs({ name, NAME, port }: TemplateNames): string {
  return `import { defineSubgraph } from '@home-affairs/graphql';
import { officesModule } from './offices/index.ts';

/** This subgraph's modules, and what the gateway's offline composition needs to know about it. */
export const { modules, subgraphDefinition } = defineSubgraph({
  name: '${name}',
  // Each deployment overrides the URL (${NAME}_SUBGRAPH_URL).
  defaultPort: ${port},
  features: [officesModule],
});
`;
}

/** The template of `src/context.ts`. */
function srcContextTs({ Name }: TemplateNames): string {
  return `import type { Identity } from '@home-affairs/identity';
import { officeByCode, officesByUnit } from './offices/loaders.ts';
import type { ${Name}Database } from './offices/queries.ts';

/** Per-request context: the caller, the database and fresh loaders. */
export interface ${Name}Context {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: ${Name}Database;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: ${Name}Database) {
  return { officeByCode: officeByCode(db), officesByUnit: officesByUnit(db) };
}

/** Builds the context of one request. */
export function createContext(db: ${Name}Database, identity: Identity): ${Name}Context {
  return { identity, db, loaders: createLoaders(db) };
}
`;
}

/** The template of `src/server.ts`. */
function srcServerTs({ name, Name, withDirectory }: TemplateNames): string {
  return `import { type DatabaseHandle, subgraphDatabase } from '@home-affairs/db';
import type { ForwardedIdentityReader } from '@home-affairs/identity';
import { createSubgraphServer, type Logger } from '@home-affairs/service';
import { createContext } from './context.ts';
import * as schema from './db/schema.ts';
${withDirectory ? `import { ensureUnitDirectory, type UnitDirectoryLoader } from './directory/unitDirectory.ts';\nimport { ensureDemoOffices } from './seed/ensureDemoOffices.ts';\n` : ''}import { modules } from './typeDefs.ts';

export type { ${Name}Context } from './context.ts';
${withDirectory ? `export { fetchCurrentUnits, type UnitDirectoryLoader } from './directory/unitDirectory.ts';\n` : ''}export { subgraphDefinition } from './typeDefs.ts';
/** The drizzle schema of this subgraph (for test harnesses and scripts). */
export { schema };

/** The ${name} subgraph's open database. */
export type ${Name}DatabaseHandle = DatabaseHandle<typeof schema>;

const storage = subgraphDatabase('${name}', schema, new URL('../drizzle', import.meta.url));
/** The folder of this subgraph's migrations, and how its database is opened (tests, scripts). */
export const { migrationsFolder, open: open${Name}Database } = storage;

/**
 * Builds the ${name} subgraph over an open database; never listens. Every request must carry the
 * identity the gateway signs (\`readIdentity\`), and the schema's policies are enforced again here.
 * Until \`prepare()\` has finished (migrations${withDirectory ? ', the unit directory and the demo offices' : ''}), \`ready()\`
 * throws and GraphQL requests are refused with SERVICE_UNAVAILABLE.
 */
export function createSubgraph(options: {
  database: ${Name}DatabaseHandle;
  logger: Logger;
  /** Reads the caller from the identity the gateway signs into each request. */
  readIdentity: ForwardedIdentityReader;${
    withDirectory
      ? `
  /** Reads today's units (the units subgraph through the graph, or a test fixture). */
  loadDirectory: UnitDirectoryLoader;`
      : ''
  }
}) {
  const { database, logger, readIdentity } = options;
  return createSubgraphServer({
    name: '${name}',
    modules,
    logger,
    database,
    readIdentity,
    prepare: async () => {
      await database.migrate(migrationsFolder);${
        withDirectory
          ? `
      // One replica fills the directory and the demo data; the others wait and find them.
      await database.exclusively('unit directory and demo offices', async (db) => {
        await ensureUnitDirectory(db, options.loadDirectory, logger);
        await ensureDemoOffices(db, logger);
      });`
          : ''
      }
    },
    createContext: (identity) => createContext(database.db, identity),
  });
}
`;
}

/** The template of `src/main.ts`. */
function srcMainTs({ name, Name, port, withDirectory }: TemplateNames): string {
  return withDirectory
    ? `import { runSubgraph } from '@home-affairs/service';
import { graphUrlFromEnv, throttledWaitLog } from '@home-affairs/unit-directory';
import { createSubgraph, fetchCurrentUnits, open${Name}Database } from './server.ts';

await runSubgraph({
  name: '${name}',
  defaultPort: ${port},
  openDatabase: open${Name}Database,
  createSubgraph: ({ logger, ...parts }) => {
    const graphUrl = graphUrlFromEnv(process.env);
    const onWait = throttledWaitLog(logger, graphUrl);
    return createSubgraph({ ...parts, logger, loadDirectory: fetchCurrentUnits(graphUrl, onWait) });
  },
});
`
    : `import { runSubgraph } from '@home-affairs/service';
import { createSubgraph, open${Name}Database } from './server.ts';

await runSubgraph({
  name: '${name}',
  defaultPort: ${port},
  openDatabase: open${Name}Database,
  createSubgraph,
});
`;
}

/** The modules, context, server and main of the subgraph. */
export function serverFiles(names: TemplateNames): Record<string, string> {
  return {
    'src/typeDefs.ts': srcTypeDefsTs(names),
    'src/context.ts': srcContextTs(names),
    'src/server.ts': srcServerTs(names),
    'src/main.ts': srcMainTs(names),
  };
}

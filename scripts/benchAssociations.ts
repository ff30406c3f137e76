/**
 * `pnpm bench:associations`: how long the demo registry takes to generate and how long the
 * statistics queries take over it. Starts the real units subgraph (PGlite, or Postgres when
 * TEST_DATABASE_URL is set), reads the real unit directory from it, then for each database
 * (in-memory PGlite always, and a throwaway Postgres database when TEST_DATABASE_URL is set)
 * generates the full registry and runs each statistics query BENCH_RUNS times (default 5),
 * printing the generation time and the median and worst query times.
 */

import { startUnitsSubgraph } from '../gateway/src/testing/startUnitsSubgraph.ts';
import { anonymousIdentity } from '../shared/identity/src/index.ts';
import { createLogger } from '../shared/service/src/index.ts';
import { createTestDatabase } from '../shared/testing/src/index.ts';
import {
  type AssociationsDatabaseHandle,
  createSubgraph,
  fetchUnitDirectories,
  migrationsFolder,
  schema,
} from '../subgraphs/associations/src/server.ts';

const runs = Math.min(Math.max(Number(process.env.BENCH_RUNS ?? 5), 1), 50);
// At info level the subgraph logs the duration of the directory copy and of the generation apart.
const logger = createLogger('bench-associations', 'info');

const queries: Record<string, string> = {
  'organizations by kind, 2024-12-31 (totalCount)': `{ organizations(filter: { kind: [ASSOCIATION] }, asOf: "2024-12-31", first: 0) { totalCount } }`,
  'statistics by kind and scope, 2024-12-31': `{ organizationStatistics(asOf: "2024-12-31", groupBy: [KIND, SCOPE]) { total groups { kind scope count } } }`,
  'statistics by province (63), 2025-06-30': `{ organizationStatistics(asOf: "2025-06-30", groupBy: [PROVINCE]) { total groups { province { code } count } } }`,
  'statistics by province (34) and status, today': `{ organizationStatistics(groupBy: [PROVINCE, STATUS], filter: { status: [ACTIVE, SUSPENDED, DISSOLVED, MERGED] }) { total groups { status count } } }`,
  'statistics by year, 1990-2026': `{ organizationStatisticsByYear(fromYear: 1990, toYear: 2026) { year registered dissolved merged existingAtYearEnd } }`,
  'province 40 page of 500 with status': `{ organizations(filter: { provinceCode: "40" }, first: 500) { totalCount nodes { registrationNumber status } } }`,
};

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const unitsStarted = performance.now();
const units = await startUnitsSubgraph();
const directories = await fetchUnitDirectories(units.url)();
console.log(
  `unit directory: ${directories.old.length} old units, ${directories.current.length} current units (units subgraph + fetch ${Math.round(performance.now() - unitsStarted)} ms)`,
);

const drivers: { name: string; url?: string }[] = [{ name: 'pglite' }];
if (process.env.TEST_DATABASE_URL)
  drivers.push({ name: 'postgres', url: process.env.TEST_DATABASE_URL });

try {
  for (const driver of drivers) {
    const saved = process.env.TEST_DATABASE_URL;
    if (!driver.url) delete process.env.TEST_DATABASE_URL;
    const database = await createTestDatabase({ name: 'associations', schema, migrationsFolder });
    if (saved) process.env.TEST_DATABASE_URL = saved;
    try {
      const subgraph = createSubgraph({
        database: database as AssociationsDatabaseHandle,
        logger,
        readIdentity: async () => anonymousIdentity,
        loadDirectory: async () => directories,
      });
      const started = performance.now();
      await subgraph.prepare();
      console.log(
        `\n${driver.name}: unit directory copy + demo registry generated in ${Math.round(performance.now() - started)} ms`,
      );
      const contextValue = await subgraph.context({ req: { headers: {} } });
      for (const [label, query] of Object.entries(queries)) {
        const times: number[] = [];
        for (let run = 0; run < runs; run += 1) {
          const begun = performance.now();
          const response = await subgraph.apollo.executeOperation({ query }, { contextValue });
          times.push(performance.now() - begun);
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            throw new Error(`${label}: ${JSON.stringify(response.body.singleResult.errors)}`);
          }
        }
        console.log(
          `  ${label}: median ${median(times).toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms (${runs} runs)`,
        );
      }
      await subgraph.apollo.stop();
    } finally {
      await database.dispose();
    }
  }
} finally {
  await units.dispose();
}

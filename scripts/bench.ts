/**
 * `pnpm bench`: latency of representative unit queries, straight to the units subgraph and
 * through the gateway, on the database configured like `pnpm start` (Postgres when
 * UNITS_DATABASE_URL or DATABASE_URL is set, in-memory PGlite otherwise). Prints p50/p99 per query.
 *
 * BENCH_ITERATIONS (default 50) timed runs per query after BENCH_WARMUP (default 5) untimed ones.
 * Every request goes to 127.0.0.1 only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGateway } from '../gateway/src/createGateway.ts';
import { prepareSupergraph } from '../gateway/src/security/prepareSupergraph.ts';
import { anonymousIdentity } from '../shared/identity/src/index.ts';
import { createLogger, startHttpService } from '../shared/service/src/index.ts';
import { createSubgraph, openUnitsDatabase } from '../subgraphs/units/src/server.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 50);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);

const queries: Record<string, string> = {
  'old code -> lineage': `{ unit(code: "00001") { fullName inForce parent { fullName }
    successors { share unit { code fullName } } currentUnits { code fullName province { name } } } }`,
  'search "nghe an"':
    '{ units(search: "nghe an", level: PROVINCE) { totalCount nodes { code fullName } } }',
  '63 provinces + district counts': `{ units(level: PROVINCE, asOf: "2025-06-30") {
    nodes { code name children { totalCount } } } }`,
  '3,321 communes + provinces': `{ units(level: COMMUNE, first: 5000) {
    totalCount nodes { code name type province { name } } } }`,
};

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function post(url: string, query: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return JSON.stringify(body).length;
}

async function measure(url: string, query: string) {
  let bytes = 0;
  for (let run = 0; run < warmup; run += 1) bytes = await post(url, query);
  const durations: number[] = [];
  for (let run = 0; run < iterations; run += 1) {
    const started = performance.now();
    await post(url, query);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 0.5), p99: percentile(durations, 0.99), bytes };
}

const logger = createLogger('bench', 'warn');
const url = process.env.UNITS_DATABASE_URL ?? process.env.DATABASE_URL;
const database = await openUnitsDatabase({ url });
// Measures the graph itself; `pnpm bench:security` measures what security adds.
const subgraph = createSubgraph({ database, logger, readIdentity: async () => anonymousIdentity });
const started = performance.now();
await subgraph.prepare();
console.log(
  `units database: ${database.driver}, prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
const units = await startHttpService({ ...subgraph, logger });
const gateway = createGateway({
  // The checked-in supergraph links the authorization directives for SECURITY, which Apollo
  // Gateway refuses; the gateway's own preparation drops that purpose (ADR 0002).
  supergraphSdl: prepareSupergraph(
    readFileSync(fileURLToPath(new URL('../gateway/supergraph.graphql', import.meta.url)), 'utf8'),
  ).gatewaySdl,
  logger,
  subgraphUrls: { units: units.url },
  graphiql: false,
});
const gatewayService = await startHttpService({ ...gateway, logger });

console.log(`${iterations} timed runs per query after ${warmup} warm-up runs; milliseconds\n`);
console.log(
  ['query'.padEnd(32), 'subgraph p50', 'p99', 'gateway p50', 'p99', 'response'].join('  '),
);
try {
  for (const [name, query] of Object.entries(queries)) {
    const direct = await measure(units.url, query);
    const viaGateway = await measure(gatewayService.url, query);
    console.log(
      [
        name.padEnd(32),
        direct.p50.toFixed(1).padStart(12),
        direct.p99.toFixed(1).padStart(5),
        viaGateway.p50.toFixed(1).padStart(11),
        viaGateway.p99.toFixed(1).padStart(5),
        `${(viaGateway.bytes / 1024).toFixed(0)} KiB`.padStart(8),
      ].join('  '),
    );
  }
} finally {
  await gatewayService.close();
  await units.close();
  await database.close();
}

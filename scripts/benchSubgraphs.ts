/**
 * `pnpm bench:subgraphs`: how long each subgraph takes to answer the gateway's requests for real
 * queries, the number a subgraph timeout is chosen from (docs/gateway.md). Against a graph already
 * running (`pnpm start`, on PGlite or with DATABASE_URL), it builds a gateway in this process the
 * way gateway/src/main.ts does (security layer included, signing with the development keys of
 * DATA_DIR), pointed at the running subgraphs, and times every subgraph request of a workload of
 * real queries: first one query at a time, then BENCH_CONCURRENCY queries at once. Prints
 * p50/p99/max per subgraph and phase with the load average.
 *
 * Subgraph URLs: `<NAME>_SUBGRAPH_URL`, else `<NAME>_PORT` on 127.0.0.1, else the supergraph's.
 * BENCH_ROUNDS (default 10) rounds of the workload per phase, BENCH_CONCURRENCY (default 4).
 * The query limits are raised for this gateway only: it measures the subgraphs, not the limits.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createGateway } from '../gateway/src/createGateway.ts';
import type { SubgraphRequestOutcome } from '../gateway/src/resilience/SubgraphDataSource.ts';
import { createSecurity, securityConfigFromEnv } from '../gateway/src/security/index.ts';
import { dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { createLogger, startHttpService } from '../shared/service/src/index.ts';
import { benchSubgraphUrls } from './benchLoad/benchSubgraphUrls.ts';

const rounds = Math.min(Number(process.env.BENCH_ROUNDS ?? 10), 200);
const concurrency = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 4), 32);
const logger = createLogger('bench-subgraphs', 'warn');
const supergraphPath = fileURLToPath(new URL('../gateway/supergraph.graphql', import.meta.url));
const ngheAn = readFileSync(new URL('queries/ngheAn.graphql', import.meta.url), 'utf8');
const year = { from: '2025-07-01', to: '2026-06-30' };

/** The workload: the product's own queries, each touching the subgraphs named. */
const workload: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'Nghệ An, 130 communes (all four)', query: ngheAn, variables: year },
  {
    name: '34 provinces with every statistic (all four)',
    query: `query ($from: Date!, $to: Date!) { units(level: PROVINCE) { nodes { code name
      organizationCounts { total } staffingSummary { quota headcount }
      procedureStatistics(from: $from, to: $to) { received onTimeRate } } } }`,
    variables: year,
  },
  {
    name: '3,321 communes with their province (units)',
    query:
      '{ units(level: COMMUNE, first: 5000) { totalCount nodes { code name province { name } } } }',
  },
  {
    name: '500 organisations with their seat (associations, units)',
    query: '{ organizations(first: 500) { nodes { registrationNumber name seat { code name } } } }',
  },
  {
    name: '500 agencies with quotas and procedures (personnel, procedures)',
    query: `{ agencies(first: 500) { nodes { code name quotas { period category amount }
      procedures(first: 5) { totalCount } } } }`,
  },
  {
    // What each agency subgraph reads on its first start (shared/unit-directory), a page at a time.
    name: 'unit directory page of 1,000 units (units)',
    query: `{ units(asOf: "2025-06-30", first: 1000) { nodes { code level type name fullName
      validFrom validTo parent { code } province { code } currentUnits { code } } } }`,
  },
  {
    name: 'national dossier statistics (procedures)',
    query: `query ($from: Date!, $to: Date!) { procedureStatistics(from: $from, to: $to) {
      received resolved onTimeRate onlineRate } }`,
    variables: year,
  },
];

const supergraphSdl = readFileSync(supergraphPath, 'utf8');
const urls = benchSubgraphUrls(supergraphSdl, process.env);

const dataRoot = dataRootFromEnv(process.env);
const config = await securityConfigFromEnv(
  {
    ...process.env,
    LIMIT_COST_ANONYMOUS: '100000000',
    LIMIT_MAX_DEPTH: '50',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
  },
  dataRoot,
);
const security = await createSecurity(config, { logger });
const { gatewaySdl } = security.prepareSupergraph(supergraphSdl);
let phase = 'warm-up';
const samples = new Map<string, number[]>();
const failures: string[] = [];
const observe = (outcome: SubgraphRequestOutcome) => {
  if (outcome.outcome !== 'answered') {
    failures.push(`${phase}: ${outcome.subgraph} ${outcome.outcome} ${outcome.reason ?? ''}`);
  }
  const key = `${phase}\u0000${outcome.subgraph}`;
  const list = samples.get(key) ?? [];
  list.push(outcome.milliseconds);
  samples.set(key, list);
};
const service = await startHttpService({
  ...createGateway({
    supergraphSdl: gatewaySdl,
    logger,
    subgraphUrls: urls,
    // Long enough never to cut a request short: this measures what the timeout is chosen from.
    subgraphPolicies: { defaults: { timeoutMilliseconds: 120_000, breakerFailures: 1000 } },
    observeSubgraphRequest: observe,
    ...security.gatewayOptions,
  }),
  logger,
  drainMilliseconds: 100,
});

async function run(query: { query: string; variables?: Record<string, unknown> }) {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(query),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

try {
  for (const query of workload) await run(query);
  phase = 'sequential';
  for (let round = 0; round < rounds; round += 1) {
    for (const query of workload) await run(query);
  }
  phase = `${concurrency} at once`;
  for (let round = 0; round < rounds; round += 1) {
    await Promise.all(
      Array.from({ length: concurrency }, (_, index) =>
        run(workload[(round + index) % workload.length]!),
      ),
    );
  }
} finally {
  await service.close();
  await security.close();
}

console.log(
  `${rounds} rounds of ${workload.length} queries per phase; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
const rows: Record<string, Record<string, string | number>> = {};
for (const [key, values] of samples) {
  const [name, subgraph] = key.split('\u0000');
  if (name === 'warm-up') continue;
  const sorted = values.sort((a, b) => a - b);
  rows[`${subgraph} (${name})`] = {
    requests: sorted.length,
    'p50 ms': Number(percentile(sorted, 0.5).toFixed(1)),
    'p99 ms': Number(percentile(sorted, 0.99).toFixed(1)),
    'max ms': Number(sorted.at(-1)!.toFixed(1)),
  };
}
console.table(rows);
if (failures.length > 0) console.log(`Requests that did not succeed:\n  ${failures.join('\n  ')}`);

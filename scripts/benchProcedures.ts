/**
 * `pnpm bench:procedures`: loads the national profile (10 million dossiers by default) into its
 * own Postgres database and prints, for the 34 provinces over one year, the latency of the
 * procedure statistics through the procedures subgraph and through the gateway (with the real
 * units subgraph), and of the same numbers computed by a plain scan of the dossiers; then checks
 * that both give the same numbers.
 *
 * Needs a Postgres server: PROCEDURES_BENCH_URL or DATABASE_URL (any database on it; the
 * benchmark creates and uses `procedures_bench` and `procedures_bench_units`). Environment:
 * BENCH_DOSSIERS (default 10000000), BENCH_ITERATIONS (default 50) timed runs after BENCH_WARMUP
 * (default 5), BENCH_SCAN_ITERATIONS (default 5), BENCH_REUSE=true to keep an earlier load.
 * Every request goes to 127.0.0.1 only.
 */
import { composeSupergraph } from '../gateway/src/composeSupergraph.ts';
import { createGateway } from '../gateway/src/createGateway.ts';
import { prepareSupergraph } from '../gateway/src/security/prepareSupergraph.ts';
import { todayInVietnam } from '../shared/graphql/src/index.ts';
import { anonymousIdentity } from '../shared/identity/src/index.ts';
import { createLogger, startHttpService } from '../shared/service/src/index.ts';
import { nationalProfile } from '../subgraphs/procedures/src/seed/generateDossiers.ts';
import {
  datasetSize,
  ensureDatabase,
  loadNationalProfile,
  scanProvinceStatistics,
} from '../subgraphs/procedures/src/seed/loadNationalProfile.ts';
import {
  createSubgraph as createProceduresSubgraph,
  fetchDirectoryUnits,
  openProceduresDatabase,
  prepareProceduresDatabase,
} from '../subgraphs/procedures/src/server.ts';
import { subgraphDefinition as procedures } from '../subgraphs/procedures/src/typeDefs.ts';
import {
  createSubgraph as createUnitsSubgraph,
  openUnitsDatabase,
} from '../subgraphs/units/src/server.ts';
import { subgraphDefinition as units } from '../subgraphs/units/src/typeDefs.ts';

const serverUrl = process.env.PROCEDURES_BENCH_URL ?? process.env.DATABASE_URL;
if (!serverUrl) {
  console.error(
    'pnpm bench:procedures needs a Postgres server: set PROCEDURES_BENCH_URL or DATABASE_URL.',
  );
  process.exit(2);
}
const dossierCount = Number(process.env.BENCH_DOSSIERS ?? nationalProfile.count);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 50);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const scanIterations = Number(process.env.BENCH_SCAN_ITERATIONS ?? 5);
const reuse = process.env.BENCH_REUSE === 'true';
/** One year, not aligned on months, so that both monthly and daily counters are read. */
const period = { from: '2025-10-15', to: '2026-10-14' };
const today = todayInVietnam();
const logger = createLogger('bench', 'warn');

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function time<T>(runs: number, warm: number, fn: () => Promise<T>) {
  for (let run = 0; run < warm; run += 1) await fn();
  const durations: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await fn();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 0.5), p99: percentile(durations, 0.99), last: last as T };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// 1. The units subgraph, with the real unit lists.
const unitsStarted = performance.now();
const unitsBench = await ensureDatabase(serverUrl, 'procedures_bench_units', false);
const unitsDatabase = await openUnitsDatabase({ url: unitsBench.url });
const unitsSubgraph = createUnitsSubgraph({
  database: unitsDatabase,
  logger,
  readIdentity: async () => anonymousIdentity,
});
await unitsSubgraph.prepare();
const unitsService = await startHttpService({ ...unitsSubgraph, logger });
console.log(`units subgraph ready (${seconds(unitsStarted)})`);

// 2. The procedures database: directory and catalogue, then the national profile as a bulk load.
const bench = await ensureDatabase(serverUrl, 'procedures_bench', !reuse);
const database = await openProceduresDatabase({ url: bench.url, poolSize: 4 });
const loadDirectory = () => fetchDirectoryUnits({ graphUrl: unitsService.url }, today);
const loadStarted = performance.now();
await prepareProceduresDatabase(database, logger, { loadDirectory, demoDossiers: 0 });
if (bench.created) {
  await loadNationalProfile(database, dossierCount, (step, milliseconds) =>
    console.log(`  ${step} (${(milliseconds / 1000).toFixed(1)} s)`),
  );
}
const size = await datasetSize(database);
console.log(
  `load: ${bench.created ? seconds(loadStarted) : 'reused (BENCH_REUSE=true)'}; ` +
    `${Number(size.dossiers).toLocaleString('en')} dossiers (${size.dossiersSize}), ` +
    `${Number(size.counters).toLocaleString('en')} counter rows (${size.countersSize})`,
);

// 3. The procedures subgraph, and a gateway over both subgraphs.
const proceduresSubgraph = createProceduresSubgraph({
  database,
  logger,
  readIdentity: async () => anonymousIdentity,
  prepareOptions: { loadDirectory, demoDossiers: 0 },
});
await proceduresSubgraph.prepare();
const proceduresService = await startHttpService({ ...proceduresSubgraph, logger });
const composition = composeSupergraph([units, procedures]);
if (!composition.ok) throw new Error(composition.errors.join('\n'));
const gateway = await startHttpService({
  ...createGateway({
    supergraphSdl: prepareSupergraph(composition.supergraphSdl).gatewaySdl,
    logger,
    subgraphUrls: { units: unitsService.url, procedures: proceduresService.url },
    graphiql: false,
  }),
  logger,
});

// 4. The measurements.
const fields = `received resolved resolvedOnTime receivedOnline pending overduePending
  becameOverdue apologized onTimeRate onlineRate apologyCoverage`;
const gatewayQuery = `query ($from: Date!, $to: Date!) { units(level: PROVINCE) { nodes {
  code name procedureStatistics(from: $from, to: $to) { ${fields} } } } }`;
const provinceList = (await post(gateway.url, '{ units(level: PROVINCE) { nodes { code } } }')) as {
  units: { nodes: { code: string }[] };
};
// What the gateway sends the procedures subgraph for that query.
const subgraphQuery = `query ($representations: [_Any!]!, $from: Date!, $to: Date!) {
  _entities(representations: $representations) { ... on AdministrativeUnit {
    code procedureStatistics(from: $from, to: $to) { ${fields} } } } }`;
const representations = provinceList.units.nodes.map((node) => ({
  __typename: 'AdministrativeUnit',
  code: node.code,
}));

console.log(
  `\n${representations.length} provinces, ${period.from} to ${period.to}: ${iterations} timed runs ` +
    `after ${warmup} warm-up runs (plain scan: ${scanIterations}); milliseconds\n`,
);
try {
  const viaSubgraph = await time(iterations, warmup, () =>
    post(proceduresService.url, subgraphQuery, { representations, ...period }),
  );
  const viaGateway = await time(iterations, warmup, () => post(gateway.url, gatewayQuery, period));
  const scan = await time(scanIterations, 1, () => scanProvinceStatistics(database, period, today));
  const line = (name: string, p50: string, p99: string) =>
    console.log([name.padEnd(36), p50.padStart(9), p99.padStart(9)].join('  '));
  line('path', 'p50', 'p99');
  for (const [name, result] of [
    ['procedures subgraph (counters)', viaSubgraph],
    ['gateway + units subgraph (counters)', viaGateway],
    ['plain scan of the dossiers (SQL)', scan],
  ] as const) {
    line(name, result.p50.toFixed(1), result.p99.toFixed(1));
  }
  console.log(`\nplain scan / gateway at p50: ${(scan.p50 / viaGateway.p50).toFixed(0)}×`);

  // The counters must give exactly what the scan counts.
  const answered = viaGateway.last as {
    units: { nodes: { code: string; procedureStatistics: Record<string, number> }[] };
  };
  const scanned = new Map(scan.last.map((row) => [row.code, row]));
  const mismatches = answered.units.nodes.flatMap((node) =>
    Object.entries(scanned.get(node.code) ?? { code: node.code, missing: 1 })
      .filter(([name, value]) => name !== 'code' && node.procedureStatistics[name] !== value)
      .map(
        ([name, value]) =>
          `${node.code}.${name}: counters ${node.procedureStatistics[name]}, scan ${value}`,
      ),
  );
  console.log(
    mismatches.length === 0
      ? 'counters equal the scan for every province and every number'
      : `MISMATCH:\n${mismatches.join('\n')}`,
  );
  const ngheAn = answered.units.nodes.find((node) => node.code === '40')?.procedureStatistics;
  if (ngheAn?.onTimeRate !== undefined && ngheAn.onlineRate !== undefined) {
    console.log(
      `Nghệ An: ${ngheAn.received} received, ${(ngheAn.onTimeRate * 100).toFixed(1)}% on time, ` +
        `${(ngheAn.onlineRate * 100).toFixed(1)}% online`,
    );
  }
  if (mismatches.length > 0) process.exitCode = 1;
} finally {
  await gateway.close();
  await proceduresService.close();
  await unitsService.close();
  await database.close();
  await unitsDatabase.close();
}

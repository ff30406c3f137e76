/**
 * `pnpm bench:overhead`: what our gateway adds to the Nghệ An query (Q2,
 * scripts/queries/ngheAn.graphql) beyond its subgraph fetches, one request at a time. Against a
 * graph already running (`pnpm start`, or the subgraphs of `pnpm bench:load`), it builds a gateway
 * in this process the way gateway/src/main.ts does (security layer included, signing with the
 * development keys of DATA_DIR; response cache off and deduplication off, so that every request
 * executes), and for each request measures the total time and the critical path of its fetches
 * (units, then the slowest of the three fetches that run in parallel after it). Prints the medians
 * of total, critical path and overhead (total − critical path), the overhead as a share of the
 * critical path, this process's CPU time per request, and the load average. With `--cpu-prof` under
 * node, the profile shows where the overhead goes.
 *
 * Subgraph URLs: `<NAME>_SUBGRAPH_URL`, else `<NAME>_PORT` on 127.0.0.1. BENCH_REQUESTS (default
 * 100) timed requests after BENCH_WARMUP (default 20).
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

const requests = Math.min(Number(process.env.BENCH_REQUESTS ?? 100), 10_000);
const warmup = Math.min(Number(process.env.BENCH_WARMUP ?? 20), 1000);
const logger = createLogger('bench-overhead', 'warn');
const supergraphPath = fileURLToPath(new URL('../gateway/supergraph.graphql', import.meta.url));
const query = {
  query: readFileSync(new URL('queries/ngheAn.graphql', import.meta.url), 'utf8'),
  variables: { from: '2025-07-01', to: '2026-06-30' },
};

const supergraphSdl = readFileSync(supergraphPath, 'utf8');
const urls = benchSubgraphUrls(supergraphSdl, process.env);

const config = await securityConfigFromEnv(
  { ...process.env, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000' },
  dataRootFromEnv(process.env),
);
const security = await createSecurity(config, { logger });
const { gatewaySdl } = security.prepareSupergraph(supergraphSdl);
let fetches: SubgraphRequestOutcome[] = [];
const service = await startHttpService({
  ...createGateway({
    supergraphSdl: gatewaySdl,
    logger,
    subgraphUrls: urls,
    observeSubgraphRequest: (outcome) => fetches.push(outcome),
    ...security.gatewayOptions,
  }),
  logger,
  drainMilliseconds: 100,
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const totals: number[] = [];
const paths: number[] = [];
const cpus: number[] = [];
try {
  for (let index = 0; index < warmup + requests; index += 1) {
    fetches = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(query),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    const total = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    if (body.errors) throw new Error(`Q2 failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    const units = fetches.filter((fetch) => fetch.subgraph === 'units');
    const others = fetches.filter((fetch) => fetch.subgraph !== 'units');
    if (units.length !== 1 || others.length !== 3) {
      throw new Error(`Q2's plan changed: ${fetches.map((fetch) => fetch.subgraph).join(', ')}`);
    }
    const criticalPath =
      units[0]!.milliseconds + Math.max(...others.map((fetch) => fetch.milliseconds));
    if (index >= warmup) {
      totals.push(total);
      paths.push(criticalPath);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
  }
  const overheads = totals.map((total, index) => total - paths[index]!);
  const [total, path, overhead] = [median(totals), median(paths), median(overheads)];
  console.log(
    `Q2, ${requests} requests one at a time (medians): total ${total.toFixed(1)} ms, critical path of fetches ${path.toFixed(1)} ms, gateway overhead ${overhead.toFixed(1)} ms = ${((overhead / path) * 100).toFixed(0)}% of the critical path`,
  );
  // CPU time is what the load of other processes inflates least: a busy machine lengthens the
  // wall-clock overhead by the time the gateway waits for a core, not its CPU time.
  console.log(
    `CPU of this process per request (median; the gateway, plus the client's request and JSON parse): ${median(cpus).toFixed(1)} ms`,
  );
  console.log(
    `load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await service.close();
  await security.close();
}

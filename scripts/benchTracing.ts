/**
 * `pnpm bench:tracing`: what tracing costs. Starts two complete graphs (gateway and four
 * subgraphs, scripts/benchTracingGraph.ts), one with nothing configured (no SDK loaded) and one
 * tracing every request (OTEL_TRACES_SAMPLER=always_on) and exporting OTLP to a collector stand-in
 * in this process, then sends the Nghệ An query to each in turn and prints the median and p90
 * latency of each, their ratio and the load average. Needs nothing running; uses
 * TEST_DATABASE_URL when set (each graph in its own throwaway databases), PGlite otherwise.
 *
 * BENCH_ITERATIONS (default 40) timed queries per graph after BENCH_WARMUP (default 5),
 * BENCH_DOSSIERS (default 20000) demo dossiers per graph.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import {
  type ServiceProcess,
  startServiceProcess,
} from '../gateway/src/testing/startServiceProcess.ts';

const iterations = Math.min(Number(process.env.BENCH_ITERATIONS ?? 40), 1000);
const warmup = Math.min(Number(process.env.BENCH_WARMUP ?? 5), 100);
const query = readFileSync(new URL('queries/ngheAn.graphql', import.meta.url), 'utf8');
const variables = { from: '2025-07-01', to: '2026-06-30' };
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

// A collector stand-in: accepts OTLP/HTTP trace exports and counts them (an empty protobuf body
// is a valid ExportTraceServiceResponse).
const received = { requests: 0, bytes: 0 };
const collector = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => {
    received.bytes += chunk.length;
  });
  request.on('end', () => {
    received.requests += 1;
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
collector.listen(0, '127.0.0.1');
await once(collector, 'listening');
const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

const untracedEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
);
console.log(`starting two graphs (load average ${load()})…`);
const graphs: Record<'off' | 'exporting', ServiceProcess> = Object.fromEntries(
  await Promise.all(
    (
      [
        ['off', untracedEnv],
        [
          'exporting',
          {
            ...untracedEnv,
            OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
            OTEL_TRACES_SAMPLER: 'always_on',
            OTEL_SERVICE_NAME: 'bench-graph',
          },
        ],
      ] as const
    ).map(async ([name, env]) => [
      name,
      await startServiceProcess({
        name,
        entry: 'scripts/benchTracingGraph.ts',
        env,
        timeoutMilliseconds: 600_000,
      }),
    ]),
  ),
);

async function timeQuery(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  const milliseconds = performance.now() - started;
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return milliseconds;
}

function quantile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

try {
  const samples: Record<keyof typeof graphs, number[]> = { off: [], exporting: [] };
  for (let round = 0; round < warmup; round += 1) {
    await timeQuery(graphs.off.url);
    await timeQuery(graphs.exporting.url);
  }
  const loadBefore = load();
  const exportedBefore = { ...received };
  for (let round = 0; round < iterations; round += 1) {
    // Alternate which goes first, so that neither always follows the other's garbage collection.
    const order =
      round % 2 === 0 ? (['off', 'exporting'] as const) : (['exporting', 'off'] as const);
    for (const name of order) samples[name].push(await timeQuery(graphs[name].url));
  }
  const loadAfter = load();
  // Let the exporting graph's batch processor send what it holds (5 s schedule by default).
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const off = quantile(samples.off, 0.5);
  const exporting = quantile(samples.exporting, 0.5);
  console.log(
    `Nghệ An query, ${iterations} alternated runs per graph after ${warmup} warm-up runs; load average ${loadBefore} before, ${loadAfter} after`,
  );
  console.table(
    Object.fromEntries(
      (['off', 'exporting'] as const).map((name) => [
        name === 'off' ? 'tracing off (nothing configured)' : 'tracing on, 100% sampled, OTLP',
        {
          'median ms': Number(quantile(samples[name], 0.5).toFixed(1)),
          'p90 ms': Number(quantile(samples[name], 0.9).toFixed(1)),
          'min ms': Number(Math.min(...samples[name]).toFixed(1)),
        },
      ]),
    ),
  );
  console.log(`median ratio exporting / off: ${(exporting / off).toFixed(3)}`);
  console.log(
    `collector stand-in received ${received.requests - exportedBefore.requests} OTLP export(s), ${((received.bytes - exportedBefore.bytes) / 1024).toFixed(0)} KiB, for the ${iterations} timed queries`,
  );
} finally {
  await Promise.all(Object.values(graphs).map((graph) => graph.stop()));
  collector.close();
}

/**
 * `pnpm bench:tracing`: what tracing costs. Starts two complete graphs (gateway and four
 * subgraphs, scripts/benchTracingGraph.ts), one with nothing configured (no SDK loaded) and one
 * tracing every request (OTEL_TRACES_SAMPLER=always_on) and exporting OTLP to a collector stand-in
 * in this process, then sends the Nghệ An query to each in turn and prints the median and p90
 * latency of each, their ratio and the load average. Needs nothing running; uses
 * TEST_DATABASE_URL when set (each graph in its own throwaway databases), PGlite otherwise.
 *
 * BENCH_ITERATIONS (default 40) timed queries per graph after BENCH_WARMUP (default 5),
 * BENCH_DOSSIERS (default 20000) demo dossiers per graph. BENCH_BASELINE, the folder of another
 * checkout with its dependencies installed (e.g. `git archive main | tar -x -C /tmp/base &&
 * pnpm -C /tmp/base install`), adds a third graph run from there: the code before this one, to
 * compare "nothing configured" with.
 */
import { once } from 'node:events';
import { copyFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
type Variant = 'baseline' | 'off' | 'exporting';
const entry = 'scripts/benchTracingGraph.ts';
const baseline = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
if (baseline) {
  copyFileSync(
    fileURLToPath(new URL('benchTracingGraph.ts', import.meta.url)),
    join(baseline, entry),
  );
}
const variants: [Variant, string, NodeJS.ProcessEnv][] = [
  ...(baseline
    ? [['baseline', join(baseline, entry), untracedEnv] as [Variant, string, NodeJS.ProcessEnv]]
    : []),
  ['off', entry, untracedEnv],
  [
    'exporting',
    entry,
    {
      ...untracedEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_SERVICE_NAME: 'bench-graph',
    },
  ],
];
const labels: Record<Variant, string> = {
  baseline: `before (${baseline ?? ''})`,
  off: 'tracing off (nothing configured)',
  exporting: 'tracing on, 100% sampled, OTLP',
};
console.log(`starting ${variants.length} graphs (load average ${load()})…`);
const graphs = Object.fromEntries(
  await Promise.all(
    variants.map(async ([name, path, env]) => [
      name,
      await startServiceProcess({ name, entry: path, env, timeoutMilliseconds: 600_000 }),
    ]),
  ),
) as Partial<Record<Variant, ServiceProcess>>;
const names = variants.map(([name]) => name);

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
  const samples: Record<Variant, number[]> = { baseline: [], off: [], exporting: [] };
  for (let round = 0; round < warmup; round += 1) {
    for (const name of names) await timeQuery(graphs[name]!.url);
  }
  const loadBefore = load();
  const exportedBefore = { ...received };
  for (let round = 0; round < iterations; round += 1) {
    // Rotate which goes first, so that none always follows another's garbage collection.
    const order = names.map((_, index) => names[(index + round) % names.length]!);
    for (const name of order) samples[name].push(await timeQuery(graphs[name]!.url));
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
      names.map((name) => [
        labels[name],
        {
          'median ms': Number(quantile(samples[name], 0.5).toFixed(1)),
          'p90 ms': Number(quantile(samples[name], 0.9).toFixed(1)),
          'min ms': Number(Math.min(...samples[name]).toFixed(1)),
        },
      ]),
    ),
  );
  console.log(`median ratio exporting / off: ${(exporting / off).toFixed(3)}`);
  if (baseline) {
    console.log(`median ratio off / before: ${(off / quantile(samples.baseline, 0.5)).toFixed(3)}`);
  }
  console.log(
    `collector stand-in received ${received.requests - exportedBefore.requests} OTLP export(s), ${((received.bytes - exportedBefore.bytes) / 1024).toFixed(0)} KiB, for the ${iterations} timed queries`,
  );
} finally {
  await Promise.all(Object.values(graphs).map((graph) => graph?.stop()));
  collector.close();
}

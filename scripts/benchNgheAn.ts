/**
 * `pnpm bench:nghe-an`: times the Nghệ An query (scripts/queries/ngheAn.graphql: every commune
 * of Nghệ An with data from all four subgraphs) against a running graph, as a front-end would
 * send it: through the gateway and its security layer, anonymously unless BENCH_TOKEN is set.
 * Start the graph first (`pnpm start`, on PGlite or with DATABASE_URL).
 *
 * GRAPH_URL (default http://localhost:4000/graphql), BENCH_ITERATIONS (default 30) timed runs
 * after BENCH_WARMUP (default 3), BENCH_FROM / BENCH_TO (default 2025-07-01 / 2026-06-30).
 */
import { readFileSync } from 'node:fs';

const graphUrl = process.env.GRAPH_URL ?? 'http://localhost:4000/graphql';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 30);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const variables = {
  from: process.env.BENCH_FROM ?? '2025-07-01',
  to: process.env.BENCH_TO ?? '2026-06-30',
};
const query = readFileSync(new URL('queries/ngheAn.graphql', import.meta.url), 'utf8');

interface Commune {
  staffingSummary: { quota: number; headcount: number } | null;
  organizationCounts: { total: number };
  procedureStatistics: {
    received: number;
    resolved: number;
    onTimeRate: number | null;
    onlineRate: number | null;
  };
}

async function send() {
  const response = await fetch(graphUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(process.env.BENCH_TOKEN ? { authorization: `Bearer ${process.env.BENCH_TOKEN}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as {
    data?: { unit: { name: string; children: { nodes: Commune[] } } };
    errors?: unknown[];
  };
  if (!response.ok || body.errors || !body.data) {
    throw new Error(`the query failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  }
  return { bytes: text.length, unit: body.data.unit };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

let last = await send();
for (let run = 1; run < warmup; run += 1) last = await send();
const durations: number[] = [];
for (let run = 0; run < iterations; run += 1) {
  const started = performance.now();
  last = await send();
  durations.push(performance.now() - started);
}
durations.sort((a, b) => a - b);

const communes = last.unit.children.nodes;
const sum = (pick: (commune: Commune) => number) =>
  communes.reduce((total, commune) => total + pick(commune), 0);
const received = sum((commune) => commune.procedureStatistics.received);
const resolved = sum((commune) => commune.procedureStatistics.resolved);
/** A province-wide rate from the communes' rates, each weighted by its own denominator. */
const percent = (
  rate: (commune: Commune) => number | null,
  weight: (commune: Commune) => number,
) => {
  const total = sum(weight);
  return total === 0
    ? 'n/a'
    : `${((sum((c) => (rate(c) ?? 0) * weight(c)) / total) * 100).toFixed(1)}%`;
};
console.log(
  `${graphUrl}: ${last.unit.name}, ${communes.length} communes, ${variables.from} to ${variables.to}`,
);
console.log(
  `  staffing quota ${sum((c) => c.staffingSummary?.quota ?? 0)}, headcount ${sum((c) => c.staffingSummary?.headcount ?? 0)}; ` +
    `organisations ${sum((c) => c.organizationCounts.total)}; dossiers received ${received}, ` +
    `resolved ${resolved}, on time ${percent(
      (c) => c.procedureStatistics.onTimeRate,
      (c) => c.procedureStatistics.resolved,
    )}, ` +
    `online ${percent(
      (c) => c.procedureStatistics.onlineRate,
      (c) => c.procedureStatistics.received,
    )}`,
);
console.log(
  `  ${iterations} runs after ${warmup} warm-up: p50 ${percentile(durations, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(durations, 0.99).toFixed(1)} ms, min ${durations[0]?.toFixed(1)} ms; ` +
    `response ${(last.bytes / 1024).toFixed(0)} KiB`,
);

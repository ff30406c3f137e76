/**
 * `pnpm bench:security`: what the security layer costs in gateway latency. Starts the fixture
 * subgraphs on loopback, then the same gateway twice, with security off and on (token
 * verification, rate limits, policy enforcement, limits, signed identity to subgraphs, and the
 * audit log into in-memory PGlite), and sends the same simple query sequentially to each.
 * Prints p50/p99 per variant. Bounded: BENCH_REQUESTS requests per variant (default 2000) after
 * 200 warm-up requests, nothing but 127.0.0.1.
 */

import { securityTables } from '../gateway/src/security/index.ts';
import {
  startFixtureGateway,
  startFixtureSubgraphs,
} from '../gateway/src/security/testing/startFixtureGraph.ts';
import {
  send,
  startSecuredFixtureGraph,
} from '../gateway/src/security/testing/startSecuredFixtureGraph.ts';
import { openDatabase } from '../shared/db/src/index.ts';
import { createLogger } from '../shared/service/src/index.ts';

const requests = Math.min(Number(process.env.BENCH_REQUESTS ?? 2_000), 50_000);
const warmUp = 200;
const logger = createLogger('bench-security', 'warn');
const query = { query: 'query Unit { unit(code: "40") { code name } }' };

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/**
 * Sends the query to every variant in turn, request after request, so that drift of the machine
 * (JIT warm-up, other processes) falls on all variants alike.
 */
async function measure(variants: Record<string, { url: string; headers: Record<string, string> }>) {
  const entries = Object.entries(variants);
  const latencies = new Map(entries.map(([name]) => [name, [] as number[]]));
  for (let index = 0; index < warmUp + requests; index += 1) {
    for (const [name, { url, headers }] of entries) {
      const started = performance.now();
      const answer = await send(url, query, headers);
      const elapsed = performance.now() - started;
      if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
      if (index >= warmUp) latencies.get(name)!.push(elapsed);
    }
  }
  return Object.fromEntries(
    entries.map(([name]) => {
      const sorted = latencies.get(name)!.sort((a, b) => a - b);
      return [name, { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
    }),
  );
}

// The audit log goes where a deployment would put it: BENCH_DATABASE_URL (a Postgres server,
// whose writes happen in another process), else in-memory PGlite, which runs its SQL on the
// gateway's own thread and so overstates the audit's cost.
const databaseUrl = process.env.BENCH_DATABASE_URL;
const database = await openDatabase({ name: 'gateway', url: databaseUrl }, securityTables);
const secured = await startSecuredFixtureGraph({ logger, database });
// Same subgraphs, same supergraph, no security: the baseline. Its subgraph requests carry no
// signature, so it talks to subgraphs of its own that accept unsigned requests.
const open = await startFixtureSubgraphs({ identityPublicKey: {}, logger, allowUnsigned: true });
const baseline = await startFixtureGateway({ supergraphSdl: open.supergraphSdl, logger });

try {
  const researcher = { authorization: `Bearer ${await secured.tokenFor('researcher')}` };
  const rows = await measure({
    'security off': { url: baseline.url, headers: {} },
    'security on, anonymous': { url: secured.gateway.url, headers: {} },
    'security on, researcher (audited)': { url: secured.gateway.url, headers: researcher },
  });
  const format = (value: number) => `${value.toFixed(2)} ms`;
  console.log(
    `${requests} sequential requests per variant over loopback (after ${warmUp} warm-up), audit into ${databaseUrl ? 'Postgres' : 'in-memory PGlite'}:`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(rows).map(([name, row]) => [
        name,
        { p50: format(row.p50), p99: format(row.p99) },
      ]),
    ),
  );
  const off = rows['security off']!;
  for (const [name, row] of Object.entries(rows).slice(1)) {
    console.log(
      `${name}: +${format(row.p50 - off.p50)} at p50, +${format(row.p99 - off.p99)} at p99`,
    );
  }
} finally {
  await baseline.close();
  await open.close();
  await secured.close();
  await database.close();
}

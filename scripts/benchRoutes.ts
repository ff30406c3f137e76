/**
 * `pnpm bench:routes`: what a flood of `/usage` calls costs the writes of other callers, with and
 * without the routes' rate limit. Starts the fixture subgraphs and two secured gateways over one
 * audit database (BENCH_DATABASE_URL, a Postgres server, else in-memory PGlite), the same but for
 * `RATE_LIMIT_ROUTES_PER_MINUTE` (off: 1,000,000; on: the default, 60). Fills the audit log with
 * a researcher's rows, so that each `/usage` call reads something, then times sequential writes
 * (an audited mutation, whose answer waits for its audit row) by a ministry writer:
 *
 * - `quiet`: writes alone;
 * - `flood, no limit` and `flood, limited`: writes while another process calls `/usage` on that
 *   gateway with the researcher's token, BENCH_USAGE_RATE times a second (default 62: the issue
 *   measured 932 calls in 15 s).
 *
 * Variants alternate over BENCH_ROUNDS rounds (default 3) of BENCH_WRITES writes each (default
 * 60). Prints medians and p90 of the write latency, the `/usage` calls made and refused, and the
 * load average. Bounded, nothing but 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createSecurity, securityTables } from '../gateway/src/security/index.ts';
import { startFixtureGateway } from '../gateway/src/security/testing/startFixtureGraph.ts';
import {
  send,
  startSecuredFixtureGraph,
} from '../gateway/src/security/testing/startSecuredFixtureGraph.ts';
import { openDatabase } from '../shared/db/src/index.ts';
import { createLogger } from '../shared/service/src/index.ts';

const bounded = (name: string, fallback: number, max: number) =>
  Math.min(Math.max(Number(process.env[name] ?? fallback), 1), max);
const rounds = bounded('BENCH_ROUNDS', 3, 10);
const writes = bounded('BENCH_WRITES', 60, 1_000);
const seededRows = 5_000;
const logger = createLogger('bench-routes', 'warn');

const databaseUrl = process.env.BENCH_DATABASE_URL;
const database = await openDatabase({ name: 'gateway', url: databaseUrl }, securityTables);
const unlimited = {
  perTokenPerMinute: 1_000_000,
  perAddressPerMinute: 1_000_000,
  routesPerMinute: 1_000_000,
};
const graph = await startSecuredFixtureGraph({
  logger,
  database,
  overrides: { rateLimits: unlimited },
});
// The same gateway with the routes' default limit.
const limitedSecurity = await createSecurity(
  graph.configFor({ rateLimits: { ...unlimited, routesPerMinute: 60 } }),
  { logger, database },
);
const limitedGateway = await startFixtureGateway({
  supergraphSdl: graph.subgraphs.supergraphSdl,
  security: limitedSecurity,
  logger,
});

// The flooding client, in a process of its own as an attacker's would be: BENCH_USAGE_RATE calls
// per second (default 62, the rate of the 932 calls in 15 s), at most 64 in flight, until
// it is told to stop; it prints what it made and what was refused.
const floodScript = `
const { URL: url, AUTHORIZATION: authorization, RATE: rate } = process.env;
let calls = 0, refused = 0, inFlight = 0, stopping = false;
const timer = setInterval(() => {
  if (stopping || inFlight >= 64) return;
  inFlight += 1;
  fetch(url, { headers: { authorization } })
    .then(async (response) => { await response.arrayBuffer(); calls += 1; if (response.status === 429) refused += 1; })
    .catch(() => {})
    .finally(() => { inFlight -= 1; });
}, 1000 / Number(rate));
process.stdin.on('data', () => {
  stopping = true;
  clearInterval(timer);
  const done = setInterval(() => {
    if (inFlight > 0) return;
    clearInterval(done);
    process.stdout.write(JSON.stringify({ calls, refused }) + '\\n');
    process.exit(0);
  }, 10);
});
`;
const usageRate = bounded('BENCH_USAGE_RATE', 62, 1_000);

function startFlood(url: URL, authorization: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', floodScript], {
    env: { ...process.env, URL: url.href, AUTHORIZATION: authorization, RATE: String(usageRate) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    async stop(): Promise<{ calls: number; refused: number }> {
      child.stdin.write('stop\n');
      await once(child, 'exit');
      return JSON.parse(output.trim()) as { calls: number; refused: number };
    },
  };
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
};

try {
  const researcher = { authorization: `Bearer ${await graph.tokenFor('researcher')}` };
  const writer = {
    authorization: `Bearer ${await graph.tokenFor('writer', { subgraph: 'units' })}`,
  };

  // A researcher's history, as the measurement had: /usage reads and groups it.
  const audit = graph.security.audit!;
  for (let index = 0; index < seededRows; index += 1) {
    await audit.record({
      at: new Date(Date.now() - (index % 30) * 24 * 3600 * 1000),
      subject: 'researcher-any-all',
      role: 'researcher',
      tokenId: null,
      clientName: null,
      operationType: 'query',
      operationName: `Seeded${index % 50}`,
      documentHash: null,
      variables: '{}',
      subgraphs: ['units'],
      outcome: 'ok',
      errorCodes: [],
      durationMs: 3,
    });
    if (index % 1_000 === 999) await audit.flush();
  }
  await audit.flush();

  type Variant = 'quiet' | 'flood, no limit' | 'flood, limited';
  const variants: Variant[] = ['quiet', 'flood, no limit', 'flood, limited'];
  const latencies = new Map<Variant, number[]>(variants.map((variant) => [variant, []]));
  const usage = new Map<Variant, { calls: number; refused: number; seconds: number }>(
    variants.map((variant) => [variant, { calls: 0, refused: 0, seconds: 0 }]),
  );
  let sequence = 0;

  const writeOnce = async (url: string) => {
    sequence += 1;
    const started = performance.now();
    const answer = await send(
      url,
      {
        query: `mutation Rename($name: String!) { renameUnit(code: "40", provinceCode: "40", name: $name) { name } }`,
        variables: { name: `Nghệ An ${sequence}` },
      },
      writer,
    );
    if (answer.status !== 200 || answer.body.errors) {
      throw new Error(`write failed: ${JSON.stringify(answer.body)}`);
    }
    return performance.now() - started;
  };

  const runVariant = async (variant: Variant) => {
    const url = variant === 'flood, limited' ? limitedGateway.url : graph.gateway.url;
    const usageUrl = new URL('/usage', url);
    const counts = usage.get(variant)!;
    const started = performance.now();
    const flood = variant === 'quiet' ? undefined : startFlood(usageUrl, researcher.authorization);
    // Let the flood reach its pace (and, limited, spend its window's 60 calls) before timing.
    if (flood) await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (let index = 0; index < writes; index += 1) {
      latencies.get(variant)!.push(await writeOnce(url));
    }
    if (flood) {
      const result = await flood.stop();
      counts.calls += result.calls;
      counts.refused += result.refused;
    }
    counts.seconds += (performance.now() - started) / 1000;
  };

  for (let index = 0; index < 10; index += 1) await writeOnce(graph.gateway.url);
  const loadBefore = loadavg();
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) await runVariant(variant);
    // The limited gateway's window is a minute: start each round with a fresh one, so that the
    // limited variant is measured under the limit, not only after it.
    if (round < rounds - 1) await new Promise((resolve) => setTimeout(resolve, 61_000));
  }
  const loadAfter = loadavg();

  const format = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `${rounds} rounds × ${writes} sequential writes per variant, /usage called ${usageRate} times a second by another process during the flood variants, audit into ${databaseUrl ? 'Postgres' : 'in-memory PGlite'} (${seededRows} rows of the researcher); load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after`,
  );
  console.table(
    Object.fromEntries(
      variants.map((variant) => {
        const values = latencies.get(variant)!;
        const counts = usage.get(variant)!;
        return [
          variant,
          {
            'write p50': format(percentile(values, 0.5)),
            'write p90': format(percentile(values, 0.9)),
            '/usage calls': counts.calls,
            '/usage per s': Math.round(counts.calls / Math.max(counts.seconds, 0.001)),
            'refused (429)': counts.refused,
          },
        ];
      }),
    ),
  );
  const quiet = percentile(latencies.get('quiet')!, 0.5);
  for (const variant of variants.slice(1)) {
    console.log(
      `${variant}: write p50 ×${(percentile(latencies.get(variant)!, 0.5) / quiet).toFixed(2)} of quiet`,
    );
  }
} finally {
  await limitedGateway.close();
  await limitedSecurity.close();
  await graph.close();
  await database.close();
}

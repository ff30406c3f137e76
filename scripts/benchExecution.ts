/**
 * `pnpm bench:execution`: what executing a large list costs the units subgraph, with graphql-jit
 * and with graphql-js (GRAPHQL_EXECUTOR, ADR 0015). On a copy of the units data of a graph started
 * once (`pnpm start`; DATA_DIR, default <repo>/.data), it runs two units subgraphs, one per
 * executor, each behind a gateway process of its own, and sends Q3 (all 3,321 communes with their
 * province) through each gateway one at a time, alternating the variants round by round. Prints
 * per variant the median of the rounds' p50 latency through the gateway and the units process's
 * CPU per request (user + system, from /proc), their ratios, and the load average.
 *
 * BENCH_ROUNDS (default 5) rounds of BENCH_REQUESTS (default 20) requests per variant.
 * BENCH_BASELINE=<another checkout> (installed, e.g. of main) adds a third variant, `baseline`: that
 * checkout's units subgraph as it is (same data, same gateway), for a before/after in one run.
 * BENCH_EXECUTORS (default `graphql-js,jit`) names the executors run on this checkout (`jit` alone,
 * with a baseline, for a shorter before/after).
 * With UNITS_DATABASE_URL or DATABASE_URL set, both subgraphs read that database instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { cpuMilliseconds, median } from './benchLoad/processUsage.ts';

const rounds = Math.min(Number(process.env.BENCH_ROUNDS ?? 5), 50);
const requests = Math.min(Number(process.env.BENCH_REQUESTS ?? 20), 500);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);
const tsxLoader = import.meta.resolve('tsx');
const q3 =
  '{ units(level: COMMUNE, first: 5000) { totalCount nodes { code name province { name } } } }';
const baseline = process.env.BENCH_BASELINE;
type Variant = 'baseline' | 'graphql-js' | 'jit';
const executors = (process.env.BENCH_EXECUTORS ?? 'graphql-js,jit').split(',') as Variant[];
const variants: Variant[] = [
  ...(baseline ? ['baseline' as const] : []),
  ...(['graphql-js', 'jit'] as const).filter((variant) => executors.includes(variant)),
];

const usesPostgres = Boolean(process.env.UNITS_DATABASE_URL ?? process.env.DATABASE_URL);
if (!usesPostgres && !existsSync(join(dataRoot, 'units'))) {
  console.error(`No units data in ${dataRoot}: run \`pnpm start\` once first (or set DATA_DIR).`);
  process.exit(1);
}

const children: ChildProcess[] = [];
const folders: string[] = [];
function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
process.on('exit', cleanUp);
process.on('SIGINT', () => process.exit(130));

/** Starts `entry` and resolves with its pid and URL once it logs "listening" (and "ready"). */
function start(entry: string, env: NodeJS.ProcessEnv, waitForReady: boolean, cwd = repoRoot) {
  const child = spawn(process.execPath, ['--import', tsxLoader, entry], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lastLines: string[] = [];
  return new Promise<{ pid: number; url: string }>((resolve, reject) => {
    let url: string | undefined;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => {
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        if (line.includes('"msg":"listening"')) url = (JSON.parse(line) as { url: string }).url;
        if (url && (!waitForReady || line.includes('"msg":"ready"'))) {
          resolve({ pid: child.pid!, url });
        }
      });
    }
    child.on('exit', (code) =>
      reject(new Error(`${entry} exited with ${code}:\n${lastLines.join('\n')}`)),
    );
  });
}

async function ask(url: string) {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q3 }),
  });
  const body = (await response.json()) as {
    data?: { units: { nodes: unknown[] } };
    errors?: unknown[];
  };
  if (body.errors || body.data?.units.nodes.length !== 3321) {
    throw new Error(`Q3 failed: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  return performance.now() - started;
}

const running = new Map<Variant, { units: number; gateway: string }>();
for (const variant of variants) {
  const folder = mkdtempSync(join(tmpdir(), `bench-execution-${variant}-`));
  folders.push(folder);
  if (!usesPostgres) cpSync(join(dataRoot, 'units'), join(folder, 'units'), { recursive: true });
  // The development keys the gateway signs with and the subgraph verifies.
  if (existsSync(join(dataRoot, 'keys'))) {
    cpSync(join(dataRoot, 'keys'), join(folder, 'keys'), { recursive: true });
  }
  const units = await start(
    'subgraphs/units/src/main.ts',
    { DATA_DIR: folder, PORT: '0', GRAPHQL_EXECUTOR: variant === 'jit' ? 'jit' : 'graphql-js' },
    true,
    variant === 'baseline' ? baseline : repoRoot,
  );
  // Q3 reaches the units subgraph only; the others are named so that the gateway starts.
  const gateway = await start(
    'gateway/src/main.ts',
    {
      DATA_DIR: folder,
      PORT: '0',
      UNITS_SUBGRAPH_URL: units.url,
      ASSOCIATIONS_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      PERSONNEL_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      PROCEDURES_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      // Uncached: every Q3 reaches the units subgraph (docs/caching.md).
      RESPONSE_CACHE: 'off',
      // A loaded machine must not turn a slow first answer into a failed run.
      UNITS_SUBGRAPH_TIMEOUT_MS: '60000',
    },
    false,
  );
  running.set(variant, { units: units.pid, gateway: gateway.url });
  console.log(`${variant}: units pid ${units.pid}, gateway ${gateway.url}`);
  // Warm-up: compiled operations, JIT of V8, connection pools.
  for (let index = 0; index < 5; index += 1) await ask(gateway.url);
}

const results = new Map<Variant, { p50: number[]; cpu: number[] }>(
  variants.map((variant) => [variant, { p50: [], cpu: [] }]),
);
for (let round = 0; round < rounds; round += 1) {
  // Alternate which variant goes first, so none always runs on a warmer or quieter machine.
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const variant of order) {
    const { units, gateway } = running.get(variant)!;
    const cpuBefore = cpuMilliseconds(units);
    const latencies: number[] = [];
    for (let index = 0; index < requests; index += 1) latencies.push(await ask(gateway));
    const result = results.get(variant)!;
    result.cpu.push((cpuMilliseconds(units) - cpuBefore) / requests);
    result.p50.push(median(latencies));
  }
}

const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
console.log(
  `Q3 (3,321 communes with their province) through the gateway, concurrency 1: ${rounds} rounds of ${requests} requests per variant, alternating; load average ${load}`,
);
const rows: Record<string, Record<string, number>> = {};
for (const [variant, { p50, cpu }] of results) {
  rows[variant] = {
    'Q3 p50 ms (median of rounds)': Number(median(p50).toFixed(1)),
    'units CPU ms per Q3 (median of rounds)': Number(median(cpu).toFixed(1)),
  };
}
console.table(rows);
const after = results.get('jit');
for (const other of after ? variants.filter((variant) => variant !== 'jit') : []) {
  const before = results.get(other)!;
  console.log(
    `jit / ${other}: p50 ${(median(after!.p50) / median(before.p50)).toFixed(2)}, units CPU ${(median(after!.cpu) / median(before.cpu)).toFixed(2)}`,
  );
}
cleanUp();
process.exit(0);

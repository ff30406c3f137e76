/**
 * `pnpm bench:memory`: where the gateway's memory goes. Against a graph already running (`pnpm
 * start`, or the subgraphs of `pnpm bench:load`), it starts the gateway as `pnpm start` does
 * (`node --import tsx --import <telemetry register> gateway/src/main.ts`, its own process, its
 * database where DATABASE_URL / GATEWAY_DATABASE_URL say: set one to Postgres to measure the
 * deployment's shape, for without it the gateway's PGlite runs inside the process), once per set of
 * node flags given, and for each prints:
 *
 * - idle: after one answer to each of Q1, Q2 and Q3 and two quiet seconds, the resident memory
 *   (VmRSS) and its parts as the process itself reports them on /metrics (prom-client reads
 *   `process.memoryUsage()` and `v8.getHeapSpaceStatistics()`): the V8 heap by space, memory
 *   outside it that V8 knows of (`external`: buffers), and the rest (node's code, the C++ heap
 *   and the malloc arenas of its threads);
 * - under load: the peak resident memory while autocannon sends Q1 and Q2 at concurrency 50 and
 *   Q3 at concurrency 10 (BENCH_DURATION seconds each, anonymous), with the gateway's CPU per
 *   answer, so that a flag that saves memory shows what it costs;
 * - after: the same parts once the load has stopped.
 *
 * The gateway gets the node flags and environment `pnpm start` gives it
 * (gateway/src/processSettings.ts: `--max-semi-space-size=4`, `MALLOC_ARENA_MAX=2`) unless
 * `--bare` is given, then each set's own (a later `--max-semi-space-size` wins).
 *
 * With `--fill-cache`, it then fills the response cache: 400 distinct public queries of 300 kB
 * answers (Q3 under 400 operation names) one after the other, printing the resident memory and
 * the cache's `gateway_response_cache_bytes` every 100, so that the bound `RESPONSE_CACHE_MAX_MB`
 * is seen against the memory it costs.
 *
 * With `--heap-snapshot`, it then writes a heap snapshot of the gateway (node's
 * `--heapsnapshot-signal`; last, for writing one takes memory of its own) into the log folder and
 * prints the largest objects in it.
 *
 * Settings (environment or `--name=value`): BENCH_NODE_FLAGS, sets of node flags separated by
 * `|`, each measured in turn (default: one set, none; e.g.
 * `--node-flags="|--max-semi-space-size=4|MALLOC_ARENA_MAX=2"`; a NAME=value in a set is set in
 * the gateway's environment rather than passed to node), BENCH_DURATION
 * (5) seconds per query under load. Subgraph URLs: `<NAME>_SUBGRAPH_URL`, else `<NAME>_PORT` on
 * 127.0.0.1. Rate limits are raised out of the way, as in `pnpm bench:load`; everything else
 * (DATA_DIR, RESPONSE_CACHE, CONTRACT_ROLES, ...) passes to the gateway.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gatewayNodeFlags, gatewayProcessEnvironment } from '../gateway/src/processSettings.ts';
import { largestObjects } from './benchGatewayMemory/heapSnapshot.ts';
import { cpuMilliseconds, residentBytes } from './benchLoad/processUsage.ts';
import { loadQuery, queryTexts } from './benchLoad/queries.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const flagSets = (argument('node-flags') ?? process.env.BENCH_NODE_FLAGS ?? '')
  .split('|')
  .map((set) => set.trim().split(/\s+/).filter(Boolean));
const duration = Number(argument('duration') ?? process.env.BENCH_DURATION ?? 5);
const heapSnapshot = process.argv.includes('--heap-snapshot');
const fillCache = process.argv.includes('--fill-cache');
if (!(duration >= 1 && duration <= 120)) throw new Error('BENCH_DURATION must be 1 to 120');
for (const set of flagSets) {
  for (const flag of set) {
    if (!/^(--[a-z0-9-]+(=[\w.,-]+)?|[A-Z][A-Z0-9_]*=[\w.,-]*)$/.test(flag)) {
      throw new Error(`Neither a node flag nor NAME=value: ${flag}`);
    }
  }
}
const isEnvironment = (flag: string) => !flag.startsWith('--');
// Without --bare, the gateway starts with the flags and environment scripts/start.ts gives it
// (gateway/src/processSettings.ts), before each set's own.
const asStarted = !process.argv.includes('--bare');

const queries = queryTexts;
const loads: [keyof typeof queries, number][] = [
  ['Q1', 50],
  ['Q2', 50],
  ['Q3', 10],
];

const subgraphUrls: NodeJS.ProcessEnv = {};
for (const name of ['units', 'associations', 'personnel', 'procedures']) {
  const port = process.env[`${name.toUpperCase()}_PORT`];
  const key = `${name.toUpperCase()}_SUBGRAPH_URL`;
  if (!process.env[key] && port) subgraphUrls[key] = `http://127.0.0.1:${port}/graphql`;
}
const database = process.env.GATEWAY_DATABASE_URL || process.env.DATABASE_URL;
const logFolder = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const tsx = import.meta.resolve('tsx');
const register = import.meta.resolve('../shared/telemetry/src/register.ts');
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function startGateway(flags: string[], index: number) {
  const logPath = join(logFolder, `gateway-${index}.log`);
  const child = spawn(
    process.execPath,
    [
      ...(asStarted ? gatewayNodeFlags : []),
      ...flags.filter((flag) => !isEnvironment(flag)),
      ...(heapSnapshot ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${logFolder}`] : []),
      '--import',
      tsx,
      '--import',
      register,
      'gateway/src/main.ts',
    ],
    {
      cwd: repoRoot,
      env: {
        ...(asStarted ? gatewayProcessEnvironment(process.env) : process.env),
        // As in `pnpm bench:load`: the load comes from one address; every other check stays on.
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
        RATE_LIMIT_PER_TOKEN_PER_MINUTE: '100000000',
        ...subgraphUrls,
        ...Object.fromEntries(flags.filter(isEnvironment).map((flag) => flag.split('=', 2))),
        PORT: '0',
        NO_COLOR: '1',
      },
      stdio: ['ignore', openSync(logPath, 'w'), openSync(logPath, 'a')],
    },
  );
  children.push(child);
  for (let waited = 0; waited < 180_000; waited += 250) {
    if (child.exitCode !== null) {
      throw new Error(`the gateway exited:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
    }
    for (const line of readFileSync(logPath, 'utf8').split('\n')) {
      if (line.includes('"msg":"listening"')) {
        const url = (JSON.parse(line) as { url: string }).url.replace('localhost', '127.0.0.1');
        return { child, pid: child.pid!, url };
      }
    }
    await sleep(250);
  }
  throw new Error(`the gateway did not listen within 180 s (log: ${logPath})`);
}

/**
 * The memory series of the gateway's /metrics, by name (and `space` label), in bytes: the
 * process's and the response cache's.
 */
async function memoryParts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const parts: Record<string, number> = {};
  const pattern =
    /^(nodejs_heap_size_total_bytes|nodejs_heap_size_used_bytes|nodejs_external_memory_bytes|nodejs_heap_space_size_used_bytes|nodejs_heap_space_size_total_bytes|gateway_response_cache_bytes)\{(?:space="(\w+)",)?[^}]*\} (\S+)$/gm;
  for (const [, name, space, value] of text.matchAll(pattern)) {
    parts[space ? `${name}:${space}` : name!] = Number(value);
  }
  return parts;
}

function printParts(label: string, rss: number, parts: Record<string, number>) {
  const heapTotal = parts.nodejs_heap_size_total_bytes ?? 0;
  const external = parts.nodejs_external_memory_bytes ?? 0;
  const spaces = ['old', 'new', 'large_object', 'code']
    .map(
      (space) =>
        `${space} ${megabytes(parts[`nodejs_heap_space_size_used_bytes:${space}`] ?? 0)}/${megabytes(parts[`nodejs_heap_space_size_total_bytes:${space}`] ?? 0)}`,
    )
    .join(', ');
  console.log(
    `  ${label.padEnd(11)} RSS ${megabytes(rss).padStart(6)} MB = V8 heap ${megabytes(heapTotal)} (used ${megabytes(parts.nodejs_heap_size_used_bytes ?? 0)}; by space used/reserved: ${spaces}) + external ${megabytes(external)} + outside both ${megabytes(rss - heapTotal - external)}`,
  );
}

async function post(url: string, name: keyof typeof queries, operationName?: string) {
  const query = queries[name];
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      operationName
        ? { ...query, query: query.query.replace(/^query \w+/, `query ${operationName}`) }
        : query,
    ),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (response.status !== 200 || body.errors) {
    throw new Error(`${name} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
}

/** `--fill-cache`: distinct Q3s one after the other, the memory every 100. */
async function fillResponseCache(gateway: { pid: number; url: string }) {
  for (let index = 1; index <= 400; index += 1) {
    await post(gateway.url, 'Q3', `Fill${index}`);
    if (index % 100 === 0) {
      console.log(
        `  cache fill  ${index} distinct Q3s: RSS ${megabytes(residentBytes(gateway.pid))} MB, cache ${megabytes((await memoryParts(gateway.url)).gateway_response_cache_bytes ?? Number.NaN)} MB`,
      );
    }
  }
}

console.log(
  `Gateway memory, database ${database ? new URL(database).protocol.replace(':', '') : 'PGlite inside the gateway (set DATABASE_URL for Postgres)'}; load ${loads.map(([name, connections]) => `${name}×${connections}`).join(', ')}, ${duration} s each`,
);
for (const [index, flags] of flagSets.entries()) {
  const gateway = await startGateway(flags, index);
  console.log(
    `node flags and environment: ${[...(asStarted ? [...gatewayNodeFlags, 'MALLOC_ARENA_MAX=2 (start.ts)'] : []), ...flags].join(' ') || '(none)'}`,
  );
  for (const name of Object.keys(queries) as (keyof typeof queries)[]) {
    await post(gateway.url, name);
  }
  await sleep(2000);
  printParts('idle', residentBytes(gateway.pid), await memoryParts(gateway.url));
  let peak = residentBytes(gateway.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentBytes(gateway.pid));
  }, 200);
  const cpuBefore = cpuMilliseconds(gateway.pid);
  let answers = 0;
  for (const [name, connections] of loads) {
    const result = await loadQuery(gateway.url, name, { connections, duration });
    answers += result.requests.total - result.non2xx;
  }
  clearInterval(sampler);
  const cpuPerAnswer = (cpuMilliseconds(gateway.pid) - cpuBefore) / Math.max(answers, 1);
  console.log(
    `  under load  peak RSS ${megabytes(peak)} MB; ${answers} answers, gateway CPU ${cpuPerAnswer.toFixed(2)} ms per answer`,
  );
  await sleep(2000);
  printParts('after load', residentBytes(gateway.pid), await memoryParts(gateway.url));
  if (fillCache) await fillResponseCache(gateway);
  if (heapSnapshot) {
    gateway.child.kill('SIGUSR2');
    let file: string | undefined;
    for (let waited = 0; !file && waited < 120_000; waited += 500) {
      await sleep(500);
      const found = readdirSync(logFolder).find((name) => name.endsWith('.heapsnapshot'));
      // Written in one go once complete; an empty or growing file is not read yet.
      if (found) {
        const size = () => readFileSync(join(logFolder, found)).length;
        const first = size();
        await sleep(1000);
        if (first > 0 && size() === first) file = join(logFolder, found);
      }
    }
    if (file) {
      console.log(`  heap snapshot ${file}; largest objects:`);
      for (const line of largestObjects(file, 12)) console.log(`    ${line}`);
    }
  }
  gateway.child.kill('SIGTERM');
  await new Promise((resolve) => gateway.child.once('exit', resolve));
}
console.log(
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}; gateway logs in ${logFolder}`,
);

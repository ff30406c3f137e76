/**
 * `pnpm bench:load`: the graph under load. Starts the graph as `pnpm start` does, its subgraphs on
 * Postgres (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_load, created when
 * missing; the first run imports the data), then beside it, on the same subgraphs and the same
 * checked-in supergraph, the other gateways, each its own process:
 *
 * - `cached`: ours as `pnpm start` runs it (security, response cache, deduplication);
 * - `uncached`: ours with RESPONSE_CACHE=off (deduplication of in-flight reads still on);
 * - `plain`: ours with RESPONSE_CACHE=off and DEDUPLICATE_REQUESTS=off (the gateway before ADR 0014);
 * - `apollo`: bare `@apollo/gateway` (gateway/src/bench/apolloGateway.ts);
 * - `hive`: Hive Gateway with its defaults (gateway/src/bench/hiveGateway.ts).
 *
 * It drives each with autocannon for Q1 (the 34 provinces), Q2 (scripts/queries/ngheAn.graphql)
 * and Q3 (all 3,321 communes with their provinces), anonymously, at each concurrency, the variants
 * taking turns (their order rotates every round), and prints the medians over the rounds of good
 * answers per second (HTTP 200 with the same body as the variant's first answer), p50 and p99
 * latency, CPU milliseconds per answer of the gateway process, the ratios to Hive Gateway and to
 * `plain`, each gateway's memory idle and at its peak under load, and the load average.
 *
 * Subgraphs accept unsigned requests here (ALLOW_UNSIGNED_SUBGRAPH_REQUESTS, so that the bare and
 * Hive gateways can reach them); our gateways sign every request all the same. Rate limits are
 * raised out of the way; every other security check stays on.
 *
 * Settings (environment or `--name=value`): BENCH_QUERIES (Q1,Q2,Q3), BENCH_CONCURRENCY (10,50),
 * BENCH_ROUNDS (3), BENCH_DURATION seconds per run (4), BENCH_VARIANTS
 * (cached,uncached,plain,apollo,hive). Nothing but 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gatewayNodeFlags, gatewayProcessEnvironment } from '../gateway/src/processSettings.ts';
import { cpuMilliseconds, median, residentBytes } from './benchLoad/processUsage.ts';
import { loadQuery, queryTexts } from './benchLoad/queries.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// The root package has no dependencies of its own: take pg as the shared test harness has it.
const pg = createRequire(join(repoRoot, 'shared/testing/package.json'))('pg') as {
  Client: new (options: {
    connectionString: string;
  }) => {
    connect(): Promise<void>;
    query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
    end(): Promise<void>;
  };
};
const logFolder = mkdtempSync(join(tmpdir(), 'bench-load-'));
const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const setting = (name: string, envName: string, fallback: string) =>
  argument(name) ?? process.env[envName] ?? fallback;
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

type QueryName = keyof typeof queryTexts;
const allVariants = ['cached', 'uncached', 'plain', 'apollo', 'hive'] as const;
type Variant = (typeof allVariants)[number];

const queries = list(setting('queries', 'BENCH_QUERIES', 'Q1,Q2,Q3')) as QueryName[];
const concurrencies = list(setting('concurrency', 'BENCH_CONCURRENCY', '10,50')).map(Number);
const rounds = Number(setting('rounds', 'BENCH_ROUNDS', '3'));
const duration = Number(setting('duration', 'BENCH_DURATION', '4'));
const variants = list(setting('variants', 'BENCH_VARIANTS', allVariants.join(','))) as Variant[];
for (const name of queries) {
  if (!(name in queryTexts)) throw new Error(`Unknown query ${name}: use Q1, Q2, Q3`);
}
for (const variant of variants) {
  if (!allVariants.includes(variant)) throw new Error(`Unknown variant ${variant}`);
}
if (!(rounds >= 1 && rounds <= 20)) throw new Error('BENCH_ROUNDS must be 1 to 20');
if (!(duration >= 1 && duration <= 120)) throw new Error('BENCH_DURATION must be 1 to 120');
if (concurrencies.some((value) => !(value >= 1 && value <= 500))) {
  throw new Error('BENCH_CONCURRENCY values must be 1 to 500');
}

const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench_load';
const tsx = import.meta.resolve('tsx');
const children: ChildProcess[] = [];
const say = (message: string) => console.log(`[bench:load] ${message}`);

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      say(`creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }
}

/** Spawns a process and resolves with the first match of `pattern` in its output. */
function spawnUntil(
  entry: string,
  env: NodeJS.ProcessEnv,
  patterns: Record<string, RegExp>,
  until: string,
): Promise<{ child: ChildProcess; found: Record<string, string[]> }> {
  const child = spawn(process.execPath, ['--import', tsx, entry], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const found: Record<string, string[]> = {};
  const last: string[] = [];
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      last.push(line);
      if (last.length > 30) last.shift();
      for (const [name, pattern] of Object.entries(patterns)) {
        const match = pattern.exec(line);
        if (match) found[name] = [...(found[name] ?? []), ...match.slice(1)];
      }
      if (found[until]) resolve({ child, found });
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', onLine);
    }
    child.on('exit', (code) =>
      reject(new Error(`${entry} exited (${code}) before it was ready:\n${last.join('\n')}`)),
    );
  });
}

/** The URL of a `listening <url>` line or of a JSON log line `"msg":"listening"`. */
function listeningUrl(log: string): string | undefined {
  for (const line of log.split('\n')) {
    const plain = /^listening (http\S+)/.exec(line);
    if (plain) return plain[1];
    if (line.includes('"msg":"listening"')) return (JSON.parse(line) as { url?: string }).url;
  }
  return undefined;
}

/**
 * Spawns a gateway whose output goes to a file (as a deployment's log collector would take it,
 * rather than through this process, which also runs the load generator) and waits for its URL.
 */
async function spawnGateway(name: string, entry: string, env: NodeJS.ProcessEnv) {
  const logPath = join(logFolder, `${name}.log`);
  const output = openSync(logPath, 'w');
  // Ours is started as scripts/start.ts starts it (gateway/src/processSettings.ts).
  const ours = entry === 'gateway/src/main.ts';
  const child = spawn(
    process.execPath,
    [...(ours ? gatewayNodeFlags : []), '--import', tsx, entry],
    {
      cwd: repoRoot,
      env: ours ? gatewayProcessEnvironment(env) : env,
      stdio: ['ignore', output, output],
    },
  );
  children.push(child);
  for (let waited = 0; waited < 120_000; waited += 200) {
    if (child.exitCode !== null) {
      throw new Error(
        `${name} exited (${child.exitCode}):\n${readFileSync(logPath, 'utf8').slice(-3000)}`,
      );
    }
    const url = listeningUrl(readFileSync(logPath, 'utf8'));
    if (url) return { url: url.replace('localhost', '127.0.0.1'), pid: child.pid! };
    await sleep(200);
  }
  throw new Error(`${name} did not listen within 120 s (log: ${logPath})`);
}

function stopAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    process.exit(1);
  });
}

/** Resident memory (VmRSS) of a process, in MB. */
const residentMegabytes = (pid: number) => residentBytes(pid) / 1024 / 1024;

const benchEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  ALLOW_UNSIGNED_SUBGRAPH_REQUESTS: 'true',
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: '100000000',
  PORT: '0',
  UNITS_PORT: '0',
  ASSOCIATIONS_PORT: '0',
  PERSONNEL_PORT: '0',
  PROCEDURES_PORT: '0',
  NO_COLOR: '1',
};

await ensureDatabase(databaseUrl);
const startedAt = performance.now();
say('starting the graph (pnpm start on Postgres)');
const graph = await spawnUntil(
  'scripts/start.ts',
  benchEnv,
  {
    subgraph: /(units|associations|personnel|procedures) ready at (http\S+)/,
    subgraphPid: /starting (?:units|associations|personnel|procedures) \(pid (\d+)\)/,
    ready: /Graph ready at (\S+) \(([^)]*)\)/,
  },
  'ready',
);
say(
  `graph ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (${graph.found.ready![1]})`,
);
const subgraphEnv: NodeJS.ProcessEnv = {};
const subgraphMatches = graph.found.subgraph!;
for (let index = 0; index < subgraphMatches.length; index += 2) {
  subgraphEnv[`${subgraphMatches[index]!.toUpperCase()}_SUBGRAPH_URL`] = subgraphMatches[index + 1];
}

const subgraphPids = (graph.found.subgraphPid ?? []).map(Number);

/**
 * Waits until the subgraphs are idle again (each under 10% of a core for half a second, at most
 * 60 s): a run's requests that the gateway sent but the client gave up on at the end of its
 * duration (a Q3 backlog) must not be charged to the next run.
 */
async function settle() {
  for (let waited = 0; waited < 60_000; waited += 500) {
    const before = subgraphPids.map(cpuMilliseconds);
    await sleep(500);
    const busiest = Math.max(
      ...subgraphPids.map((pid, index) => cpuMilliseconds(pid) - before[index]!),
    );
    if (busiest < 50) return;
  }
}

const gateways = new Map<Variant, { url: string; pid: number }>();
const gatewayEntries: [Variant, string, NodeJS.ProcessEnv][] = [
  ['cached', 'gateway/src/main.ts', {}],
  ['uncached', 'gateway/src/main.ts', { RESPONSE_CACHE: 'off' }],
  ['plain', 'gateway/src/main.ts', { RESPONSE_CACHE: 'off', DEDUPLICATE_REQUESTS: 'off' }],
  ['apollo', 'gateway/src/bench/apolloGateway.ts', {}],
  ['hive', 'gateway/src/bench/hiveGateway.ts', {}],
];
const spawned = await Promise.all(
  gatewayEntries
    .filter(([variant]) => variants.includes(variant))
    .map(async ([variant, entry, env]) => {
      const gateway = await spawnGateway(variant, entry, { ...benchEnv, ...subgraphEnv, ...env });
      say(`${variant} gateway at ${gateway.url} (pid ${gateway.pid})`);
      return [variant, gateway] as const;
    }),
);
for (const [variant, gateway] of spawned) gateways.set(variant, gateway);
say(`gateway logs in ${logFolder}`);

// Every variant must give a good answer to every query before it is measured; the body of its
// first answer is what every later answer must be.
const expected = new Map<string, string>();
for (const [variant, { url }] of gateways) {
  for (const name of queries) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(queryTexts[name]),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors?: unknown };
    if (response.status !== 200 || body.errors) {
      throw new Error(`${variant} answers ${name} with ${response.status}: ${text.slice(0, 500)}`);
    }
    expected.set(`${variant} ${name}`, text);
  }
}
const idleMemory = new Map(
  [...gateways].map(([variant, { pid }]) => [variant, residentMegabytes(pid)]),
);
const peakMemory = new Map(idleMemory);

interface Run {
  rps: number;
  /** Answers that were not good: HTTP errors, other bodies, connection errors, timeouts. */
  bad: number;
  p50: number;
  p99: number;
  cpuPerAnswer: number;
}
const runs = new Map<string, Run[]>();
const loads: number[][] = [];
const order = [...gateways.keys()];
for (let round = 0; round < rounds; round += 1) {
  const rotated = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
  for (const name of queries) {
    for (const connections of concurrencies) {
      for (const variant of rotated) {
        const { url, pid } = gateways.get(variant)!;
        await settle();
        const cpuBefore = cpuMilliseconds(pid);
        const sampler = setInterval(() => {
          peakMemory.set(variant, Math.max(peakMemory.get(variant)!, residentMegabytes(pid)));
        }, 250);
        const result = await loadQuery(url, name, {
          connections,
          duration,
          expectBody: expected.get(`${variant} ${name}`),
        });
        clearInterval(sampler);
        const good = Math.max(0, result.requests.total - result.non2xx - result.mismatches);
        const key = `${name} ${connections} ${variant}`;
        runs.set(key, [
          ...(runs.get(key) ?? []),
          {
            rps: good / result.duration,
            bad: result.non2xx + result.mismatches + result.errors + result.timeouts,
            p50: result.latency.p50,
            p99: result.latency.p99,
            cpuPerAnswer: good > 0 ? (cpuMilliseconds(pid) - cpuBefore) / good : Number.NaN,
          },
        ]);
      }
    }
  }
  loads.push(loadavg());
  say(
    `round ${round + 1}/${rounds} done; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
console.log(
  `\nMedians of ${rounds} alternating round(s), ${duration} s per run, anonymous callers (good answers/s; latency ms; gateway CPU ms per good answer; bad answers per run)`,
);
console.log(
  `${'query'.padEnd(6)}${pad('conc', 5)} ${'variant'.padEnd(9)}${pad('rps', 9)}${pad('p50', 8)}${pad('p99', 8)}${pad('cpu/ans', 9)}${pad('bad', 6)}${pad('×hive', 8)}${pad('×plain', 8)}`,
);
for (const name of queries) {
  for (const connections of concurrencies) {
    const medianOf = (variant: Variant, field: keyof Run) => {
      const values = runs.get(`${name} ${connections} ${variant}`)?.map((run) => run[field]);
      return values && values.length > 0 ? median(values) : Number.NaN;
    };
    for (const variant of order) {
      const rps = medianOf(variant, 'rps');
      const ratio = (other: Variant) => {
        const value = rps / medianOf(other, 'rps');
        return gateways.has(other) && Number.isFinite(value) ? value.toFixed(2) : '-';
      };
      console.log(
        `${name.padEnd(6)}${pad(connections, 5)} ${variant.padEnd(9)}${pad(rps.toFixed(1), 9)}${pad(medianOf(variant, 'p50').toFixed(0), 8)}${pad(medianOf(variant, 'p99').toFixed(0), 8)}${pad(medianOf(variant, 'cpuPerAnswer').toFixed(2), 9)}${pad(medianOf(variant, 'bad').toFixed(0), 6)}${pad(ratio('hive'), 8)}${pad(ratio('plain'), 8)}`,
      );
    }
  }
}
console.log('\nGateway memory (resident MB): idle after the first answers, peak under load');
for (const variant of order) {
  console.log(
    `${variant.padEnd(9)}${pad(idleMemory.get(variant)!.toFixed(0), 7)}${pad(peakMemory.get(variant)!.toFixed(0), 7)}`,
  );
}
console.log(
  `\nLoad average (1, 5, 15 min) after each round: ${loads
    .map((load) => load.map((value) => value.toFixed(2)).join(' '))
    .join(' | ')}`,
);
stopAll();
process.exit(0);

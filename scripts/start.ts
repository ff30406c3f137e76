/**
 * `pnpm start`: runs the whole graph on this machine. Each subgraph is its own process on
 * embedded Postgres (PGlite, one data folder each under DATA_DIR) or on DATABASE_URL, then the
 * gateway; prints `Graph ready at ...` once every subgraph is ready and the gateway healthy, and
 * stops them all, gateway first, on SIGINT or SIGTERM. If any process dies, it stops the rest and
 * exits 1 with that process's last log lines.
 *
 * Environment (docs/gateway.md): PORT (gateway, default 4000), HOST, <NAME>_PORT (a subgraph's
 * port, default its own: units 4001), DATA_DIR (default <repo>/.data),
 * DATABASE_URL or <NAME>_DATABASE_URL, START_TIMEOUT_MS (default 180000), LOG_LEVEL.
 * A port of 0 picks a free one; the real port is read from the process's "listening" log line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// Only the configuration rules: this module loads no database driver, so start-up stays quick.
import { databaseConfigFromEnv, dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';

const startedAt = performance.now();
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);
const timeoutMilliseconds = Number(process.env.START_TIMEOUT_MS ?? 180_000);
// Children load TypeScript through tsx's loader directly (no tsx CLI process in between), so the
// pid we signal is the service itself.
const tsxLoader = import.meta.resolve('tsx');
// Every folder under subgraphs/ with a src/main.ts is a subgraph to run. Found on disk rather than
// imported from the gateway's list, which would load every subgraph's code first (about 1 s).
const subgraphNames = readdirSync(`${repoRoot}subgraphs`)
  .filter((name) => existsSync(`${repoRoot}subgraphs/${name}/src/main.ts`))
  .sort();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

interface Service {
  name: string;
  process: ChildProcess;
  /** The GraphQL URL from the service's "listening" log line. */
  url: Promise<string>;
  /** Settles when the process exits, with its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  exitCode: number | null | undefined;
  lastLines: string[];
}

const services: Service[] = [];
const width = Math.max(...['gateway', ...subgraphNames].map((name) => name.length));
const colors = [36, 35, 33, 32, 34, 91];
let stopping = false;

function say(message: string) {
  console.log(`${paint(1, '▸')} ${message}`);
}

const levels: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: paint(33, 'warn'),
  50: paint(31, 'error'),
  60: paint(31, 'fatal'),
};

/** Turns one pino JSON line into `12:00:01 info  message key=value`; other lines pass as they are. */
function formatLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, msg, pid, hostname, service, err, ...rest } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const fields = Object.entries(rest).map(([key, value]) => {
    const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
    return `${paint(2, `${key}=`)}${text}`;
  });
  const error = err as { stack?: string; message?: string } | undefined;
  const stack = error ? `\n${error.stack ?? error.message ?? JSON.stringify(error)}` : '';
  return (
    [paint(2, clock), levels[Number(level)] ?? String(level), msg, ...fields].join(' ') + stack
  );
}

function launch(name: string, entry: string, env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, ['--import', tsxLoader, entry], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = paint(colors[services.length % colors.length] ?? 0, `${name.padEnd(width)} │`);
  const lastLines: string[] = [];
  let announce: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    announce = resolve;
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.includes('"msg":"listening"')) {
        const listening = (JSON.parse(line) as { url?: string }).url;
        if (listening) announce(listening);
      }
      for (const formatted of formatLine(line).split('\n')) {
        lastLines.push(formatted);
        if (lastLines.length > 25) lastLines.shift();
        console.log(`${prefix} ${formatted}`);
      }
    });
  }
  const service: Service = {
    name,
    process: child,
    url,
    exitCode: undefined,
    lastLines,
    exited: new Promise((resolve) => {
      // 'close', not 'exit': it comes after the last output lines have been read.
      child.on('close', (code) => {
        service.exitCode = code;
        resolve(code);
      });
    }),
  };
  services.push(service);
  service.exited.then((code) => {
    if (!stopping) void fail(`${name} exited with code ${code ?? 'null (killed)'}`, service);
  });
  return service;
}

/** Stops the gateway, then the subgraphs (so in-flight queries can finish), each by SIGTERM. */
async function stopAll(): Promise<boolean> {
  stopping = true;
  const gateway = services.filter((service) => service.name === 'gateway');
  const others = services.filter((service) => service.name !== 'gateway');
  let clean = true;
  for (const group of [gateway, others]) {
    const running = group.filter((service) => service.exitCode === undefined);
    for (const service of running) service.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const service of running) service.process.kill('SIGKILL');
    }, 20_000);
    const codes = await Promise.all(running.map((service) => service.exited));
    clearTimeout(killer);
    if (codes.some((code) => code !== 0)) clean = false;
  }
  return clean;
}

async function fail(reason: string, culprit?: Service): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  console.error(paint(31, `✗ ${reason}; stopping the graph.`));
  if (culprit && culprit.lastLines.length > 0) {
    console.error(`Last lines of ${culprit.name}:`);
    for (const line of culprit.lastLines) console.error(`  ${line}`);
  }
  await stopAll();
  process.exit(1);
}

function seconds(since: number) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Polls `path` next to the service's GraphQL URL until it answers 200. */
/** A port that is free on `host` right now. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilAnswering(service: Service, path: '/ready' | '/health', deadline: number) {
  const url = new URL(path, await service.url);
  let reason = 'starting';
  let nextProgress = performance.now() + 3000;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      reason = ((await response.json()) as { reason?: string }).reason ?? `HTTP ${response.status}`;
    } catch {
      // Listening but silent: the first start imports data, which keeps the process busy.
      reason = 'busy, e.g. importing data on a first start';
    }
    if (performance.now() >= nextProgress) {
      say(`waiting for ${service.name} (${reason}, ${seconds(startedAt)} so far)`);
      nextProgress += 5000;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return fail(`${service.name} was not ready after ${timeoutMilliseconds / 1000} s`, service);
}

// Whatever ends this process (a crash included), its children must not outlive it: a subgraph
// left running keeps its port and its PGlite folder locked.
process.on('exit', () => {
  for (const service of services) {
    if (service.exitCode === undefined) service.process.kill('SIGTERM');
  }
});
// Output to a closed terminal or pipe must not crash the supervisor before it has stopped the rest.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let interrupts = 0;
// SIGHUP: the terminal was closed.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) {
      for (const service of services) service.process.kill('SIGKILL');
      process.exit(1);
    }
    say(`${signal}: stopping the graph`);
    void stopAll().then((clean) => {
      const codes = services.map((service) => `${service.name} ${service.exitCode}`).join(', ');
      say(clean ? 'stopped' : `stopped, not all cleanly (exit codes: ${codes})`);
      process.exit(clean ? 0 : 1);
    });
  });
}

const deadline = performance.now() + timeoutMilliseconds;
// The subgraphs are told the gateway's address (GRAPH_URL) before it listens, so a port of 0 is
// resolved to a free one here rather than by the gateway.
const gatewayHost = process.env.HOST ?? '127.0.0.1';
const gatewayPort =
  process.env.PORT === '0' ? String(await freePort(gatewayHost)) : (process.env.PORT ?? '4000');
const graphUrl =
  process.env.GRAPH_URL ??
  `http://${gatewayHost.includes(':') ? `[${gatewayHost}]` : gatewayHost}:${gatewayPort}/graphql`;
const started = subgraphNames.map((name) => {
  // Without <NAME>_PORT the subgraph listens on its own default port (units: 4001).
  const port = process.env[`${name.toUpperCase()}_PORT`];
  const { dataDir } = databaseConfigFromEnv(name, process.env, dataRoot);
  say(
    `starting ${name}${port ? ` on port ${port}` : ''} with ${dataDir ? `PGlite in ${dataDir}` : 'Postgres'}`,
  );
  const { PORT: _gatewayPort, ...env } = process.env;
  return launch(name, `subgraphs/${name}/src/main.ts`, {
    ...env,
    ...(port ? { PORT: port } : {}),
    // Every process keeps its PGlite data in its own folder under it: <DATA_DIR>/<name>.
    DATA_DIR: dataRoot,
    // Agency subgraphs read the unit directory from the public graph (shared/unit-directory); they
    // wait for it, since the gateway starts only once every subgraph listens.
    GRAPH_URL: graphUrl,
  });
});

// The gateway needs only the subgraphs' URLs, not their data, so it starts while they import.
const subgraphUrls = await Promise.all(started.map((service) => service.url));
const gateway = launch('gateway', 'gateway/src/main.ts', {
  ...process.env,
  PORT: gatewayPort,
  // The gateway's data and the development keys the subgraphs verify its signature with.
  DATA_DIR: dataRoot,
  ...Object.fromEntries(
    started.map((service, index) => [
      `${service.name.toUpperCase()}_SUBGRAPH_URL`,
      subgraphUrls[index],
    ]),
  ),
});

await Promise.all(
  started.map(async (service) => {
    await waitUntilAnswering(service, '/ready', deadline);
    say(`${service.name} ready at ${await service.url} (${seconds(startedAt)})`);
  }),
);
await waitUntilAnswering(gateway, '/health', deadline);
const url = new URL(await gateway.url);
if (['127.0.0.1', '[::1]', '0.0.0.0', '[::]'].includes(url.hostname)) url.hostname = 'localhost';
console.log(paint(32, `Graph ready at ${url.href} (cold start ${seconds(startedAt)})`));
